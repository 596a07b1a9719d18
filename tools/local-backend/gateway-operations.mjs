// Which IAM authorizations an S3 REST request needs: the request is named by its S3 operation and
// mapped to one or more { action, resource, context } checks, the way S3 authorizes it
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
// Path-style addressing only (http://host/bucket/key), which is what the local backend serves.
import { S3Error } from './sigv4.mjs';

const bucketArn = (bucket) => `arn:aws:s3:::${bucket}`;
const objectArn = (bucket, key) => `arn:aws:s3:::${bucket}/${key}`;

// Query parameters that select an operation ("subresources"); everything else is an argument.
const BUCKET_SUBRESOURCES = {
  GET: {
    cors: 's3:GetBucketCORS',
    location: 's3:GetBucketLocation',
    website: 's3:GetBucketWebsite',
    uploads: 's3:ListBucketMultipartUploads',
    versions: 's3:ListBucketVersions',
    acl: 's3:GetBucketAcl',
    policy: 's3:GetBucketPolicy',
    tagging: 's3:GetBucketTagging',
    versioning: 's3:GetBucketVersioning',
  },
  PUT: {
    cors: 's3:PutBucketCORS',
    website: 's3:PutBucketWebsite',
    acl: 's3:PutBucketAcl',
    policy: 's3:PutBucketPolicy',
    tagging: 's3:PutBucketTagging',
    versioning: 's3:PutBucketVersioning',
  },
  DELETE: {
    cors: 's3:PutBucketCORS', // S3 authorizes DeleteBucketCors as PutBucketCORS
    website: 's3:DeleteBucketWebsite',
    policy: 's3:DeleteBucketPolicy',
    tagging: 's3:PutBucketTagging',
  },
};
const OBJECT_SUBRESOURCES = new Set([
  'acl',
  'attributes',
  'legal-hold',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
]);
// Arguments that never change the operation.
const ARGUMENTS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
  'marker',
  'key-marker',
  'version-id-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'partNumber',
  'versionId',
  'x-id',
]);
const isArgument = (name) =>
  ARGUMENTS.has(name) || name.startsWith('response-') || name.toLowerCase().startsWith('x-amz-');

/**
 * Refuses names the local S3 server would not keep literally. s3rver maps a key onto the file
 * system with path.join(), which resolves '.' and '..' segments: 'public/../private/<id>/x' would
 * pass IAM as a key under public/ and land in someone's private folder. S3 itself stores such keys
 * as they are; here they are refused (400) instead. Bucket names must follow S3's naming rules,
 * which also keeps '/' and '..' out of them.
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
  if (key !== undefined && key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new S3Error(
      'InvalidArgument',
      "The local S3 server cannot store a key with a '.' or '..' segment (S3 would keep it as it is).",
      400,
      { ArgumentName: 'key', ArgumentValue: key },
    );
  }
}

/** A query string parameter's (first) value. */
const param = (query, name) => (Array.isArray(query[name]) ? query[name][0] : query[name]);

/** Condition keys a list request carries. */
function listContext(query) {
  const context = {};
  for (const [name, key] of [
    ['prefix', 's3:prefix'],
    ['delimiter', 's3:delimiter'],
    ['max-keys', 's3:max-keys'],
  ]) {
    if (query[name] !== undefined) context[key] = param(query, name);
  }
  return context;
}

/** Parses x-amz-copy-source ("bucket/key" or "/bucket/key", URL-encoded, optional ?versionId=). */
export function parseCopySource(value) {
  const [path, search = ''] = value.split('?');
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  let slash = trimmed.indexOf('/');
  let bucket;
  let key;
  try {
    bucket = decodeURIComponent(trimmed.slice(0, slash));
    key = decodeURIComponent(trimmed.slice(slash + 1));
  } catch {
    slash = -1;
  }
  if (slash < 1 || !key) {
    throw new S3Error(
      'InvalidArgument',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      400,
      { ArgumentName: 'x-amz-copy-source', ArgumentValue: value },
    );
  }
  const versionId = new URLSearchParams(search).get('versionId') ?? undefined;
  return { bucket, key, versionId };
}

/** Extra checks for headers of a write: ACLs and tags set along with the object. */
function writeExtras(bucket, key, headers) {
  const checks = [];
  if (Object.keys(headers).some((h) => h === 'x-amz-acl' || h.startsWith('x-amz-grant-')))
    checks.push({ action: 's3:PutObjectAcl', resource: objectArn(bucket, key) });
  if (headers['x-amz-tagging'] !== undefined)
    checks.push({ action: 's3:PutObjectTagging', resource: objectArn(bucket, key) });
  return checks;
}

function copySourceCheck(headers) {
  const source = parseCopySource(headers['x-amz-copy-source']);
  return {
    action: source.versionId ? 's3:GetObjectVersion' : 's3:GetObject',
    resource: objectArn(source.bucket, source.key),
  };
}

/**
 * Names the S3 operation of a request and the IAM checks it needs.
 * @param {{ method: string, bucket?: string, key: string, query: object, headers: object }} request
 * @returns {{ operation: string, checks: { action: string, resource: string, context?: object }[] }}
 *   `checks` is empty for DeleteObjects, whose keys are checked one by one from the body; an
 *   operation the gateway does not know gets operation 'Unknown' and no checks (denied).
 */
export function describeOperation({ method, bucket, key, query, headers }) {
  const subresources = Object.keys(query).filter((name) => !isArgument(name));
  const unknown = { operation: 'Unknown', checks: [] };
  if (!bucket) {
    return method === 'GET' && subresources.length === 0
      ? { operation: 'ListBuckets', checks: [{ action: 's3:ListAllMyBuckets', resource: '*' }] }
      : unknown;
  }

  if (key === '') {
    if (subresources.length > 1) return unknown;
    const [sub] = subresources;
    if (method === 'POST') {
      // A browser form upload (POST without ?delete) authenticates with its form fields,
      // which this gateway does not read: it arrives anonymous and is denied.
      return sub === 'delete' ? { operation: 'DeleteObjects', checks: [] } : unknown;
    }
    if (sub !== undefined) {
      const action = BUCKET_SUBRESOURCES[method]?.[sub];
      if (!action) return unknown;
      const context = sub === 'versions' || sub === 'uploads' ? listContext(query) : undefined;
      return {
        operation: `${method}Bucket:${sub}`,
        checks: [{ action, resource: bucketArn(bucket), context }],
      };
    }
    switch (method) {
      case 'GET':
        return {
          operation: param(query, 'list-type') === '2' ? 'ListObjectsV2' : 'ListObjects',
          checks: [
            { action: 's3:ListBucket', resource: bucketArn(bucket), context: listContext(query) },
          ],
        };
      case 'HEAD':
        return {
          operation: 'HeadBucket',
          checks: [{ action: 's3:ListBucket', resource: bucketArn(bucket) }],
        };
      case 'PUT':
        return {
          operation: 'CreateBucket',
          checks: [{ action: 's3:CreateBucket', resource: bucketArn(bucket) }],
        };
      case 'DELETE':
        return {
          operation: 'DeleteBucket',
          checks: [{ action: 's3:DeleteBucket', resource: bucketArn(bucket) }],
        };
      default:
        return unknown;
    }
  }

  const sub = subresources.filter((name) => OBJECT_SUBRESOURCES.has(name));
  if (sub.length !== subresources.length) return unknown;
  const has = (name) => sub.includes(name);
  const object = objectArn(bucket, key);
  const versioned = query.versionId !== undefined;
  const check = (action) => ({ action, resource: object });
  const copy = headers['x-amz-copy-source'] !== undefined;

  switch (method) {
    case 'GET':
    case 'HEAD': {
      if (method === 'HEAD' && sub.length) return unknown;
      if (sub.length === 0) {
        return {
          operation: method === 'HEAD' ? 'HeadObject' : 'GetObject',
          checks: [check(versioned ? 's3:GetObjectVersion' : 's3:GetObject')],
        };
      }
      if (sub.length > 1) return unknown;
      const action = {
        uploadId: 's3:ListMultipartUploadParts',
        acl: versioned ? 's3:GetObjectVersionAcl' : 's3:GetObjectAcl',
        tagging: versioned ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging',
        attributes: versioned ? 's3:GetObjectVersionAttributes' : 's3:GetObjectAttributes',
        retention: 's3:GetObjectRetention',
        'legal-hold': 's3:GetObjectLegalHold',
        torrent: versioned ? 's3:GetObjectVersionTorrent' : 's3:GetObjectTorrent',
      }[sub[0]];
      return action ? { operation: `GetObject:${sub[0]}`, checks: [check(action)] } : unknown;
    }
    case 'PUT': {
      if (sub.length === 0) {
        return copy
          ? {
              operation: 'CopyObject',
              checks: [
                copySourceCheck(headers),
                check('s3:PutObject'),
                ...writeExtras(bucket, key, headers),
              ],
            }
          : {
              operation: 'PutObject',
              checks: [check('s3:PutObject'), ...writeExtras(bucket, key, headers)],
            };
      }
      if (has('uploadId') && sub.length === 1 && query.partNumber !== undefined) {
        return copy
          ? {
              operation: 'UploadPartCopy',
              checks: [copySourceCheck(headers), check('s3:PutObject')],
            }
          : { operation: 'UploadPart', checks: [check('s3:PutObject')] };
      }
      if (sub.length > 1) return unknown;
      const action = {
        acl: versioned ? 's3:PutObjectVersionAcl' : 's3:PutObjectAcl',
        tagging: versioned ? 's3:PutObjectVersionTagging' : 's3:PutObjectTagging',
        retention: 's3:PutObjectRetention',
        'legal-hold': 's3:PutObjectLegalHold',
      }[sub[0]];
      return action ? { operation: `PutObject:${sub[0]}`, checks: [check(action)] } : unknown;
    }
    case 'POST':
      if (sub.length !== 1) return unknown;
      if (has('uploads'))
        return {
          operation: 'CreateMultipartUpload',
          checks: [check('s3:PutObject'), ...writeExtras(bucket, key, headers)],
        };
      if (has('uploadId'))
        return { operation: 'CompleteMultipartUpload', checks: [check('s3:PutObject')] };
      if (has('restore'))
        return { operation: 'RestoreObject', checks: [check('s3:RestoreObject')] };
      if (has('select'))
        return { operation: 'SelectObjectContent', checks: [check('s3:GetObject')] };
      return unknown;
    case 'DELETE':
      if (sub.length === 0) {
        return {
          operation: 'DeleteObject',
          checks: [check(versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject')],
        };
      }
      if (sub.length > 1) return unknown;
      if (has('uploadId'))
        return { operation: 'AbortMultipartUpload', checks: [check('s3:AbortMultipartUpload')] };
      if (has('tagging'))
        return {
          operation: 'DeleteObjectTagging',
          checks: [check(versioned ? 's3:DeleteObjectVersionTagging' : 's3:DeleteObjectTagging')],
        };
      return unknown;
    default:
      return unknown;
  }
}
