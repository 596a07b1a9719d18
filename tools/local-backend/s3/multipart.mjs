// Multipart uploads, implemented here instead of by s3rver (whose upload IDs and part numbers
// became file paths, whose Complete crashed the process on a missing part and checked nothing,
// and which had no Abort, ListParts or UploadPartCopy). State: see multipart-state.mjs.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { S3Error, invalidArgument, invalidRequest, noSuchUpload } from './errors.mjs';
import { ALGORITHMS, DEFAULT_ALGORITHM, algorithmNamed } from './checksums.mjs';
import { assertCopySourceConditions } from './conditional.mjs';
import { parseCopySource, parseCopySourceRange } from './copy-source.mjs';
import { parsePartNumber } from './multipart-state.mjs';
import { writePartial } from './object-files.mjs';
import { bodyExpectations, receiveBody } from './receive-body.mjs';

const require = createRequire(import.meta.url);
const S3Object = require('s3rver/lib/models/object.js');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js');

const XMLNS = { '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' } };

/**
 * The checksum an upload's object gets, from CreateMultipartUpload's headers, with S3's rules:
 * CRC64NVME is full-object only, SHA-1/SHA-256 composite only, CRC32/CRC32C either (composite by
 * default). Without an algorithm S3 gives the object a full-object CRC64NVME.
 */
export function uploadChecksum(headers) {
  const named = headers['x-amz-checksum-algorithm'] ?? headers['x-amz-sdk-checksum-algorithm'];
  const type = headers['x-amz-checksum-type'];
  if (type !== undefined && type !== 'COMPOSITE' && type !== 'FULL_OBJECT')
    throw invalidRequest(`Value for x-amz-checksum-type header is invalid: ${type}.`);
  if (named === undefined) {
    if (type !== undefined)
      throw invalidRequest(
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    return { algorithm: DEFAULT_ALGORITHM, type: 'FULL_OBJECT', requested: false };
  }
  const algorithm = algorithmNamed(named);
  if (!algorithm)
    throw invalidRequest(`Value for x-amz-checksum-algorithm header is invalid: ${named}.`);
  const resolvedType = type ?? (algorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (resolvedType === 'FULL_OBJECT' && !ALGORITHMS[algorithm].fullObjectMultipart)
    throw invalidRequest(
      `The FULL_OBJECT checksum type cannot be used with the ${ALGORITHMS[algorithm].name} checksum algorithm.`,
    );
  if (resolvedType === 'COMPOSITE' && algorithm === 'crc64nvme')
    throw invalidRequest(
      'The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.',
    );
  return { algorithm, type: resolvedType, requested: true };
}

function uploadChecksumHeaders(checksum) {
  return checksum.requested
    ? {
        'x-amz-checksum-algorithm': ALGORITHMS[checksum.algorithm].name,
        'x-amz-checksum-type': checksum.type,
      }
    : {};
}

/** POST /<bucket>/<key>?uploads */
export async function createMultipartUpload(ctx, { bucket, key, uploads }) {
  const checksum = uploadChecksum(ctx.headers);
  const { metadata } = new S3Object(bucket, key, null, ctx.headers);
  const uploadId = await uploads.create({
    bucket,
    key,
    metadata,
    initiated: new Date().toISOString(),
    checksum,
  });
  ctx.set(uploadChecksumHeaders(checksum));
  ctx.body = {
    InitiateMultipartUploadResult: { ...XMLNS, Bucket: bucket, Key: key, UploadId: uploadId },
  };
}

// The checksums a part is stored with: always the upload's algorithm (for the object's
// checksum), plus the one the request declared if different (upload without an algorithm).
function partAlgorithms(upload, declared) {
  if (declared && declared !== upload.checksum.algorithm && upload.checksum.requested)
    throw invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksum.algorithm}, actual checksum Type: ${declared}`,
    );
  return declared && declared !== upload.checksum.algorithm ? [upload.checksum.algorithm] : [];
}

function partResponseHeaders(upload, declared, checksums) {
  const algorithm = declared ?? (upload.checksum.requested ? upload.checksum.algorithm : undefined);
  return algorithm ? { [`x-amz-checksum-${algorithm}`]: checksums[algorithm] } : {};
}

/** PUT /<bucket>/<key>?partNumber=n&uploadId=id (without a copy source) */
export async function uploadPart(ctx, { bucket, key, uploads }) {
  const { uploadId } = ctx.query;
  const upload = await uploads.open(uploadId, bucket, key);
  const partNumber = parsePartNumber(ctx.query.partNumber);
  const expected = bodyExpectations(ctx.headers, { defaultAlgorithm: upload.checksum.algorithm });
  const declaredAlgorithm = expected.checksum.declared ? expected.checksum.algorithm : undefined;
  const received = await receiveBody(
    ctx.req,
    uploads.partDataPath(uploadId, partNumber),
    expected,
    {
      alsoDigest: partAlgorithms(upload, declaredAlgorithm),
      createFolder: false,
    },
  ).catch((error) => {
    throw error.code === 'ENOENT' ? noSuchUpload(uploadId) : error;
  });
  const part = {
    partNumber,
    etag: received.md5Hex,
    size: received.size,
    lastModified: new Date().toISOString(),
    checksums: received.checksums,
  };
  await uploads.commitPart(uploadId, bucket, key, part, received.partialPath);
  ctx.set(partResponseHeaders(upload, declaredAlgorithm, received.checksums));
  ctx.etag = received.md5Hex;
  ctx.body = '';
}

/** PUT /<bucket>/<key>?partNumber=n&uploadId=id with x-amz-copy-source (and -range, -if-*) */
export async function uploadPartCopy(ctx, { bucket, key, uploads }) {
  const { uploadId } = ctx.query;
  const upload = await uploads.open(uploadId, bucket, key);
  const partNumber = parsePartNumber(ctx.query.partNumber);
  const source = parseCopySource(ctx.headers['x-amz-copy-source']);
  const metadata = await ctx.store.getMetadata(source.bucket, source.key).catch((error) => {
    if (error.code === 'ENOENT')
      throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: source.key });
    throw error;
  });
  assertCopySourceConditions(ctx.headers, metadata);
  const size = Number(metadata['content-length']);
  const range =
    parseCopySourceRange(ctx.headers['x-amz-copy-source-range'], size) ??
    (size ? { start: 0, end: size - 1 } : undefined);
  const sourcePath = ctx.store.getResourcePath(source.bucket, source.key, 'object');
  const content = range ? createReadStream(sourcePath, range) : Readable.from([]);
  const written = await writePartial(
    content,
    uploads.partDataPath(uploadId, partNumber),
    [upload.checksum.algorithm],
    {
      createFolder: false,
    },
  ).catch((error) => {
    throw error.code === 'ENOENT' && error.path !== sourcePath ? noSuchUpload(uploadId) : error;
  });
  const lastModified = new Date().toISOString();
  const etag = written.md5.toString('hex');
  const part = { partNumber, etag, size: written.size, lastModified, checksums: written.checksums };
  await uploads
    .commitPart(uploadId, bucket, key, part, written.partialPath)
    .catch(async (error) => {
      await rm(written.partialPath, { force: true });
      throw error;
    });
  const checksum = upload.checksum.requested
    ? { [ALGORITHMS[upload.checksum.algorithm].xml]: written.checksums[upload.checksum.algorithm] }
    : {};
  ctx.body = {
    CopyPartResult: {
      ...XMLNS,
      LastModified: lastModified,
      ETag: JSON.stringify(etag),
      ...checksum,
    },
  };
}

/** DELETE /<bucket>/<key>?uploadId=id: removes the upload and its parts; 204. */
export async function abortMultipartUpload(ctx, { bucket, key, uploads }) {
  const { uploadId } = ctx.query;
  await uploads.exclusive(uploadId, async () => {
    await uploads.open(uploadId, bucket, key);
    await uploads.remove(uploadId);
  });
  ctx.status = 204;
}

function integerQuery(ctx, name, fallback, max) {
  const value = ctx.query[name];
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) > max)
    throw invalidArgument(`Argument ${name} must be an integer between 0 and ${max}`, name, value);
  return Number(value);
}

/** GET /<bucket>/<key>?uploadId=id (part-number-marker, max-parts) */
export async function listParts(ctx, { bucket, key, uploads }) {
  const { uploadId } = ctx.query;
  const upload = await uploads.open(uploadId, bucket, key);
  const marker = integerQuery(ctx, 'part-number-marker', 0, 2147483647);
  const maxParts = integerQuery(ctx, 'max-parts', 1000, 1000);
  const after = (await uploads.parts(uploadId)).filter((part) => part.partNumber > marker);
  const page = after.slice(0, maxParts);
  const owner = { ID: DUMMY_ACCOUNT.id, DisplayName: DUMMY_ACCOUNT.displayName };
  const xmlChecksum = (part) =>
    upload.checksum.requested
      ? { [ALGORITHMS[upload.checksum.algorithm].xml]: part.checksums[upload.checksum.algorithm] }
      : {};
  ctx.body = {
    ListPartsResult: {
      ...XMLNS,
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      Initiator: owner,
      Owner: owner,
      StorageClass: upload.metadata['x-amz-storage-class'] ?? 'STANDARD',
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length ? page[page.length - 1].partNumber : marker,
      MaxParts: maxParts,
      IsTruncated: after.length > page.length,
      ...(upload.checksum.requested && {
        ChecksumAlgorithm: ALGORITHMS[upload.checksum.algorithm].name,
        ChecksumType: upload.checksum.type,
      }),
      Part: page.map((part) => ({
        PartNumber: part.partNumber,
        LastModified: part.lastModified,
        ETag: JSON.stringify(part.etag),
        Size: part.size,
        ...xmlChecksum(part),
      })),
    },
  };
}
