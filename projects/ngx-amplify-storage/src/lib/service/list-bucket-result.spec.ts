import { parseListBucketResult } from './list-bucket-result';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('parseListBucketResult', () => {
  it('reads objects, folders and the next token of a truncated page, entities and spaces kept', () => {
    const page = parseListBucketResult(
      `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult ${NS}><Name>b</Name><Prefix>public/</Prefix><KeyCount>3</KeyCount>
<MaxKeys>2</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
<Contents><Key>public/a &amp; b &lt;c&gt;.txt </Key><LastModified>2026-12-02T10:15:30.123Z</LastModified>
<ETag>&quot;0cc175b9c0f1b6a831c399e269772661&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>public/line&#13;break é</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified>
<ETag>"9e107d9d372bb6826bd81d3542a419d6-2"</ETag><Size>10485760</Size></Contents>
<CommonPrefixes><Prefix>public/folder one/</Prefix></CommonPrefixes>
<NextContinuationToken>1/ab+c==</NextContinuationToken></ListBucketResult>`,
    );
    expect(page.objects).toEqual([
      {
        key: 'public/a & b <c>.txt ',
        size: 1,
        eTag: '"0cc175b9c0f1b6a831c399e269772661"',
        lastModified: new Date(Date.UTC(2026, 11, 2, 10, 15, 30, 123)),
      },
      {
        key: 'public/line\rbreak é',
        size: 10485760,
        eTag: '"9e107d9d372bb6826bd81d3542a419d6-2"',
        lastModified: new Date(Date.UTC(2026, 11, 1)),
      },
    ]);
    expect(page.prefixes).toEqual(['public/folder one/']);
    expect(page.nextContinuationToken).toBe('1/ab+c==');
  });

  it('gives no next token for the last page, even when the server sends one', () => {
    const page = parseListBucketResult(
      `<ListBucketResult ${NS}><IsTruncated>false</IsTruncated><NextContinuationToken>x</NextContinuationToken></ListBucketResult>`,
    );
    expect(page).toEqual({ objects: [], prefixes: [], nextContinuationToken: undefined });
  });

  it('names what came back when the answer is not a ListBucketResult', () => {
    for (const body of ['<html><body>Sign in</body></html>', 'not xml at all', '']) {
      expect(() => parseListBucketResult(body)).toThrowMatching(
        (error: Error) =>
          error.name === 'InvalidListResponse' &&
          error.message.includes("not S3's ListBucketResult XML") &&
          error.message.includes(JSON.stringify(body.slice(0, 80))),
      );
    }
  });

  it('fails a listing cut short rather than returning the keys before the cut', () => {
    const cut = `<ListBucketResult ${NS}><IsTruncated>false</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents><Contents><Key>b</Ke`;
    expect(() => parseListBucketResult(cut)).toThrowMatching(
      (error: Error) => error.name === 'InvalidListResponse' && /malformed/.test(error.message),
    );
  });
});
