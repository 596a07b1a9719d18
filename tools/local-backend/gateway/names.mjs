// The names a request carries (bucket, key, copy source, upload ID, part number), read strictly
// and written back in one canonical form, so that the S3 server behind the gateway reads exactly
// the names the gateway authorized.
import { S3Error, escapeUri as escapeRfc3986 } from '../sigv4.mjs';

/**
 * Upload IDs the S3 layer issues (s3/multipart-state.mjs): 43 characters of base64url (32 random
 * bytes). The form cannot hold '.', '/' or '%', so an upload ID never becomes a path of its own.
 */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const MAX_KEY_BYTES = 1024;

/** The upstream path of a bucket or object: `/<bucket>[/<key escaped segment by segment>]`. */
export function upstreamPath(bucket, key) {
  if (bucket === undefined) return '/';
  if (key === undefined || key === '') return `/${escapeRfc3986(bucket)}`;
  return `/${escapeRfc3986(bucket)}/${key.split('/').map(escapeRfc3986).join('/')}`;
}

/**
 * Refuses names the local S3 server would not keep literally. s3rver maps a key onto the file
 * system with path.join(), which resolves '.' and '..' segments and collapses empty ones:
 * 'public/../private/<id>/x' would pass IAM as a key under public/ and land in someone's private
 * folder. S3 itself stores such keys as they are; here they are refused (400) instead. A key may
 * end with '/' (a folder marker). Bucket names must follow S3's naming rules, which also keeps
 * '/' and '..' out of them.
 */
export function checkStorableNames({ bucket, key }) {
  if (
    bucket !== undefined &&
    (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) ||
      bucket.includes('..') ||
      /^\d+\.\d+\.\d+\.\d+$/.test(bucket))
  ) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, {
      BucketName: bucket,
    });
  }
  if (key === undefined || key === '') return;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', 400, {
      MaxSizeAllowed: MAX_KEY_BYTES,
      Size: Buffer.byteLength(key),
    });
  }
  const segments = key.split('/');
  const unstorable =
    segments.some((segment) => segment === '.' || segment === '..') ||
    segments.slice(0, -1).some((segment) => segment === '') ||
    key.includes('\0');
  if (unstorable) {
    throw new S3Error(
      'InvalidArgument',
      "The local S3 server cannot store a key with a '.', '..' or empty segment or a NUL " +
        'character (S3 would keep it as it is); rename the key.',
      400,
      { ArgumentName: 'key', ArgumentValue: key },
    );
  }
}

function copySourceError(value, why) {
  return new S3Error('InvalidArgument', `Invalid copy source: ${why}`, 400, {
    ArgumentName: 'x-amz-copy-source',
    ArgumentValue: value,
  });
}

/**
 * Parses x-amz-copy-source as S3 does: `[/]bucket/key[?versionId=id]`, bucket and key
 * URL-decoded completely, nothing but versionId after the '?'. Returns { bucket, key, versionId }.
 */
export function parseCopySource(value) {
  const q = value.indexOf('?');
  const rawPath = q === -1 ? value : value.slice(0, q);
  const rawQuery = q === -1 ? undefined : value.slice(q + 1);
  let path;
  try {
    path = decodeURIComponent(rawPath.startsWith('/') ? rawPath.slice(1) : rawPath);
  } catch {
    throw copySourceError(value, 'it is not correctly URL-encoded.');
  }
  const slash = path.indexOf('/');
  if (slash < 1 || slash === path.length - 1) {
    throw copySourceError(value, 'it must name the source bucket and key: sourcebucket/sourcekey.');
  }
  let versionId;
  if (rawQuery !== undefined) {
    const m = /^versionId=([^&=]*)$/.exec(rawQuery);
    let decoded;
    try {
      decoded = m && decodeURIComponent(m[1]);
    } catch {
      decoded = undefined;
    }
    if (!decoded) {
      throw copySourceError(
        value,
        "only '?versionId=<id>' may follow the key; encode a '?' in the key as %3F.",
      );
    }
    versionId = decoded;
  }
  const source = { bucket: path.slice(0, slash), key: path.slice(slash + 1), versionId };
  checkStorableNames(source);
  return source;
}

/** The x-amz-copy-source the gateway forwards: `/<bucket>/<escaped key>`. */
export function formatCopySource({ bucket, key }) {
  return upstreamPath(bucket, key);
}

/** Checks a part number: an integer from 1 to 10000, written without sign or leading zeros. */
export function parsePartNumber(value) {
  if (typeof value !== 'string' || !/^[1-9]\d{0,4}$/.test(value) || Number(value) > 10000) {
    throw new S3Error(
      'InvalidArgument',
      'Part number must be an integer between 1 and 10000, inclusive',
      400,
      { ArgumentName: 'partNumber', ArgumentValue: String(value) },
    );
  }
  return Number(value);
}

/** Checks an upload ID's form; anything else is an upload that does not exist. */
export function checkUploadId(value) {
  if (typeof value !== 'string' || !UPLOAD_ID_PATTERN.test(value)) throw noSuchUpload(value);
  return value;
}

/** S3's answer for an upload ID that is unknown, finished, or not the caller's. */
export function noSuchUpload(uploadId) {
  return new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have ' +
      'been aborted or completed.',
    404,
    { UploadId: String(uploadId) },
  );
}
