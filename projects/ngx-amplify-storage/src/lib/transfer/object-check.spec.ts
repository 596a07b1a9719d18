import { md5Hex, multipartETag } from './md5';
import { holdsBody, mayHaveSucceeded, sameETag } from './object-check';

describe('object checks after an unanswered request', () => {
  it("computes S3's multipart ETag from the part ETags", () => {
    // md5('part one'), md5('part two'); the result is md5 of their 32 bytes, as Node computes it.
    const parts = ['"3303e12af474ca11d85ed2966a932992"', '"3ea4e15b91a17dc76052c56cfcdf67a2"'];
    expect(multipartETag(parts)).toBe('"0732917abc3288784e318ac0aab1757a-2"');
    expect(multipartETag(['"not-an-md5"']))
      .withContext('SSE-KMS part ETags prove nothing')
      .toBeUndefined();
    expect(multipartETag([])).toBeUndefined();
  });

  it('hashes a Blob in slices as S3 hashes a single PUT', async () => {
    const body = new Blob([new Uint8Array(20 * 1024 * 1024).fill(7)]);
    expect(await md5Hex(body)).toBe('e4e70e33a2f8bf1ea969db2c53dffd4a');
    expect(await md5Hex(new TextEncoder().encode('part one'))).toBe(
      '3303e12af474ca11d85ed2966a932992',
    );
  });

  it('compares ETags with or without quotes, and never matches a missing one', () => {
    expect(sameETag('"ABC"', 'abc')).toBeTrue();
    expect(sameETag(undefined, undefined)).toBeFalse();
    expect(sameETag('"a"', '"b"')).toBeFalse();
  });

  it('confirms a body only by size and an exact ETag', async () => {
    const body = new TextEncoder().encode('part one');
    const md5 = '"3303e12af474ca11d85ed2966a932992"';
    expect(await holdsBody({ eTag: md5, size: 8, contentType: undefined }, body)).toBeTrue();
    expect(await holdsBody({ eTag: md5, size: 9, contentType: undefined }, body))
      .withContext('size')
      .toBeFalse();
    expect(
      await holdsBody(
        { eTag: '"3303e12af474ca11d85ed2966a932993"', size: 8, contentType: undefined },
        body,
      ),
    ).toBeFalse();
    expect(
      await holdsBody({ eTag: '"abc-2"', size: 8, contentType: undefined }, body, '"abc-2"'),
    ).toBeTrue();
    expect(
      await holdsBody({ eTag: '"abd-2"', size: 8, contentType: undefined }, body, '"abc-2"'),
    ).toBeFalse();
    expect(await holdsBody({ eTag: undefined, size: 8, contentType: undefined }, body)).toBeFalse();
  });

  it('treats only unanswered requests and 5xx but 503 as possibly done', () => {
    const status = (httpStatusCode: number, name = 'X') => ({
      name,
      $metadata: { httpStatusCode },
    });
    expect(mayHaveSucceeded(new TypeError('Failed to fetch'))).toBeTrue();
    expect(mayHaveSucceeded(status(500))).toBeTrue();
    expect(mayHaveSucceeded(status(502))).toBeTrue();
    expect(mayHaveSucceeded(status(503, 'SlowDown')))
      .withContext('turned away before any work')
      .toBeFalse();
    expect(mayHaveSucceeded({ name: 'TimeoutError' })).toBeTrue();
    expect(mayHaveSucceeded(status(403, 'AccessDenied'))).toBeFalse();
    expect(mayHaveSucceeded(status(404, 'NoSuchUpload'))).toBeFalse();
    expect(mayHaveSucceeded(status(404, 'NoSuchUpload'), ['NoSuchUpload'])).toBeTrue();
    expect(mayHaveSucceeded({ name: 'AbortError' })).toBeFalse();
  });
});
