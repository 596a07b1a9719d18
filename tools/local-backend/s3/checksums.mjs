// The checksums S3 verifies and stores: Content-MD5 plus one x-amz-checksum-<algorithm>, given
// as a header or as an HTTP trailer. CRC32 and CRC32C come from the AWS SDK's own implementations
// (@aws-sdk/checksums), the same code that checks our responses on the client side; CRC64NVME
// from crc64nvme.mjs, twice as fast as the SDK's JavaScript one and tested against it.
import { createHash } from 'node:crypto';
import { Crc32, Crc32c } from '@aws-sdk/checksums/crc';
import { Crc64Nvme } from './crc64nvme.mjs';
import { S3Error, invalidRequest } from './errors.mjs';

class NodeHash {
  constructor(name) {
    this.hash = createHash(name);
  }
  update(chunk) {
    this.hash.update(chunk);
  }
  async digest() {
    return this.hash.digest();
  }
}

/** Supported algorithms: header name, XML element, digest length and a streaming hasher. */
export const ALGORITHMS = {
  crc32: {
    name: 'CRC32',
    xml: 'ChecksumCRC32',
    bytes: 4,
    create: () => new Crc32(),
    fullObjectMultipart: true,
  },
  crc32c: {
    name: 'CRC32C',
    xml: 'ChecksumCRC32C',
    bytes: 4,
    create: () => new Crc32c(),
    fullObjectMultipart: true,
  },
  crc64nvme: {
    name: 'CRC64NVME',
    xml: 'ChecksumCRC64NVME',
    bytes: 8,
    create: () => new Crc64Nvme(),
    fullObjectMultipart: true,
  },
  sha1: {
    name: 'SHA1',
    xml: 'ChecksumSHA1',
    bytes: 20,
    create: () => new NodeHash('sha1'),
    fullObjectMultipart: false,
  },
  sha256: {
    name: 'SHA256',
    xml: 'ChecksumSHA256',
    bytes: 32,
    create: () => new NodeHash('sha256'),
    fullObjectMultipart: false,
  },
};

// Objects stored without a checksum get S3's default one (since December 2024): CRC64NVME.
export const DEFAULT_ALGORITHM = 'crc64nvme';

const HEADER_PREFIX = 'x-amz-checksum-';

/** The algorithm key ('crc32', ...) for a name such as 'CRC32' or 'crc32', or undefined. */
export function algorithmNamed(name) {
  const key = String(name ?? '').toLowerCase();
  return Object.hasOwn(ALGORITHMS, key) ? key : undefined;
}

/** Whether `value` is the base64 of a digest of `algorithm`'s length. */
export function isChecksumValue(algorithm, value) {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === ALGORITHMS[algorithm].bytes && bytes.toString('base64') === value;
}

/**
 * What the request declares about its body's checksum: { algorithm, value, trailer } where value
 * is the header's value (undefined when it comes as a trailer or not at all). Throws S3's
 * InvalidRequest for two checksums, an unknown algorithm or a malformed value.
 */
export function declaredChecksum(headers) {
  const given = Object.keys(ALGORITHMS).filter(
    (algorithm) => headers[HEADER_PREFIX + algorithm] !== undefined,
  );
  const trailerHeader = headers['x-amz-trailer'];
  const trailer = trailerHeader !== undefined ? trailerChecksumAlgorithm(trailerHeader) : undefined;
  const named = headers['x-amz-checksum-algorithm'] ?? headers['x-amz-sdk-checksum-algorithm'];
  const namedAlgorithm = named === undefined ? undefined : algorithmNamed(named);
  if (named !== undefined && !namedAlgorithm)
    throw invalidRequest(`Value for x-amz-checksum-algorithm header is invalid: ${named}.`);
  if (given.length + (trailer ? 1 : 0) > 1)
    throw invalidRequest(
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  const algorithm = given[0] ?? trailer ?? namedAlgorithm;
  if (namedAlgorithm && algorithm !== namedAlgorithm)
    throw invalidRequest(
      `Value for x-amz-sdk-checksum-algorithm header is invalid: ${named} does not match the checksum given.`,
    );
  const value = given.length ? headers[HEADER_PREFIX + given[0]] : undefined;
  if (value !== undefined && !isChecksumValue(algorithm, value))
    throw invalidRequest(`Value for x-amz-checksum-${algorithm} header is invalid.`);
  return { algorithm, value, trailer: Boolean(trailer) };
}

function trailerChecksumAlgorithm(trailerHeader) {
  const name = String(trailerHeader).trim().toLowerCase();
  const algorithm = name.startsWith(HEADER_PREFIX)
    ? algorithmNamed(name.slice(HEADER_PREFIX.length))
    : undefined;
  if (!algorithm)
    throw invalidRequest(
      `The value specified in the x-amz-trailer header is not supported: ${trailerHeader}`,
    );
  return algorithm;
}

/** The trailer's checksum value once the body has ended; throws if it is missing or malformed. */
export function trailerChecksumValue(algorithm, trailers) {
  const value = trailers[HEADER_PREFIX + algorithm];
  if (value === undefined)
    throw new S3Error(
      'IncompleteBody',
      `The request declared the trailer x-amz-checksum-${algorithm} but did not send it.`,
    );
  if (!isChecksumValue(algorithm, value))
    throw invalidRequest(`Value for x-amz-checksum-${algorithm} trailing header is invalid.`);
  return value;
}

/** The 16 bytes of a Content-MD5 header, or a thrown InvalidDigest. */
export function contentMd5Bytes(header) {
  const bytes = Buffer.from(String(header), 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== header)
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', {
      'Content-MD5': String(header),
    });
  return bytes;
}

/** The BadDigest error S3 gives when a body does not match its declared checksum. */
export function badDigest(algorithm) {
  return algorithm === 'md5'
    ? new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.')
    : new S3Error(
        'BadDigest',
        `The ${ALGORITHMS[algorithm].name} you specified did not match the calculated checksum.`,
      );
}

/**
 * Digests for a body fed chunk by chunk: MD5 (unless `md5` is false, when `md5` comes back
 * undefined), plus each of `algorithms`.
 */
export function createDigests(algorithms, { md5: withMd5 = true } = {}) {
  const md5 = withMd5 ? createHash('md5') : undefined;
  const hashers = Object.fromEntries(
    [...new Set(algorithms)].map((algorithm) => [algorithm, ALGORITHMS[algorithm].create()]),
  );
  let size = 0;
  return {
    update(chunk) {
      size += chunk.length;
      md5?.update(chunk);
      for (const hasher of Object.values(hashers)) hasher.update(chunk);
    },
    /** { size, md5 (Buffer, or undefined without MD5), checksums: { algorithm: base64 } } */
    async digest() {
      const checksums = {};
      for (const [algorithm, hasher] of Object.entries(hashers))
        checksums[algorithm] = Buffer.from(await hasher.digest()).toString('base64');
      return { size, md5: md5?.digest(), checksums };
    },
  };
}

/** S3's composite checksum of a multipart object: the checksum of the part checksums' bytes, then -N. */
export async function compositeChecksum(algorithm, partValues) {
  const hasher = ALGORITHMS[algorithm].create();
  for (const value of partValues) hasher.update(Buffer.from(value, 'base64'));
  return `${Buffer.from(await hasher.digest()).toString('base64')}-${partValues.length}`;
}

/** S3's multipart ETag: hex MD5 of the concatenated binary part MD5s, then -N. */
export function multipartEtag(partMd5Hexes) {
  const md5 = createHash('md5');
  for (const hex of partMd5Hexes) md5.update(Buffer.from(hex, 'hex'));
  return `${md5.digest('hex')}-${partMd5Hexes.length}`;
}

/** Response headers for a stored checksum record { algorithm, value, type }. */
export function checksumHeaders(record) {
  if (!record) return {};
  return { [HEADER_PREFIX + record.algorithm]: record.value, 'x-amz-checksum-type': record.type };
}
