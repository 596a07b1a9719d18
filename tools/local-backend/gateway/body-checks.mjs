// Checks of a request body against what the client said about it: the signed SHA-256
// (x-amz-content-sha256), Content-MD5 and the x-amz-checksum-* headers. Used where the gateway
// holds the whole body (the XML bodies it rewrites, whose original bytes the S3 server never
// sees) and, for the signed hash, while streaming.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import { S3Error } from '../sigv4.mjs';

export const HEX_SHA256 = /^[0-9a-f]{64}$/;

export function sha256Mismatch(clientHash, computed) {
  return new S3Error(
    'XAmzContentSHA256Mismatch',
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    400,
    { ClientComputedContentSHA256: clientHash, S3ComputedContentSHA256: computed },
  );
}

const crc32Base64 = (body) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(body) >>> 0);
  return b.toString('base64');
};
const DIGESTS = {
  'x-amz-checksum-crc32': crc32Base64,
  'x-amz-checksum-sha1': (body) => createHash('sha1').update(body).digest('base64'),
  'x-amz-checksum-sha256': (body) => createHash('sha256').update(body).digest('base64'),
};

/**
 * Verifies a whole body against the signed hash, Content-MD5 and checksum headers it came with.
 * CRC32C and CRC64NVME are not computed here: a body announcing only those is refused (use CRC32).
 */
export function verifyWholeBody(body, { payloadHash, headers }) {
  if (HEX_SHA256.test(payloadHash)) {
    const computed = createHash('sha256').update(body).digest('hex');
    if (computed !== payloadHash) throw sha256Mismatch(payloadHash, computed);
  }
  if (headers['content-md5'] !== undefined) {
    if (createHash('md5').update(body).digest('base64') !== headers['content-md5']) {
      throw new S3Error(
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
        400,
      );
    }
  }
  for (const name of ['x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme']) {
    if (headers[name] !== undefined) {
      throw new S3Error(
        'NotImplemented',
        `The local gateway cannot verify ${name} on this request; use CRC32, SHA1 or SHA256.`,
        501,
        {
          Header: name,
        },
      );
    }
  }
  for (const [name, digest] of Object.entries(DIGESTS)) {
    if (headers[name] !== undefined && digest(body) !== headers[name]) {
      const algorithm = name.slice('x-amz-checksum-'.length);
      throw new S3Error(
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
        400,
      );
    }
  }
}

/**
 * A pass-through that checks the body's SHA-256 while streaming, holding the last piece back
 * until the hash is known, so the S3 server never receives a complete body that doesn't match.
 */
export function sha256Verifier(payloadHash) {
  const hash = createHash('sha256');
  let held;
  return new Transform({
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback) {
      const computed = hash.digest('hex');
      if (computed !== payloadHash) return callback(sha256Mismatch(payloadHash, computed));
      callback(null, held);
    },
  });
}
