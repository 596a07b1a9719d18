// Defense in depth: whatever the gateway lets through, no file path built from a request may
// leave the data folder, and no request-derived name may alias another object or the backend's
// own state. s3rver builds paths with path.join(root, bucket, ...key.split('/')), which resolves
// '..' and drops empty segments, so "public/../private/x" would be another user's object and
// "../../x" a file anywhere. Such names are refused before any file is touched.
import path from 'node:path';
import { S3Error, invalidArgument } from './errors.mjs';

// S3's bucket naming rules (3-63 lowercase letters, digits, dots, hyphens; alphanumeric at both
// ends; no '..'). They also guarantee that a bucket name is one plain path segment that cannot
// start with '.', which keeps <dataDir>/.local-backend out of reach.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Whether `name` is a valid S3 bucket name (and so a safe single folder name). */
export function isBucketName(name) {
  return typeof name === 'string' && BUCKET_NAME.test(name) && !name.includes('..');
}

/**
 * Why the local store cannot hold `key` faithfully, or undefined if it can. S3 itself accepts
 * '.', '..' and empty segments, but on disk they would resolve onto other keys or outside the
 * bucket; a trailing '/' (folder marker objects) is fine.
 */
export function keyProblem(key) {
  if (typeof key !== 'string' || key.length === 0) return 'the key is empty';
  if (Buffer.byteLength(key) > 1024) return 'the key is longer than 1024 bytes';
  if (key.includes('\0')) return 'the key contains a NUL character';
  const segments = key.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '.' || segment === '..') return `the key has a "${segment}" segment`;
    if (segment === '' && i < segments.length - 1)
      return 'the key has an empty segment (a leading or double "/")';
  }
  return undefined;
}

/** Throws S3's InvalidBucketName unless `name` is a valid bucket name. */
export function assertBucketName(name) {
  if (!isBucketName(name))
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', {
      BucketName: String(name),
    });
}

/** Throws 400 InvalidArgument naming the problem unless the local store can hold `key`. */
export function assertStorableKey(key) {
  const problem = keyProblem(key);
  if (problem)
    throw invalidArgument(
      `The local S3 server refuses this key: ${problem}. Use a key without such segments.`,
      'key',
      key,
    );
}

/**
 * `segments` joined under `root`, or a thrown 400 InvalidArgument when the result is not strictly
 * inside `root` (so nothing is ever written or deleted elsewhere).
 */
export function confinedPath(root, ...segments) {
  const base = path.resolve(root);
  const resolved = path.resolve(base, ...segments);
  if (!resolved.startsWith(base + path.sep))
    throw invalidArgument(
      'The request names a location outside the data folder; nothing was done.',
      'path',
      segments.join('/'),
    );
  return resolved;
}

/**
 * Makes s3rver's FilesystemStore refuse every path that is not inside its bucket's folder: all
 * of s3rver's file access goes through getBucketPath and getResourcePath, so this is the last
 * line behind the request checks. Names starting with '.' are never buckets (the backend's own
 * state lives in <dataDir>/.local-backend).
 */
export function confineStore(store) {
  const { getBucketPath, getResourcePath, getBucket, listBuckets } = store;
  store.getBucketPath = function confinedBucketPath(bucket) {
    assertBucketName(bucket);
    return confinedPath(this.rootDirectory, getBucketPath.call(this, bucket));
  };
  store.getResourcePath = function confinedResourcePath(bucket, key, resource) {
    const bucketPath = this.getBucketPath(bucket);
    if (key) assertStorableKey(key);
    return confinedPath(bucketPath, getResourcePath.call(this, bucket, key, resource));
  };
  store.getBucket = async function bucketIfValidName(bucket) {
    return isBucketName(bucket) ? getBucket.call(this, bucket) : null;
  };
  store.listBuckets = async function listRealBuckets() {
    return (await listBuckets.call(this)).filter((bucket) => isBucketName(bucket.name));
  };
}
