import { InMemoryBucket, compareKeys } from './in-memory-bucket';

const bytes = (text: string) => new TextEncoder().encode(text);
const headers = { contentType: 'text/plain', metadata: {} };

describe('InMemoryBucket', () => {
  it('lists in key order, page by page, with a token that continues after the last key', () => {
    const bucket = new InMemoryBucket();
    for (const key of ['p/c', 'p/a', 'p/b', 'q/a']) bucket.put(key, bytes(key), headers);
    const first = bucket.list('p/', 2);
    expect(first.objects.map((o) => o.key)).toEqual(['p/a', 'p/b']);
    expect(first.nextToken).toBe('p/b');
    const second = bucket.list('p/', 2, first.nextToken);
    expect(second.objects.map((o) => o.key)).toEqual(['p/c']);
    expect(second.nextToken).toBeUndefined();
  });

  it('folds deeper keys into folders with a delimiter', () => {
    const bucket = new InMemoryBucket();
    for (const key of ['p/a', 'p/x/1', 'p/x/2', 'p/y/1']) bucket.put(key, bytes(key), headers);
    const page = bucket.list('p/', 1000, undefined, '/');
    expect(page.objects.map((o) => o.key)).toEqual(['p/a']);
    expect(page.folders).toEqual(['p/x/', 'p/y/']);
  });

  it('changes the ETag on every write', () => {
    const bucket = new InMemoryBucket();
    const first = bucket.put('k', bytes('same'), headers).eTag;
    expect(bucket.put('k', bytes('same'), headers).eTag).not.toBe(first);
  });

  it('joins multipart parts in the listed order, and refuses a wrong part list', () => {
    const bucket = new InMemoryBucket();
    const id = bucket.createUpload('big', headers);
    const a = bucket.putPart(id, 'big', 1, bytes('ab'))!;
    const b = bucket.putPart(id, 'big', 2, bytes('cd'))!;
    expect(bucket.completeUpload(id, 'big', [{ partNumber: 1, eTag: b }])).toBe('InvalidPart');
    const done = bucket.completeUpload(id, 'big', [
      { partNumber: 1, eTag: a },
      { partNumber: 2, eTag: b },
    ]);
    expect(typeof done === 'object' && new TextDecoder().decode(done.body)).toBe('abcd');
    expect(bucket.openUploads()).toBe(0);
    expect(bucket.completeUpload(id, 'big', [])).toBe('NoSuchUpload');
    expect(bucket.putPart('nope', 'big', 1, bytes('x'))).toBeUndefined();
  });

  it('orders keys by code point, as S3 orders UTF-8 bytes', () => {
    // '\uffff' sorts before an astral character in UTF-8, though not in UTF-16 code units.
    expect(['𝄞', '\uffff', 'a'].sort(compareKeys)).toEqual(['a', '\uffff', '𝄞']);
  });
});
