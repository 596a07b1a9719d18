import type { SdkHttpResponse } from 'ngx-amplify-storage';
import { LevelPrefixes, TestingAction, testingAccessAllowed } from './access-rules';
import { InMemoryBucket, StoredObject } from './in-memory-bucket';
import {
  S3Request,
  childText,
  element,
  errorResponse,
  objectHeadersOf,
  objectResponseHeaders,
  xmlElements,
  xmlResponse,
} from './s3-wire';

/** Who sends a request, and the prefixes their access is judged by. */
export interface Caller {
  identityId: string | undefined;
  prefixes: LevelPrefixes;
}

const denied = (request: S3Request) =>
  errorResponse(403, 'AccessDenied', 'Access Denied', request.operation === 'HeadObject');

/** S3's answer to an If-Match (or x-amz-copy-source-if-match) that the object no longer matches. */
function preconditionFailed(head: boolean): SdkHttpResponse {
  return errorResponse(
    412,
    'PreconditionFailed',
    'At least one of the preconditions you specified did not hold.',
    head,
  );
}

/** What each operation does to its key, for the access check. */
function actionOf(request: S3Request): TestingAction {
  switch (request.operation) {
    case 'GetObject':
    case 'HeadObject':
      return 'read';
    case 'ListObjectsV2':
      return 'list';
    default:
      return 'write';
  }
}

/**
 * S3 over an InMemoryBucket, for the operations StorageService sends, with the answers (status,
 * headers, XML) a real bucket gives and the identity pool's access rules applied to every key.
 */
export function serveS3(
  bucket: InMemoryBucket,
  request: S3Request,
  body: Uint8Array,
  caller: Caller,
): SdkHttpResponse {
  const allowed = (action: TestingAction, key: string) =>
    testingAccessAllowed(action, key, caller.identityId, caller.prefixes);
  const { key, query, headers } = request;
  if (request.operation === 'ListObjectsV2') {
    const prefix = query['prefix'] ?? '';
    if (!allowed('list', prefix)) return denied(request);
    return listResponse(bucket, request);
  }
  if (request.operation === 'DeleteObjects') return deleteObjects(bucket, body, allowed);
  if (!allowed(actionOf(request), key)) return denied(request);
  switch (request.operation) {
    case 'GetObject':
    case 'HeadObject':
      return readObject(bucket.get(key), request);
    case 'PutObject': {
      const stored = bucket.put(key, body, objectHeadersOf(headers));
      return { statusCode: 200, headers: { etag: stored.eTag }, body: new Uint8Array() };
    }
    case 'DeleteObject':
      bucket.delete(key);
      return { statusCode: 204, headers: {}, body: new Uint8Array() };
    case 'CopyObject':
      return copyObject(bucket, request, allowed);
    case 'CreateMultipartUpload': {
      const uploadId = bucket.createUpload(key, objectHeadersOf(headers));
      return xmlResponse(
        200,
        'InitiateMultipartUploadResult',
        element('Bucket', request.bucket) + element('Key', key) + element('UploadId', uploadId),
      );
    }
    case 'UploadPart': {
      const eTag = bucket.putPart(query['uploadId'], key, Number(query['partNumber']), body);
      return eTag === undefined
        ? errorResponse(404, 'NoSuchUpload', 'The specified upload does not exist.')
        : { statusCode: 200, headers: { etag: eTag }, body: new Uint8Array() };
    }
    case 'CompleteMultipartUpload': {
      const parts = xmlElements(new TextDecoder().decode(body), 'Part').map((part) => ({
        partNumber: Number(childText(part, 'PartNumber')),
        eTag: childText(part, 'ETag'),
      }));
      const result = bucket.completeUpload(query['uploadId'], key, parts);
      if (result === 'NoSuchUpload')
        return errorResponse(404, 'NoSuchUpload', 'The specified upload does not exist.');
      if (result === 'InvalidPart')
        return errorResponse(
          400,
          'InvalidPart',
          'One or more of the specified parts could not be found.',
        );
      return xmlResponse(
        200,
        'CompleteMultipartUploadResult',
        element('Bucket', request.bucket) + element('Key', key) + element('ETag', result.eTag),
      );
    }
    case 'AbortMultipartUpload':
      bucket.abortUpload(query['uploadId']);
      return { statusCode: 204, headers: {}, body: new Uint8Array() };
  }
}

/** GetObject and HeadObject: If-Match, Range, and the object's headers. */
function readObject(object: StoredObject | undefined, request: S3Request): SdkHttpResponse {
  const head = request.operation === 'HeadObject';
  if (!object) return errorResponse(404, 'NoSuchKey', 'The specified key does not exist.', head);
  const ifMatch = request.headers['if-match'];
  if (ifMatch !== undefined && ifMatch !== object.eTag) return preconditionFailed(head);
  const headers = objectResponseHeaders(object);
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers['range'] ?? '');
  if (head) return { statusCode: 200, headers, body: new Uint8Array() };
  if (!range) return { statusCode: 200, headers, body: new Blob([object.body as BlobPart]) };
  const size = object.body.length;
  const start = Number(range[1]);
  const end = Math.min(range[2] === '' ? size - 1 : Number(range[2]), size - 1);
  if (start >= size)
    return errorResponse(416, 'InvalidRange', 'The requested range is not satisfiable');
  const slice = object.body.slice(start, end + 1);
  return {
    statusCode: 206,
    headers: {
      ...headers,
      'content-length': String(slice.length),
      'content-range': `bytes ${start}-${end}/${size}`,
    },
    body: new Blob([slice as BlobPart]),
  };
}

function listResponse(bucket: InMemoryBucket, request: S3Request): SdkHttpResponse {
  const { query } = request;
  const prefix = query['prefix'] ?? '';
  const max = Math.min(Number(query['max-keys'] ?? 1000), 1000);
  const page = bucket.list(
    prefix,
    max,
    query['continuation-token'],
    query['delimiter'] || undefined,
  );
  const contents = page.objects
    .map(
      (object) =>
        `<Contents>${element('Key', object.key)}${element('LastModified', object.lastModified.toISOString())}${element('ETag', object.eTag)}${element('Size', object.body.length)}${element('StorageClass', 'STANDARD')}</Contents>`,
    )
    .join('');
  const folders = page.folders
    .map((folder) => `<CommonPrefixes>${element('Prefix', folder)}</CommonPrefixes>`)
    .join('');
  return xmlResponse(
    200,
    'ListBucketResult',
    element('Name', request.bucket) +
      element('Prefix', prefix) +
      element('KeyCount', page.objects.length + page.folders.length) +
      element('MaxKeys', max) +
      element('IsTruncated', page.nextToken !== undefined) +
      (page.nextToken === undefined ? '' : element('NextContinuationToken', page.nextToken)) +
      contents +
      folders,
  );
}

function deleteObjects(
  bucket: InMemoryBucket,
  body: Uint8Array,
  allowed: (action: TestingAction, key: string) => boolean,
): SdkHttpResponse {
  const keys = xmlElements(new TextDecoder().decode(body), 'Object').map((object) =>
    childText(object, 'Key'),
  );
  const results = keys.map((key) => {
    if (!allowed('write', key))
      return `<Error>${element('Key', key)}${element('Code', 'AccessDenied')}${element('Message', 'Access Denied')}</Error>`;
    bucket.delete(key);
    return `<Deleted>${element('Key', key)}</Deleted>`;
  });
  return xmlResponse(200, 'DeleteResult', results.join(''));
}

function copyObject(
  bucket: InMemoryBucket,
  request: S3Request,
  allowed: (action: TestingAction, key: string) => boolean,
): SdkHttpResponse {
  const source = decodeURIComponent(request.headers['x-amz-copy-source']).replace(/^\//, '');
  const sourceKey = source.slice(source.indexOf('/') + 1);
  if (!allowed('read', sourceKey)) return denied(request);
  const object = bucket.get(sourceKey);
  if (!object) return errorResponse(404, 'NoSuchKey', 'The specified key does not exist.');
  const ifMatch = request.headers['x-amz-copy-source-if-match'];
  if (ifMatch !== undefined && ifMatch !== object.eTag) return preconditionFailed(false);
  const replace = request.headers['x-amz-metadata-directive'] === 'REPLACE';
  const { contentType, contentDisposition, cacheControl, expires, metadata } = object;
  const copied = bucket.put(
    request.key,
    object.body,
    replace
      ? objectHeadersOf(request.headers)
      : { contentType, contentDisposition, cacheControl, expires, metadata },
  );
  return xmlResponse(
    200,
    'CopyObjectResult',
    element('LastModified', copied.lastModified.toISOString()) + element('ETag', copied.eTag),
  );
}
