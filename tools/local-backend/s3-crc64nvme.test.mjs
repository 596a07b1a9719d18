// The local S3's CRC64NVME against the AWS SDK's own, over lengths and chunkings that reach every
// branch: shorter than a step, a step and a byte, unaligned views, many updates.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import { Crc64Nvme } from './s3/crc64nvme.mjs';

async function both(chunks) {
  const ours = new Crc64Nvme();
  const sdk = new Crc64NvmeJs();
  for (const chunk of chunks) {
    ours.update(chunk);
    sdk.update(chunk);
  }
  return [
    Buffer.from(await ours.digest()).toString('hex'),
    Buffer.from(await sdk.digest()).toString('hex'),
  ];
}

test('CRC64NVME: the same as the SDK for every length up to 100 bytes, from unaligned views', async () => {
  const bytes = randomBytes(200);
  for (let length = 0; length <= 100; length++)
    for (const offset of [0, 1, 3]) {
      const [ours, sdk] = await both([bytes.subarray(offset, offset + length)]);
      assert.equal(ours, sdk, `length ${length}, offset ${offset}`);
    }
});

test('CRC64NVME: the same as the SDK over a body fed in uneven chunks, and known values', async () => {
  const body = randomBytes(1_000_003);
  const chunks = [];
  for (let at = 0, size = 1; at < body.length; at += size, size = (size * 7 + 3) % 70_001)
    chunks.push(body.subarray(at, at + size));
  const [ours, sdk] = await both(chunks);
  assert.equal(ours, sdk);
  // The empty string, and "123456789" (the CRC catalogue's check value of CRC-64/NVME).
  assert.deepEqual(await both([]), ['0000000000000000', '0000000000000000']);
  assert.equal((await both([Buffer.from('123456789')]))[0], 'ae8b14860a799888');
});
