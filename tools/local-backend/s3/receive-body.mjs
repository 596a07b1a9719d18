// Receives a PutObject or UploadPart body into a temporary file and checks it against everything
// the request declared about it: Content-MD5, one x-amz-checksum-* (header or HTTP trailer, the
// shape the gateway forwards for aws-chunked bodies with a trailing checksum) and
// x-amz-decoded-content-length. Nothing is kept unless all of them hold.
import { rm } from 'node:fs/promises';
import { S3Error, invalidArgument } from './errors.mjs';
import {
  DEFAULT_ALGORITHM,
  badDigest,
  contentMd5Bytes,
  declaredChecksum,
  trailerChecksumValue,
} from './checksums.mjs';
import { writePartial } from './object-files.mjs';

/**
 * What the request's headers promise about its body, checked before any byte is read:
 * { md5 (Buffer|undefined), checksum: { algorithm, declared, value, trailer }, decodedLength },
 * where an undeclared algorithm is `defaultAlgorithm`.
 */
export function bodyExpectations(headers, { defaultAlgorithm = DEFAULT_ALGORITHM } = {}) {
  const md5 =
    headers['content-md5'] === undefined ? undefined : contentMd5Bytes(headers['content-md5']);
  const checksum = declaredChecksum(headers);
  checksum.declared = checksum.algorithm !== undefined;
  checksum.algorithm ??= defaultAlgorithm;
  let decodedLength;
  if (headers['x-amz-decoded-content-length'] !== undefined) {
    const text = headers['x-amz-decoded-content-length'];
    if (!/^\d{1,16}$/.test(text))
      throw invalidArgument(
        'x-amz-decoded-content-length must be a byte count.',
        'x-amz-decoded-content-length',
        text,
      );
    decodedLength = Number(text);
  }
  if (checksum.trailer && headers['transfer-encoding'] === undefined)
    throw new S3Error(
      'InvalidRequest',
      'A trailing checksum needs a chunked body (Transfer-Encoding: chunked) to carry the trailer.',
    );
  return { md5, checksum, decodedLength };
}

/**
 * Streams `req` next to `filePath` and verifies it against `expected` (from bodyExpectations).
 * `alsoDigest` names further algorithms to compute (in `checksums`, with the declared one).
 * Resolves to { partialPath, size, md5Hex, checksum: { algorithm, value }, checksums }; throws BadDigest,
 * IncompleteBody, ... after removing the temporary file.
 */
export async function receiveBody(
  req,
  filePath,
  expected,
  { alsoDigest = [], createFolder = true } = {},
) {
  const { algorithm } = expected.checksum;
  const written = await writePartial(req, filePath, [algorithm, ...alsoDigest], { createFolder });
  try {
    if (expected.decodedLength !== undefined && written.size !== expected.decodedLength)
      throw new S3Error(
        'IncompleteBody',
        `You did not provide the number of bytes specified by x-amz-decoded-content-length (${expected.decodedLength}); got ${written.size}.`,
      );
    if (expected.md5 && !expected.md5.equals(written.md5)) throw badDigest('md5');
    const declared = expected.checksum.trailer
      ? trailerChecksumValue(algorithm, req.trailers ?? {})
      : expected.checksum.value;
    const value = written.checksums[algorithm];
    if (declared !== undefined && declared !== value) throw badDigest(algorithm);
    return {
      partialPath: written.partialPath,
      size: written.size,
      md5Hex: written.md5.toString('hex'),
      checksum: { algorithm, value },
      checksums: written.checksums,
    };
  } catch (error) {
    await rm(written.partialPath, { force: true });
    throw error;
  }
}
