// The request headers each operation takes, checked and passed on in one form. Headers S3 does not
// act on (User-Agent, Accept, the SDK's amz-sdk-*, browsers' Sec-*) are dropped; an x-amz-* header
// the operation does not take is refused (NotImplemented), as is a header given twice: readers
// disagree on which copy counts.
import { S3Error } from '../sigv4.mjs';
import { formatCopySource } from './names.mjs';

// Read by the gateway itself (authentication, body framing), never passed on as they are.
const GATEWAY_HEADERS = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
  'content-length',
  'transfer-encoding',
  'expect',
  'host',
]);
// x-amz-* headers clients send that change nothing S3 would do here.
const IGNORED_AMZ = new Set([
  'x-amz-user-agent',
  'x-amz-expected-bucket-owner',
  'x-amz-mp-object-size',
]);

const CHECKSUM_HEADERS = [
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
];
const CHECKSUM_BYTES = {
  'x-amz-checksum-crc32': 4,
  'x-amz-checksum-crc32c': 4,
  'x-amz-checksum-crc64nvme': 8,
  'x-amz-checksum-sha1': 20,
  'x-amz-checksum-sha256': 32,
};
const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const OBJECT_HEADERS = [
  'content-type',
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
  'x-amz-meta-*',
  'x-amz-tagging',
  'x-amz-storage-class',
  'x-amz-acl',
  'x-amz-server-side-encryption',
];
const BODY_CHECKSUMS = ['content-md5', ...CHECKSUM_HEADERS, 'x-amz-sdk-checksum-algorithm'];
const READ_CONDITIONS = [
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'x-amz-checksum-mode',
];
const COPY_CONDITIONS = [
  'x-amz-copy-source',
  'x-amz-copy-source-if-match',
  'x-amz-copy-source-if-none-match',
  'x-amz-copy-source-if-modified-since',
  'x-amz-copy-source-if-unmodified-since',
];

const TAKES = {
  GetObject: READ_CONDITIONS,
  HeadObject: READ_CONDITIONS,
  PutObject: [...OBJECT_HEADERS, ...BODY_CHECKSUMS, 'if-match', 'if-none-match'],
  CopyObject: [
    ...OBJECT_HEADERS,
    ...COPY_CONDITIONS,
    'x-amz-metadata-directive',
    'x-amz-tagging-directive',
    'x-amz-checksum-algorithm',
  ],
  UploadPart: [...BODY_CHECKSUMS],
  UploadPartCopy: [...COPY_CONDITIONS, 'x-amz-copy-source-range'],
  CreateMultipartUpload: [...OBJECT_HEADERS, 'x-amz-checksum-algorithm', 'x-amz-checksum-type'],
  // Checksums here are the whole object's (full-object type), not the XML body's.
  CompleteMultipartUpload: [
    'content-type',
    'content-md5',
    ...CHECKSUM_HEADERS,
    'x-amz-checksum-type',
    'if-match',
    'if-none-match',
  ],
  DeleteObjects: ['content-type', ...BODY_CHECKSUMS],
};

const takes = (list, name) =>
  list.some((entry) =>
    entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : entry === name,
  );

const invalid = (code, message, status, detail) => new S3Error(code, message, status, detail);
const badArgument = (name, value, message) =>
  invalid('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

/** Checks one header value; returns what to pass on (undefined: take it, pass nothing). */
function checkValue(name, value) {
  if (name === 'content-md5') {
    if (Buffer.from(value, 'base64').length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(value)) {
      throw invalid('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
        'Content-MD5': value,
      });
    }
    return value;
  }
  if (name in CHECKSUM_BYTES) {
    const b64 = /^[A-Za-z0-9+/]*={0,2}$/.test(value) && Buffer.from(value, 'base64');
    if (!b64 || b64.length !== CHECKSUM_BYTES[name] || b64.toString('base64') !== value) {
      throw invalid('InvalidRequest', `Value for ${name} header is invalid.`, 400);
    }
    return value;
  }
  if (name === 'x-amz-sdk-checksum-algorithm' || name === 'x-amz-checksum-algorithm') {
    if (!CHECKSUM_ALGORITHMS.includes(value.toUpperCase())) {
      throw invalid('InvalidRequest', `Value for ${name} header is invalid.`, 400);
    }
    return value.toUpperCase();
  }
  if (name === 'x-amz-checksum-type') {
    if (value !== 'COMPOSITE' && value !== 'FULL_OBJECT')
      throw invalid('InvalidRequest', `Value for ${name} header is invalid.`, 400);
    return value;
  }
  if (name === 'x-amz-checksum-mode') {
    if (value !== 'ENABLED') throw badArgument(name, value, 'x-amz-checksum-mode must be ENABLED');
    return value;
  }
  if (name === 'x-amz-metadata-directive' || name === 'x-amz-tagging-directive') {
    if (value !== 'COPY' && value !== 'REPLACE')
      throw badArgument(name, value, `Unknown ${name} value`);
    if (name === 'x-amz-tagging-directive') {
      if (value === 'REPLACE')
        throw invalid(
          'NotImplemented',
          'The local S3 backend does not replace tags on copy.',
          501,
          { Header: name },
        );
      return undefined;
    }
    return value;
  }
  if (name === 'x-amz-storage-class') {
    if (value !== 'STANDARD') {
      throw invalid(
        'InvalidStorageClass',
        'The storage class you specified is not valid (the local backend stores STANDARD only)',
        400,
        {
          StorageClassRequested: value,
        },
      );
    }
    return value;
  }
  if (name === 'x-amz-acl') {
    // The bucket enforces bucket ownership (ACLs disabled), as Amplify's buckets do: only the
    // canned ACLs that change nothing are accepted, and nothing is passed on.
    if (value !== 'private' && value !== 'bucket-owner-full-control') {
      throw invalid('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
    }
    return undefined;
  }
  if (name === 'x-amz-server-side-encryption') {
    if (value !== 'AES256') {
      throw invalid(
        'NotImplemented',
        'The local S3 backend only encrypts with AES256 (SSE-S3).',
        501,
        { Header: name },
      );
    }
    return undefined;
  }
  if (name === 'range') return /^bytes=(\d+-\d*|-\d+)$/.test(value) ? value : undefined; // S3 ignores a bad Range
  if (name === 'x-amz-copy-source-range') {
    if (!/^bytes=\d+-\d+$/.test(value)) {
      throw badArgument(
        name,
        value,
        'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      );
    }
    return value;
  }
  if (/[\0-\x08\x0a-\x1f\x7f]/.test(value))
    throw badArgument(name, value, `The header ${name} holds a control character`);
  return value;
}

/**
 * The headers passed upstream for an operation, from the request's parsed headers.
 * @param {string} operation the operation's name
 * @param {object} headers lower-case name -> value
 * @param {{ copySource?, duplicates?: string[] }} described
 */
export function forwardedHeaders(operation, headers, described) {
  const list = TAKES[operation] ?? [];
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if ((described.duplicates ?? []).includes(name)) {
      throw badArgument(name, value, `The header ${name} appears more than once`);
    }
    if (GATEWAY_HEADERS.has(name) || IGNORED_AMZ.has(name)) continue;
    if (name === 'origin') {
      out.origin = value;
      continue;
    }
    if (!takes(list, name)) {
      if (name.startsWith('x-amz-')) {
        throw invalid(
          'NotImplemented',
          `${operation} does not take the header ${name} here (the local gateway passes on only the headers it understands).`,
          501,
          {
            Header: name,
          },
        );
      }
      continue; // not an S3 header: dropped, as S3 ignores it
    }
    const checked = checkValue(name, value);
    if (checked === undefined) continue;
    if (name === 'x-amz-sdk-checksum-algorithm') out['x-amz-checksum-algorithm'] = checked;
    else if (name === 'content-encoding') {
      const rest = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v && v !== 'aws-chunked');
      if (rest.length) out[name] = rest.join(',');
    } else if (name === 'x-amz-copy-source') out[name] = formatCopySource(described.copySource);
    else out[name] = checked;
  }
  return out;
}
