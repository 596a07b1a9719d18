// The full-object checksum of a multipart object, combined from its parts' checksums, against the
// checksum of the whole object computed by the AWS SDK's own CRCs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { ALGORITHMS } from './s3/checksums.mjs';
import { combineChecksums, isCombinable } from './s3/crc-combine.mjs';

async function checksum(algorithm, bytes) {
  const hasher = ALGORITHMS[algorithm].create();
  hasher.update(bytes);
  return Buffer.from(await hasher.digest()).toString('base64');
}

for (const algorithm of ['crc32', 'crc32c', 'crc64nvme']) {
  test(`${algorithm}: parts combined equal the whole object's checksum`, async () => {
    // Sizes around the edges: empty, one byte, odd lengths, a part past 2^16 bytes.
    const sizes = [0, 1, 7, 8, 1000, 70_001, 3, 0, 65_536];
    const parts = sizes.map((size) => randomBytes(size));
    const pieces = await Promise.all(
      parts.map(async (bytes) => ({ value: await checksum(algorithm, bytes), size: bytes.length })),
    );
    for (let n = 1; n <= parts.length; n++)
      assert.equal(
        combineChecksums(algorithm, pieces.slice(0, n)),
        await checksum(algorithm, Buffer.concat(parts.slice(0, n))),
        `first ${n} parts`,
      );
  });
}

test('SHA checksums are not combinable (S3 makes them composite only)', () => {
  assert.equal(isCombinable('crc64nvme'), true);
  assert.equal(isCombinable('sha256'), false);
  assert.throws(() => combineChecksums('sha1', [{ value: 'AAAA', size: 1 }]));
});
