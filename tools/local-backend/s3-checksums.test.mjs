// Content-MD5 and x-amz-checksum-* on the S3 layer itself: verified on PutObject and UploadPart,
// as headers and as HTTP trailers (the shape the gateway forwards aws-chunked bodies in),
// refused with BadDigest and nothing stored on a mismatch, and returned as S3 returns them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { md5Base64, md5Hex, startS3Layer } from './s3/testing.mjs';
import { declaredChecksum, isChecksumValue } from './s3/checksums.mjs';

let layer;
let bucket;
before(async () => {
  layer = await startS3Layer();
  bucket = layer.bucket;
});
after(() => layer.close());

const BODY = Buffer.from('The quick brown fox jumps over the lazy dog');
const OTHER = Buffer.from('something else entirely');
const digestOf = async (Checksum, data) => {
  const checksum = new Checksum();
  checksum.update(data);
  return Buffer.from(await checksum.digest()).toString('base64');
};
const crc32 = (data) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(zlib.crc32(data));
  return bytes.toString('base64');
};
const CHECKSUMS = {
  crc32: async (data) => crc32(data),
  crc32c: (data) => digestOf(Crc32c, data),
  crc64nvme: (data) => digestOf(Crc64Nvme, data),
  sha1: async (data) => createHash('sha1').update(data).digest('base64'),
  sha256: async (data) => createHash('sha256').update(data).digest('base64'),
};

let keyCount = 0;
const newKey = () => `public/sum-${++keyCount}.txt`;
const objectPath = (key) => `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

async function assertAbsent(key) {
  const head = await layer.raw({ method: 'HEAD', path: objectPath(key) });
  assert.equal(head.status, 404, `${key} must not have been stored`);
}

test('declared checksums: one algorithm, valid values', () => {
  assert.deepEqual(declaredChecksum({ 'x-amz-checksum-crc32': 'AAAAAA==' }), {
    algorithm: 'crc32',
    value: 'AAAAAA==',
    trailer: false,
  });
  assert.deepEqual(declaredChecksum({ 'x-amz-trailer': 'x-amz-checksum-sha256' }), {
    algorithm: 'sha256',
    value: undefined,
    trailer: true,
  });
  assert.throws(
    () => declaredChecksum({ 'x-amz-checksum-crc32': 'AAAAAA==', 'x-amz-checksum-sha1': 'x' }),
    { code: 'InvalidRequest' },
  );
  assert.throws(() => declaredChecksum({ 'x-amz-checksum-crc32': 'AAAA' }), {
    code: 'InvalidRequest',
  });
  assert.throws(() => declaredChecksum({ 'x-amz-trailer': 'x-amz-checksum-md5' }), {
    code: 'InvalidRequest',
  });
  assert.throws(
    () =>
      declaredChecksum({ 'x-amz-checksum-algorithm': 'SHA1', 'x-amz-checksum-crc32': 'AAAAAA==' }),
    { code: 'InvalidRequest' },
  );
  assert.ok(isChecksumValue('crc64nvme', 'AAAAAAAAAAA='));
  assert.ok(!isChecksumValue('crc64nvme', 'AAAAAA=='));
});

test('PutObject verifies and returns every checksum algorithm given as a header', async () => {
  for (const [algorithm, compute] of Object.entries(CHECKSUMS)) {
    const key = newKey();
    const header = `x-amz-checksum-${algorithm}`;
    const wrong = await layer.raw({
      method: 'PUT',
      path: objectPath(key),
      body: BODY,
      headers: { [header]: await compute(OTHER) },
    });
    assert.deepEqual([wrong.status, wrong.code], [400, 'BadDigest'], `${algorithm}: ${wrong.body}`);
    await assertAbsent(key);
    const value = await compute(BODY);
    const put = await layer.raw({
      method: 'PUT',
      path: objectPath(key),
      body: BODY,
      headers: { [header]: value },
    });
    assert.equal(put.status, 200, put.body);
    assert.deepEqual(
      [put.headers[header], put.headers['x-amz-checksum-type']],
      [value, 'FULL_OBJECT'],
    );
    const get = await layer.raw({
      path: objectPath(key),
      headers: { 'x-amz-checksum-mode': 'ENABLED' },
    });
    assert.deepEqual(
      [get.body, get.headers[header], get.headers['x-amz-checksum-type']],
      [BODY.toString(), value, 'FULL_OBJECT'],
    );
    const plainGet = await layer.raw({ path: objectPath(key) });
    assert.equal(
      plainGet.headers[header],
      undefined,
      'checksums only with x-amz-checksum-mode: ENABLED',
    );
    const ranged = await layer.raw({
      path: objectPath(key),
      headers: { 'x-amz-checksum-mode': 'ENABLED', range: 'bytes=0-3' },
    });
    assert.deepEqual(
      [ranged.status, ranged.headers[header]],
      [206, undefined],
      'no whole-object checksum on a range',
    );
  }
});

test('a wrong checksum never replaces the stored object', async () => {
  const key = newKey();
  await layer.raw({ method: 'PUT', path: objectPath(key), body: BODY });
  const wrong = await layer.raw({
    method: 'PUT',
    path: objectPath(key),
    body: OTHER,
    headers: { 'content-md5': md5Base64(BODY) },
  });
  assert.equal(wrong.code, 'BadDigest');
  assert.equal((await layer.raw({ path: objectPath(key) })).body, BODY.toString());
});

test('Content-MD5 is verified: BadDigest on a mismatch, InvalidDigest when malformed', async () => {
  const key = newKey();
  const wrong = await layer.raw({
    method: 'PUT',
    path: objectPath(key),
    body: BODY,
    headers: { 'content-md5': md5Base64(OTHER) },
  });
  assert.deepEqual([wrong.status, wrong.code], [400, 'BadDigest']);
  const malformed = await layer.raw({
    method: 'PUT',
    path: objectPath(key),
    body: BODY,
    headers: { 'content-md5': 'abc' },
  });
  assert.deepEqual([malformed.status, malformed.code], [400, 'InvalidDigest']);
  await assertAbsent(key);
  const put = await layer.raw({
    method: 'PUT',
    path: objectPath(key),
    body: BODY,
    headers: { 'content-md5': md5Base64(BODY) },
  });
  assert.deepEqual([put.status, put.headers.etag], [200, `"${md5Hex(BODY)}"`]);
});

test('two checksums, or a malformed one, are refused', async () => {
  const key = newKey();
  const two = await layer.raw({
    method: 'PUT',
    path: objectPath(key),
    body: BODY,
    headers: {
      'x-amz-checksum-crc32': crc32(BODY),
      'x-amz-checksum-sha1': await CHECKSUMS.sha1(BODY),
    },
  });
  assert.deepEqual([two.status, two.code], [400, 'InvalidRequest']);
  const malformed = await layer.raw({
    method: 'PUT',
    path: objectPath(key),
    body: BODY,
    headers: { 'x-amz-checksum-crc32': 'nope' },
  });
  assert.deepEqual([malformed.status, malformed.code], [400, 'InvalidRequest']);
  await assertAbsent(key);
});

// The contract's trailer shape: chunked body, x-amz-trailer, x-amz-decoded-content-length, trailer.
const trailerRequest = (requestPath, body, trailers, decodedLength = body.length) =>
  layer.raw({
    method: 'PUT',
    path: requestPath,
    headers: {
      'transfer-encoding': 'chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': String(decodedLength),
    },
    chunks: [body.subarray(0, 10), body.subarray(10)],
    trailers,
  });

test('PutObject verifies a trailing checksum', async () => {
  const key = newKey();
  const wrong = await trailerRequest(objectPath(key), BODY, {
    'x-amz-checksum-crc32': crc32(OTHER),
  });
  assert.deepEqual([wrong.status, wrong.code], [400, 'BadDigest']);
  const missing = await trailerRequest(objectPath(key), BODY, undefined);
  assert.deepEqual([missing.status, missing.code], [400, 'IncompleteBody']);
  const short = await trailerRequest(
    objectPath(key),
    BODY,
    { 'x-amz-checksum-crc32': crc32(BODY) },
    BODY.length + 1,
  );
  assert.deepEqual([short.status, short.code], [400, 'IncompleteBody']);
  await assertAbsent(key);
  const put = await trailerRequest(objectPath(key), BODY, { 'x-amz-checksum-crc32': crc32(BODY) });
  assert.deepEqual([put.status, put.headers['x-amz-checksum-crc32']], [200, crc32(BODY)]);
  const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  assert.deepEqual(
    [await got.Body.transformToString(), got.ChecksumCRC32],
    [BODY.toString(), crc32(BODY)],
  );
});

test('UploadPart verifies checksums as headers and trailers; failed parts are not stored', async () => {
  const Key = newKey();
  const { UploadId } = await layer.s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key, ChecksumAlgorithm: 'CRC32' }),
  );
  const partPath = (n) => `${objectPath(Key)}?partNumber=${n}&uploadId=${UploadId}`;
  const wrongHeader = await layer.raw({
    method: 'PUT',
    path: partPath(1),
    body: BODY,
    headers: { 'x-amz-checksum-crc32': crc32(OTHER) },
  });
  assert.equal(wrongHeader.code, 'BadDigest');
  const wrongTrailer = await trailerRequest(partPath(2), BODY, {
    'x-amz-checksum-crc32': crc32(OTHER),
  });
  assert.equal(wrongTrailer.code, 'BadDigest');
  const mismatchedAlgorithm = await layer.raw({
    method: 'PUT',
    path: partPath(1),
    body: BODY,
    headers: { 'x-amz-checksum-sha1': await CHECKSUMS.sha1(BODY) },
  });
  assert.equal(mismatchedAlgorithm.code, 'InvalidRequest', 'the upload was created for CRC32');
  let listed = await layer.s3.send(new ListPartsCommand({ Bucket: bucket, Key, UploadId }));
  assert.equal((listed.Parts ?? []).length, 0);
  const header = await layer.raw({
    method: 'PUT',
    path: partPath(1),
    body: BODY,
    headers: { 'x-amz-checksum-crc32': crc32(BODY) },
  });
  const trailer = await trailerRequest(partPath(2), OTHER, {
    'x-amz-checksum-crc32': crc32(OTHER),
  });
  assert.deepEqual([header.status, header.headers['x-amz-checksum-crc32']], [200, crc32(BODY)]);
  assert.deepEqual([trailer.status, trailer.headers['x-amz-checksum-crc32']], [200, crc32(OTHER)]);
  listed = await layer.s3.send(new ListPartsCommand({ Bucket: bucket, Key, UploadId }));
  assert.deepEqual(
    listed.Parts.map((p) => [p.PartNumber, p.ChecksumCRC32]),
    [
      [1, crc32(BODY)],
      [2, crc32(OTHER)],
    ],
  );
});

test('the SDK with default settings: its CRC32 is stored and its GetObject validation passes', async () => {
  const Key = newKey();
  const put = await layer.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: BODY }));
  assert.equal(put.ChecksumCRC32, crc32(BODY));
  const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  assert.deepEqual(
    [await got.Body.transformToString(), got.ChecksumCRC32, got.ChecksumType],
    [BODY.toString(), crc32(BODY), 'FULL_OBJECT'],
  );
});

test('an object stored without a checksum gets S3 default CRC64NVME', async () => {
  const key = newKey();
  const put = await layer.raw({ method: 'PUT', path: objectPath(key), body: BODY });
  const expected = await CHECKSUMS.crc64nvme(BODY);
  assert.equal(put.headers['x-amz-checksum-crc64nvme'], expected);
  const head = await layer.s3.send(
    new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }),
  );
  assert.deepEqual([head.ChecksumCRC64NVME, head.ChecksumType], [expected, 'FULL_OBJECT']);
});
