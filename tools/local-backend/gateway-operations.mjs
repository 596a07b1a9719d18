// The S3 operations the local gateway serves, each with its allowlisted shape: method, target
// (service, bucket or object), the query parameters that select it and those it takes, the
// headers it takes, and how its body is handled. A request is matched to exactly one shape or
// refused with S3's error; what goes upstream is rebuilt from the parsed shape only, never from
// the request's own query string or headers. Each operation also names the IAM checks it needs,
// as S3 authorizes it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
// Path-style addressing only (http://host/bucket/key), which is what the local backend serves.
import { S3Error } from './sigv4.mjs';
import { parseCopySource, parsePartNumber, checkUploadId, upstreamPath } from './gateway/names.mjs';
import { forwardedHeaders } from './gateway/headers.mjs';

const bucketArn = (bucket) => `arn:aws:s3:::${bucket}`;
const objectArn = (bucket, key) => `arn:aws:s3:::${bucket}/${key}`;

// Query parameters of presigned-URL authentication (SigV4 query form), read by sigv4.mjs.
export const PRESIGN_PARAMETERS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256', // the SDK's presigner hoists a signed payload hash here
]);

// Query parameters that select an operation; a request carries at most these.
const SELECTORS = new Set(['list-type', 'location', 'delete', 'uploads', 'uploadId', 'tagging']);
// S3 subresources the local backend does not serve (NotImplemented rather than "unknown").
const UNSERVED_SUBRESOURCES = new Set(
  (
    'accelerate acl analytics attributes cors encryption intelligent-tiering inventory legal-hold ' +
    'lifecycle logging metrics notification object-lock ownershipControls policy policyStatus ' +
    'publicAccessBlock replication requestPayment restore retention select session ' +
    'torrent versioning versions website renameObject'
  ).split(' '),
);

const RESPONSE_OVERRIDES = [
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
];

// 'response-content-type' -> 'Content-Type', and so on.
const HEADER_OF_OVERRIDE = Object.fromEntries(
  RESPONSE_OVERRIDES.map((name) => [
    name,
    name
      .slice('response-'.length)
      .split('-')
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join('-'),
  ]),
);

const invalidArgument = (name, value, message) =>
  new S3Error('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

// How each argument is checked; returns the value to forward, or undefined to drop it.
const integer = (name) => (value) => {
  if (!/^\d{1,9}$/.test(value))
    throw invalidArgument(name, value, `${name} must be a non-negative integer`);
  return value;
};
const anyText = (name) => (value) => {
  if (/[\0-\x1f\x7f]/.test(value))
    throw invalidArgument(name, value, `${name} holds a control character`);
  return value;
};
const ARGUMENTS = {
  prefix: anyText('prefix'),
  delimiter: anyText('delimiter'),
  'max-keys': integer('max-keys'),
  'continuation-token': anyText('continuation-token'),
  'start-after': anyText('start-after'),
  marker: anyText('marker'),
  'fetch-owner': (value) => {
    if (value !== 'true' && value !== 'false')
      throw invalidArgument('fetch-owner', value, 'fetch-owner must be true or false');
    return value;
  },
  'encoding-type': (value) => {
    if (value !== 'url')
      throw invalidArgument('encoding-type', value, 'Invalid Encoding Method specified in Request');
    return value;
  },
  'max-parts': integer('max-parts'),
  'part-number-marker': integer('part-number-marker'),
  // The bucket is not versioned: the only version is "null", the object itself.
  versionId: (value) => {
    if (value !== 'null') throw invalidArgument('versionId', value, 'Invalid version id specified');
    return undefined;
  },
  ...Object.fromEntries(RESPONSE_OVERRIDES.map((name) => [name, anyText(name)])),
};

const LIST_V2_ARGUMENTS = [
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
];
const LIST_V1_ARGUMENTS = ['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type'];
const READ_ARGUMENTS = ['versionId', ...RESPONSE_OVERRIDES];

/** Condition keys a list request carries. */
function listContext(args) {
  const context = {};
  for (const [name, key] of [
    ['prefix', 's3:prefix'],
    ['delimiter', 's3:delimiter'],
    ['max-keys', 's3:max-keys'],
  ])
    if (args[name] !== undefined) context[key] = args[name];
  return context;
}

/** Extra checks for headers of a write: tags set along with the object. */
const taggingCheck = ({ bucket, key, headers }) =>
  headers['x-amz-tagging'] !== undefined
    ? [{ action: 's3:PutObjectTagging', resource: objectArn(bucket, key) }]
    : [];
const versioned = (args, action) =>
  args.versionId !== undefined ? action.replace('Object', 'ObjectVersion') : action;
const copySourceCheck = ({ copySource }) => ({
  action: copySource.versionId ? 's3:GetObjectVersion' : 's3:GetObject',
  resource: objectArn(copySource.bucket, copySource.key),
});

// The shapes. `select`: the selector parameters that pick the shape (exactly these); `copy`:
// whether x-amz-copy-source is present; `args`: the other parameters it takes; `body`: 'none',
// 'stream' (object data), 'delete' or 'complete' (XML the gateway parses and rewrites).
const OPERATIONS = [
  {
    name: 'ListBuckets',
    method: 'GET',
    target: 'service',
    checks: () => [{ action: 's3:ListAllMyBuckets', resource: '*' }],
  },
  {
    name: 'ListObjectsV2',
    method: 'GET',
    target: 'bucket',
    select: ['list-type'],
    args: LIST_V2_ARGUMENTS,
    checks: ({ bucket, args }) => [
      { action: 's3:ListBucket', resource: bucketArn(bucket), context: listContext(args) },
    ],
  },
  {
    name: 'ListObjects',
    method: 'GET',
    target: 'bucket',
    args: LIST_V1_ARGUMENTS,
    checks: ({ bucket, args }) => [
      { action: 's3:ListBucket', resource: bucketArn(bucket), context: listContext(args) },
    ],
  },
  {
    name: 'GetBucketLocation',
    method: 'GET',
    target: 'bucket',
    select: ['location'],
    checks: ({ bucket }) => [{ action: 's3:GetBucketLocation', resource: bucketArn(bucket) }],
  },
  {
    name: 'HeadBucket',
    method: 'HEAD',
    target: 'bucket',
    checks: ({ bucket }) => [{ action: 's3:ListBucket', resource: bucketArn(bucket) }],
  },
  {
    name: 'DeleteObjects',
    method: 'POST',
    target: 'bucket',
    select: ['delete'],
    body: 'delete',
    checks: () => [],
  },
  {
    name: 'GetObject',
    method: 'GET',
    target: 'object',
    args: READ_ARGUMENTS,
    checks: ({ bucket, key, args }) => [
      { action: versioned(args, 's3:GetObject'), resource: objectArn(bucket, key) },
    ],
  },
  {
    name: 'HeadObject',
    method: 'HEAD',
    target: 'object',
    args: READ_ARGUMENTS,
    checks: ({ bucket, key, args }) => [
      { action: versioned(args, 's3:GetObject'), resource: objectArn(bucket, key) },
    ],
  },
  {
    name: 'PutObject',
    method: 'PUT',
    target: 'object',
    copy: false,
    body: 'stream',
    checks: (op) => [
      { action: 's3:PutObject', resource: objectArn(op.bucket, op.key) },
      ...taggingCheck(op),
    ],
  },
  {
    name: 'CopyObject',
    method: 'PUT',
    target: 'object',
    copy: true,
    checks: (op) => [
      copySourceCheck(op),
      { action: 's3:PutObject', resource: objectArn(op.bucket, op.key) },
      ...taggingCheck(op),
    ],
  },
  {
    name: 'UploadPart',
    method: 'PUT',
    target: 'object',
    select: ['uploadId'],
    args: ['partNumber'],
    copy: false,
    body: 'stream',
    checks: ({ bucket, key }) => [{ action: 's3:PutObject', resource: objectArn(bucket, key) }],
  },
  {
    name: 'UploadPartCopy',
    method: 'PUT',
    target: 'object',
    select: ['uploadId'],
    args: ['partNumber'],
    copy: true,
    checks: (op) => [
      copySourceCheck(op),
      { action: 's3:PutObject', resource: objectArn(op.bucket, op.key) },
    ],
  },
  {
    name: 'CreateMultipartUpload',
    method: 'POST',
    target: 'object',
    select: ['uploads'],
    checks: (op) => [
      { action: 's3:PutObject', resource: objectArn(op.bucket, op.key) },
      ...taggingCheck(op),
    ],
  },
  {
    name: 'CompleteMultipartUpload',
    method: 'POST',
    target: 'object',
    select: ['uploadId'],
    body: 'complete',
    checks: ({ bucket, key }) => [{ action: 's3:PutObject', resource: objectArn(bucket, key) }],
  },
  {
    name: 'ListParts',
    method: 'GET',
    target: 'object',
    select: ['uploadId'],
    args: ['max-parts', 'part-number-marker'],
    checks: ({ bucket, key }) => [
      { action: 's3:ListMultipartUploadParts', resource: objectArn(bucket, key) },
    ],
  },
  {
    name: 'AbortMultipartUpload',
    method: 'DELETE',
    target: 'object',
    select: ['uploadId'],
    checks: ({ bucket, key }) => [
      { action: 's3:AbortMultipartUpload', resource: objectArn(bucket, key) },
    ],
  },
  // The AWS CLI reads a source's tags before a multipart copy (its default --copy-props); IAM
  // decides, as on AWS, where the committed policies grant no s3:GetObjectTagging.
  {
    name: 'GetObjectTagging',
    method: 'GET',
    target: 'object',
    select: ['tagging'],
    args: ['versionId'],
    checks: ({ bucket, key, args }) => [
      { action: versioned(args, 's3:GetObjectTagging'), resource: objectArn(bucket, key) },
    ],
  },
  {
    name: 'DeleteObject',
    method: 'DELETE',
    target: 'object',
    args: ['versionId'],
    checks: ({ bucket, key, args }) => [
      { action: versioned(args, 's3:DeleteObject'), resource: objectArn(bucket, key) },
    ],
  },
];

// x-amz-* values a presigned URL may carry in its query, which S3 reads as the signed headers of the
// same names: the SDK's presigner hoists its checksum settings there by default (checksum mode on
// GET URLs; the algorithm and the empty body's CRC32 on PUT URLs, which S3 then holds against the
// body). They only ask for a checksum to be returned or verified, so they take the header path,
// with its checks; anything else operation-changing is refused in the query.
const PRESIGNED_HEADER_PARAMETERS = new Set([
  'x-amz-checksum-mode',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
]);

/** The value of a parameter that must appear once (duplicates are refused: readers differ on them). */
function single(query, name) {
  const value = query[name];
  if (Array.isArray(value))
    throw invalidArgument(
      name,
      value.join(','),
      `The query parameter ${name} appears more than once`,
    );
  return value;
}

/**
 * Matches a request to one operation shape and rebuilds what goes upstream.
 * @param {{ method, bucket?, key, query, headers, headerCounts }} request from sigv4.describeRequest
 * @param {{ kind: string }} auth from sigv4.parseAuthentication
 * @returns {{ name, bucket, key, args, copySource?, uploadId?, partNumber?, body, checks,
 *   upstream: { method, path, headers }, streaming }}
 */
export function describeOperation(request, auth) {
  const { method, bucket, key, query } = request;
  const target = bucket === undefined ? 'service' : key === '' ? 'bucket' : 'object';
  const selectors = [];
  const given = {};
  const headers = { ...request.headers };
  for (const name of Object.keys(query)) {
    if (auth.kind === 'query' && PRESIGN_PARAMETERS.has(name)) continue;
    if (name === 'x-id') continue; // the SDK's operation name, which S3 ignores
    if (auth.kind === 'query' && PRESIGNED_HEADER_PARAMETERS.has(name)) {
      if (headers[name] !== undefined) {
        throw invalidArgument(
          name,
          String(query[name]),
          `${name} is given both as a header and in the query`,
        );
      }
      headers[name] = single(query, name);
      continue;
    }
    if (name.toLowerCase().startsWith('x-amz-')) {
      throw invalidArgument(
        name,
        String(query[name]),
        `The query parameter ${name} is not accepted: x-amz-* query parameters are only presigned-URL ` +
          'authentication; send operation values such as x-amz-copy-source as headers.',
      );
    }
    const value = single(query, name);
    if (SELECTORS.has(name)) selectors.push(name);
    else if (UNSERVED_SUBRESOURCES.has(name)) {
      throw new S3Error(
        'NotImplemented',
        `The local S3 backend does not serve the ?${name} subresource.`,
        501,
        { Subresource: name },
      );
    } else given[name] = value;
  }
  const copy = headers['x-amz-copy-source'] !== undefined;
  const selected = selectors.sort().join('&');
  const candidates = OPERATIONS.filter(
    (op) => op.target === target && (op.select ?? []).join('&') === selected,
  );
  if (candidates.length === 0) {
    throw new S3Error(
      'NotImplemented',
      'A query parameter you provided implies functionality that is not implemented',
      501,
      {
        Parameters: selected,
      },
    );
  }
  const op = candidates.find(
    (c) => c.method === method && (c.copy === undefined || c.copy === copy),
  );
  if (!op) {
    if (candidates.some((c) => c.method === method)) {
      throw invalidArgument(
        'x-amz-copy-source',
        headers['x-amz-copy-source'] ?? '',
        `${method} here does not take x-amz-copy-source`,
      );
    }
    // S3 serves every method of a subresource (PUT ?tagging is PutObjectTagging); this backend only some.
    if (selected === 'tagging') {
      throw new S3Error(
        'NotImplemented',
        `The local S3 backend does not serve ${method} ?${selected}.`,
        501,
        { Subresource: selected },
      );
    }
    throw new S3Error(
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      405,
      {
        Method: method,
        ResourceType: target.toUpperCase(),
      },
    );
  }

  const args = {};
  const responseOverrides = {};
  const forwardedQuery = [];
  for (const [name, value] of Object.entries(given)) {
    if (!(op.args ?? []).includes(name)) {
      throw invalidArgument(name, value, `${op.name} does not take the query parameter ${name}`);
    }
    if (name === 'partNumber') continue;
    args[name] = value;
    const forwarded = ARGUMENTS[name](value);
    // Response header overrides are applied by the gateway to the answer (s3rver takes them only
    // from requests it authenticated itself, and it gets anonymous ones).
    if (RESPONSE_OVERRIDES.includes(name)) responseOverrides[HEADER_OF_OVERRIDE[name]] = forwarded;
    else if (forwarded !== undefined) forwardedQuery.push([name, forwarded]);
  }
  const described = {
    name: op.name,
    bucket,
    key,
    args,
    body: op.body ?? 'none',
    headers,
    duplicates: request.duplicates,
    responseOverrides,
  };
  if (selected === 'list-type') {
    if (single(query, 'list-type') !== '2')
      throw invalidArgument('list-type', query['list-type'], 'list-type must be 2');
    forwardedQuery.unshift(['list-type', '2']);
  } else if (selected) {
    forwardedQuery.unshift([selected, '']);
  }
  if (selected === 'uploadId') {
    described.uploadId = checkUploadId(query.uploadId);
    forwardedQuery[0][1] = described.uploadId;
    if (op.name === 'UploadPart' || op.name === 'UploadPartCopy') {
      if (given.partNumber === undefined) {
        throw invalidArgument('partNumber', '', `${op.name} needs the partNumber query parameter`);
      }
      described.partNumber = parsePartNumber(given.partNumber);
      forwardedQuery.splice(1, 0, ['partNumber', String(described.partNumber)]);
    }
  }
  if (copy) described.copySource = parseCopySource(headers['x-amz-copy-source']);
  forwardedQuery.sort(([a], [b]) => (a === b ? 0 : a < b ? -1 : 1));

  const upstreamHeaders = forwardedHeaders(op.name, headers, described);
  described.checks = op.checks(described);
  described.upstream = {
    method,
    path:
      upstreamPath(bucket, target === 'object' ? key : undefined) +
      (forwardedQuery.length
        ? `?${forwardedQuery.map(([n, v]) => (v === '' && SELECTORS.has(n) ? encodeURIComponent(n) : `${encodeURIComponent(n)}=${encodeURIComponent(v)}`)).join('&')}`
        : ''),
    headers: upstreamHeaders,
  };
  return described;
}
