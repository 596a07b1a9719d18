// The koa middleware that puts this folder in front of s3rver's router: every bucket name, key
// and copy source is checked before s3rver sees it; PutObject and all multipart operations are
// handled here; GET/HEAD get S3's conditional requests and checksums; copies get
// x-amz-copy-source-if-*. s3rver's CORS and authentication middlewares run first on the routes
// handled here, as they do on s3rver's own routes.
import { createRequire } from 'node:module';
import { S3Error, invalidArgument } from './errors.mjs';
import { assertBucketName, assertStorableKey, confineStore } from './confine.mjs';
import { checksumHeaders } from './checksums.mjs';
import { answerReadConditions, assertCopySourceConditions } from './conditional.mjs';
import { copySourceForS3rver, parseCopySource } from './copy-source.mjs';
import { MultipartState } from './multipart-state.mjs';
import {
  abortMultipartUpload,
  createMultipartUpload,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './multipart.mjs';
import { completeMultipartUpload } from './multipart-complete.mjs';
import { patchObjectFiles, readChecksum } from './object-files.mjs';
import { putObject } from './put-object.mjs';

const require = createRequire(import.meta.url);
const requireFromS3rver = createRequire(require.resolve('s3rver'));
const compose = requireFromS3rver('koa-compose');
const corsMiddleware = require('s3rver/lib/middleware/cors.js');
const authenticationMiddleware = require('s3rver/lib/middleware/authentication.js');
const bucketController = require('s3rver/lib/controllers/bucket.js');
const objectController = require('s3rver/lib/controllers/object.js');

// Query parameters that make a request something other than a plain object GET/PUT for s3rver.
const SUBRESOURCES = new Set([...bucketController.METHODS, ...objectController.METHODS]);

function decodeSegment(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** { bucket, key } of a path-style request path; key is undefined for a bucket request. */
export function parseTarget(pathname) {
  const rest = pathname.slice(1);
  if (rest === '') return undefined;
  const slash = rest.indexOf('/');
  if (slash === -1) return { bucket: decodeSegment(rest), key: undefined };
  const key = rest.slice(slash + 1);
  return {
    bucket: decodeSegment(rest.slice(0, slash)),
    key: key === '' ? undefined : decodeSegment(key),
  };
}

/** Which handler of this folder serves a request to an object, or undefined (s3rver's). */
export function objectRoute(method, query, headers) {
  const has = (name) => Object.hasOwn(query, name);
  const copy = headers['x-amz-copy-source'] !== undefined;
  if (has('uploadId')) {
    if (method === 'PUT') return copy ? 'uploadPartCopy' : 'uploadPart';
    return { POST: 'complete', DELETE: 'abort', GET: 'listParts' }[method];
  }
  if (has('uploads')) return method === 'POST' ? 'create' : undefined;
  if ([...SUBRESOURCES].some(has)) return undefined;
  if (method === 'PUT') return copy ? 'copyObject' : 'putObject';
  if (method === 'GET' || method === 'HEAD') return 'getObject';
  return undefined;
}

// CopyObject stays s3rver's, with the source parsed as S3 parses it and its conditions checked.
async function copyObject(ctx, { next }) {
  const source = parseCopySource(ctx.headers['x-amz-copy-source']);
  const metadata = await ctx.store.getMetadata(source.bucket, source.key).catch((error) => {
    if (error.code === 'ENOENT') return undefined; // s3rver answers NoSuchKey
    throw error;
  });
  if (metadata) assertCopySourceConditions(ctx.headers, metadata);
  ctx.headers['x-amz-copy-source'] = copySourceForS3rver(source);
  await next();
}

// GetObject / HeadObject stay s3rver's, behind S3's conditions, plus the stored checksum when
// asked for with x-amz-checksum-mode (only for the whole object, as S3 does).
async function getObject(ctx, { bucket, key, next }) {
  const metadata = await ctx.store.getMetadata(bucket, key).catch((error) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined; // s3rver answers NoSuchKey
    throw error;
  });
  if (metadata && answerReadConditions(ctx, metadata)) return;
  const checksumMode = String(ctx.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED';
  await next();
  if (checksumMode && ctx.status === 200)
    ctx.set(checksumHeaders(await readChecksum(ctx.store, bucket, key)));
}

const HANDLERS = {
  create: createMultipartUpload,
  uploadPart,
  uploadPartCopy,
  complete: completeMultipartUpload,
  abort: abortMultipartUpload,
  listParts,
  putObject,
  copyObject,
  getObject,
};

// s3rver's own multipart code built paths from the upload ID and part number; nothing may reach it.
function disableS3rverMultipart(store) {
  for (const method of ['initiateUpload', 'putPart', 'putObjectMultipart'])
    store[method] = async () => {
      throw new S3Error(
        'NotImplemented',
        'Multipart uploads are handled by the local backend, not by s3rver.',
      );
    };
}

/** Patches s3rver's store and returns the middleware to put just before s3rver's router. */
export function s3SemanticsLayer(store, { dataDir }) {
  confineStore(store);
  patchObjectFiles(store);
  disableS3rverMultipart(store);
  const uploads = new MultipartState(dataDir);
  const guards = [corsMiddleware(), authenticationMiddleware()];
  return async function s3Semantics(ctx, next) {
    // s3rver's authentication middleware copies x-amz-* query parameters over the headers, after
    // this layer has checked them: a copy source must come as a header, as the gateway forwards it.
    const queryCopySource = Object.keys(ctx.query).find((name) =>
      name.toLowerCase().startsWith('x-amz-copy-source'),
    );
    if (queryCopySource)
      throw invalidArgument(
        `${queryCopySource} is only accepted as a header.`,
        queryCopySource,
        ctx.query[queryCopySource],
      );
    const target = parseTarget(ctx.path);
    if (!target || ctx.method === 'OPTIONS') return next();
    assertBucketName(target.bucket);
    if (target.key === undefined) return next();
    assertStorableKey(target.key);
    const route = objectRoute(ctx.method, ctx.query, ctx.headers);
    if (!route) return next();
    ctx.params = { bucket: target.bucket, key: target.key };
    const handler = HANDLERS[route];
    await compose([
      ...guards,
      (innerCtx, innerNext) => handler(innerCtx, { ...target, uploads, next: innerNext }),
    ])(ctx, next);
  };
}
