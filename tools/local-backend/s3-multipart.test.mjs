// Multipart uploads on the S3 layer itself (no gateway): S3's checks on Complete, its ETag and
// checksum forms, Abort, ListParts, UploadPartCopy, and a server that keeps serving throughout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHash } from 'node:crypto';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { md5Base64, md5Hex, patternBytes, startS3Layer } from './s3/testing.mjs';
import { selectParts } from './s3/multipart-complete.mjs';
import { uploadChecksum } from './s3/multipart.mjs';

const MiB = 1024 * 1024;
const PART_1 = patternBytes(5 * MiB, 1);
const PART_2 = patternBytes(5 * MiB, 2);
const TAIL = patternBytes(1234, 3);

let layer;
let bucket;
let keyCount = 0;
before(async () => {
  layer = await startS3Layer();
  bucket = layer.bucket;
});
after(() => layer.close());

const newKey = () => `public/mp-${++keyCount}.bin`;
const crc32Base64 = (data) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(zlib.crc32(data));
  return bytes.toString('base64');
};

async function startUpload(options = {}) {
  const Key = options.Key ?? newKey();
  const { UploadId } = await layer.s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key, ...options }),
  );
  const upload = async (PartNumber, Body, extra = {}) => {
    const out = await layer.s3.send(
      new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body, ...extra }),
    );
    return {
      PartNumber,
      ETag: out.ETag,
      ...(out.ChecksumCRC32 && { ChecksumCRC32: out.ChecksumCRC32 }),
    };
  };
  const complete = (Parts) =>
    layer.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts },
      }),
    );
  return {
    Key,
    UploadId,
    upload,
    complete,
    folder: path.join(layer.dataDir, '.local-backend', 'multipart', UploadId),
  };
}

const s3ErrorCode = (code) => (error) => {
  assert.equal(error.name, code, `${error.name}: ${error.message}`);
  return true;
};

async function assertServing() {
  const Key = newKey();
  await layer.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'alive' }));
  const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  assert.equal(await got.Body.transformToString(), 'alive');
}

test('Complete rules, as pure functions', () => {
  const stored = new Map([
    [1, { partNumber: 1, etag: 'a', size: 5 * MiB, checksums: { crc32: 'x' } }],
    [2, { partNumber: 2, etag: 'b', size: 10, checksums: {} }],
    [3, { partNumber: 3, etag: 'c', size: 10, checksums: {} }],
  ]);
  const part = (partNumber, etag, checksums = {}) => ({ partNumber, etag, checksums });
  assert.deepEqual(
    selectParts([part(1, 'a'), part(2, 'b')], stored).map((p) => p.partNumber),
    [1, 2],
  );
  assert.throws(() => selectParts([], stored), { code: 'MalformedXML' });
  assert.throws(() => selectParts([part(2, 'b'), part(1, 'a')], stored), {
    code: 'InvalidPartOrder',
  });
  assert.throws(() => selectParts([part(1, 'a'), part(1, 'a')], stored), {
    code: 'InvalidPartOrder',
  });
  assert.throws(() => selectParts([part(1, 'z')], stored), { code: 'InvalidPart' });
  assert.throws(() => selectParts([part(1, 'a', { crc32: 'y' })], stored), { code: 'InvalidPart' });
  assert.throws(() => selectParts([part(1, 'a'), part(4, 'd')], stored), { code: 'InvalidPart' });
  assert.throws(() => selectParts([part(2, 'b'), part(3, 'c')], stored), {
    code: 'EntityTooSmall',
  });
  assert.deepEqual(uploadChecksum({}), {
    algorithm: 'crc64nvme',
    type: 'FULL_OBJECT',
    requested: false,
  });
  assert.deepEqual(uploadChecksum({ 'x-amz-checksum-algorithm': 'CRC32' }), {
    algorithm: 'crc32',
    type: 'COMPOSITE',
    requested: true,
  });
  assert.throws(
    () =>
      uploadChecksum({
        'x-amz-checksum-algorithm': 'SHA256',
        'x-amz-checksum-type': 'FULL_OBJECT',
      }),
    { code: 'InvalidRequest' },
  );
  assert.throws(
    () =>
      uploadChecksum({
        'x-amz-checksum-algorithm': 'CRC64NVME',
        'x-amz-checksum-type': 'COMPOSITE',
      }),
    { code: 'InvalidRequest' },
  );
  assert.throws(() => uploadChecksum({ 'x-amz-checksum-algorithm': 'MD5' }), {
    code: 'InvalidRequest',
  });
});

test('a multipart object gets S3 ETag (MD5 of part MD5s, -N), its bytes, and ListParts lists the parts', async () => {
  const mp = await startUpload();
  assert.match(mp.UploadId, /^[A-Za-z0-9_-]{43}$/);
  const parts = [await mp.upload(1, PART_1), await mp.upload(2, PART_2), await mp.upload(3, TAIL)];
  assert.equal(parts[0].ETag, `"${md5Hex(PART_1)}"`);
  const listed = await layer.s3.send(
    new ListPartsCommand({ Bucket: bucket, Key: mp.Key, UploadId: mp.UploadId, MaxParts: 2 }),
  );
  assert.deepEqual(
    listed.Parts.map((p) => [p.PartNumber, p.ETag, p.Size]),
    [
      [1, parts[0].ETag, 5 * MiB],
      [2, parts[1].ETag, 5 * MiB],
    ],
  );
  assert.equal(listed.IsTruncated, true);
  const rest = await layer.s3.send(
    new ListPartsCommand({
      Bucket: bucket,
      Key: mp.Key,
      UploadId: mp.UploadId,
      PartNumberMarker: listed.NextPartNumberMarker,
    }),
  );
  assert.deepEqual(
    rest.Parts.map((p) => [p.PartNumber, p.Size]),
    [[3, TAIL.length]],
  );
  const done = await mp.complete(parts);
  const expected = createHash('md5')
    .update(Buffer.concat([PART_1, PART_2, TAIL].map((p) => createHash('md5').update(p).digest())))
    .digest('hex');
  assert.equal(done.ETag, `"${expected}-3"`);
  const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: mp.Key }));
  assert.equal(got.ETag, done.ETag);
  assert.ok(
    Buffer.from(await got.Body.transformToByteArray()).equals(
      Buffer.concat([PART_1, PART_2, TAIL]),
    ),
  );
  await assert.rejects(
    access(path.join(mp.folder, 'upload.json')),
    { code: 'ENOENT' },
    'parts are gone once completed',
  );
});

test('Complete refuses what S3 refuses, keeps serving, and the upload stays completable', async () => {
  const mp = await startUpload();
  const [p1, p2, p3] = [
    await mp.upload(1, PART_1),
    await mp.upload(2, TAIL),
    await mp.upload(3, TAIL),
  ];
  const wrongEtag = { ...p1, ETag: `"${md5Hex('other')}"` };
  await assert.rejects(mp.complete([wrongEtag, p3]), s3ErrorCode('InvalidPart'));
  await assert.rejects(
    mp.complete([p1, { PartNumber: 7, ETag: p1.ETag }]),
    s3ErrorCode('InvalidPart'),
    'a part never uploaded',
  );
  await assertServing();
  await assert.rejects(mp.complete([p3, p1]), s3ErrorCode('InvalidPartOrder'));
  await assert.rejects(
    mp.complete([p1, p1, p3]),
    s3ErrorCode('InvalidPartOrder'),
    'a duplicated part',
  );
  await assert.rejects(
    mp.complete([p1, p2, p3]),
    s3ErrorCode('EntityTooSmall'),
    'part 2 is not the last and under 5 MiB',
  );
  const empty = await layer.raw({
    method: 'POST',
    path: `/${bucket}/${mp.Key}?uploadId=${mp.UploadId}`,
    body: '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></CompleteMultipartUpload>',
  });
  assert.equal(empty.code, 'MalformedXML');
  const garbage = await layer.raw({
    method: 'POST',
    path: `/${bucket}/${mp.Key}?uploadId=${mp.UploadId}`,
    body: '<CompleteMultipartUpload><Part>',
  });
  assert.equal(garbage.code, 'MalformedXML');
  await assertServing();
  const done = await mp.complete([p1, p3]);
  assert.match(done.ETag, /^"[0-9a-f]{32}-2"$/);
});

test('a repeated Complete gets the same result; other part lists, aborted and unknown IDs get NoSuchUpload', async () => {
  const mp = await startUpload();
  const parts = [await mp.upload(1, PART_1), await mp.upload(2, TAIL)];
  const first = await mp.complete(parts);
  const again = await mp.complete(parts);
  assert.deepEqual([again.ETag, again.Key, again.Bucket], [first.ETag, first.Key, first.Bucket]);
  assert.equal(again.$metadata.httpStatusCode, 200);
  await assert.rejects(mp.complete([parts[0]]), s3ErrorCode('NoSuchUpload'));
  await assert.rejects(
    layer.s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: mp.Key,
        UploadId: mp.UploadId,
        PartNumber: 3,
        Body: TAIL,
      }),
    ),
    s3ErrorCode('NoSuchUpload'),
    'no parts after completion',
  );
  const aborted = await startUpload();
  const abortedPart = await aborted.upload(1, TAIL);
  await layer.s3.send(
    new AbortMultipartUploadCommand({
      Bucket: bucket,
      Key: aborted.Key,
      UploadId: aborted.UploadId,
    }),
  );
  await assert.rejects(aborted.complete([abortedPart]), s3ErrorCode('NoSuchUpload'));
  const unknown = { ...aborted, UploadId: 'A'.repeat(43) };
  await assert.rejects(
    layer.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: aborted.Key,
        UploadId: unknown.UploadId,
        MultipartUpload: { Parts: [abortedPart] },
      }),
    ),
    s3ErrorCode('NoSuchUpload'),
  );
  await assert.rejects(
    layer.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'public/other-key',
        UploadId: mp.UploadId,
        MultipartUpload: { Parts: parts },
      }),
    ),
    s3ErrorCode('NoSuchUpload'),
    'an upload ID is bound to its key',
  );
});

test('Abort deletes the parts (204); the upload is then unknown', async () => {
  const mp = await startUpload();
  await mp.upload(1, PART_1);
  assert.ok((await readdir(mp.folder)).some((name) => name.startsWith('part-1.bin')));
  const aborted = await layer.s3.send(
    new AbortMultipartUploadCommand({ Bucket: bucket, Key: mp.Key, UploadId: mp.UploadId }),
  );
  assert.equal(aborted.$metadata.httpStatusCode, 204);
  await assert.rejects(access(mp.folder), { code: 'ENOENT' });
  await assert.rejects(
    layer.s3.send(new ListPartsCommand({ Bucket: bucket, Key: mp.Key, UploadId: mp.UploadId })),
    s3ErrorCode('NoSuchUpload'),
  );
  await assert.rejects(mp.upload(2, TAIL), s3ErrorCode('NoSuchUpload'));
  await assert.rejects(
    access(mp.folder),
    { code: 'ENOENT' },
    'a part after Abort does not bring the folder back',
  );
  await assert.rejects(
    layer.s3.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: mp.Key, UploadId: mp.UploadId }),
    ),
    s3ErrorCode('NoSuchUpload'),
  );
});

test('UploadPart verifies Content-MD5; a part that fails is not stored', async () => {
  const mp = await startUpload();
  await assert.rejects(
    mp.upload(1, TAIL, { ContentMD5: md5Base64('something else') }),
    s3ErrorCode('BadDigest'),
  );
  await assert.rejects(
    mp.upload(1, TAIL, { ContentMD5: 'not-base64-md5' }),
    s3ErrorCode('InvalidDigest'),
  );
  const listed = await layer.s3.send(
    new ListPartsCommand({ Bucket: bucket, Key: mp.Key, UploadId: mp.UploadId }),
  );
  assert.equal((listed.Parts ?? []).length, 0);
  const part = await mp.upload(1, TAIL, { ContentMD5: md5Base64(TAIL) });
  assert.equal(part.ETag, `"${md5Hex(TAIL)}"`);
});

test('UploadPartCopy copies whole objects and byte ranges, with copy-source conditions', async () => {
  const sourceKey = newKey();
  const source = Buffer.concat([PART_1, TAIL]);
  const put = await layer.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: sourceKey, Body: source }),
  );
  const mp = await startUpload();
  const copy = (PartNumber, extra) =>
    layer.s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: mp.Key,
        UploadId: mp.UploadId,
        PartNumber,
        CopySource: `${bucket}/${sourceKey}`,
        ...extra,
      }),
    );
  const first = await copy(1, {
    CopySourceRange: `bytes=0-${5 * MiB - 1}`,
    CopySourceIfMatch: put.ETag,
  });
  assert.equal(first.CopyPartResult.ETag, `"${md5Hex(PART_1)}"`);
  const second = await copy(2, {});
  assert.equal(second.CopyPartResult.ETag, `"${md5Hex(source)}"`);
  await assert.rejects(copy(3, { CopySourceIfMatch: '"0123"' }), s3ErrorCode('PreconditionFailed'));
  await assert.rejects(
    copy(3, { CopySourceIfNoneMatch: put.ETag }),
    s3ErrorCode('PreconditionFailed'),
  );
  await assert.rejects(
    copy(3, { CopySourceRange: `bytes=0-${source.length}` }),
    s3ErrorCode('InvalidArgument'),
  );
  await assert.rejects(copy(3, { CopySourceRange: 'bytes=10-' }), s3ErrorCode('InvalidArgument'));
  await assert.rejects(
    copy(3, { CopySource: `${bucket}/public/missing` }),
    s3ErrorCode('NoSuchKey'),
  );
  const done = await mp.complete([
    { PartNumber: 1, ETag: first.CopyPartResult.ETag },
    { PartNumber: 2, ETag: second.CopyPartResult.ETag },
  ]);
  const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key: mp.Key }));
  assert.equal(got.ETag, done.ETag);
  assert.ok(
    Buffer.from(await got.Body.transformToByteArray()).equals(Buffer.concat([PART_1, source])),
  );
});

test('checksums: CRC32 composite by default, per-part checksums checked on Complete', async () => {
  const mp = await startUpload({ ChecksumAlgorithm: 'CRC32' });
  const parts = [
    await mp.upload(1, PART_1, { ChecksumAlgorithm: 'CRC32' }),
    await mp.upload(2, TAIL, { ChecksumAlgorithm: 'CRC32' }),
  ];
  assert.deepEqual(
    parts.map((p) => p.ChecksumCRC32),
    [crc32Base64(PART_1), crc32Base64(TAIL)],
  );
  await assert.rejects(
    mp.complete([parts[0], { ...parts[1], ChecksumCRC32: crc32Base64(PART_1) }]),
    s3ErrorCode('InvalidPart'),
  );
  const done = await mp.complete(parts);
  const composite = `${crc32Base64(Buffer.concat(parts.map((p) => Buffer.from(p.ChecksumCRC32, 'base64'))))}-2`;
  assert.deepEqual([done.ChecksumCRC32, done.ChecksumType], [composite, 'COMPOSITE']);
  const head = await layer.s3.send(
    new HeadObjectCommand({ Bucket: bucket, Key: mp.Key, ChecksumMode: 'ENABLED' }),
  );
  assert.deepEqual([head.ChecksumCRC32, head.ChecksumType], [composite, 'COMPOSITE']);
});

test('checksums: full-object CRC32 when asked, and CRC64NVME by default, validated by the SDK on GetObject', async () => {
  const full = await startUpload({ ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
  const fullParts = [await full.upload(1, PART_2), await full.upload(2, TAIL)];
  const done = await full.complete(fullParts);
  assert.deepEqual(
    [done.ChecksumCRC32, done.ChecksumType],
    [crc32Base64(Buffer.concat([PART_2, TAIL])), 'FULL_OBJECT'],
  );
  const plain = await startUpload();
  await plain.complete([await plain.upload(1, PART_1), await plain.upload(2, TAIL)]);
  for (const Key of [full.Key, plain.Key]) {
    // The SDK asks for the checksum (x-amz-checksum-mode) and fails the body if it does not match.
    const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    assert.equal(got.ChecksumType, 'FULL_OBJECT');
    await got.Body.transformToByteArray();
  }
  const head = await layer.s3.send(
    new HeadObjectCommand({ Bucket: bucket, Key: plain.Key, ChecksumMode: 'ENABLED' }),
  );
  assert.match(head.ChecksumCRC64NVME, /^[A-Za-z0-9+/]{11}=$/);
});

test('lib-storage Upload with default settings works end to end', async () => {
  const Key = newKey();
  const body = Buffer.concat([PART_1, PART_2, TAIL]);
  const result = await new Upload({
    client: layer.s3,
    params: { Bucket: bucket, Key, Body: body },
    partSize: 5 * MiB,
  }).done();
  assert.match(result.ETag, /^"[0-9a-f]{32}-3"$/);
  const got = await layer.s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));
});
