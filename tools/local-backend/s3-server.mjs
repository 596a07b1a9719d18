// Child process started by backend.mjs: runs s3rver, which needs the OpenSSL legacy
// provider (DES continuation tokens) that we do not want to force on the parent process.
// Protocol over IPC: we send {type:'ready', port} or {type:'error', message};
// the parent sends {type:'allow-key', id, accessKeyId, secret, expiresAt}, we answer {type:'ack', id}.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { corsConfigurationXml } from './gateway/cors.mjs';
import { s3SemanticsLayer } from './s3/layer.mjs';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js');
const { getConfigModel } = require('s3rver/lib/models/config.js');
const S3Object = require('s3rver/lib/models/object.js');
const bucketController = require('s3rver/lib/controllers/bucket.js');

// FilesystemStore keeps the object "a/b.txt" in <bucket>/a/b.txt._S3rver_object (see s3/object-files.mjs).
const OBJECT_SUFFIX = '._S3rver_object';

// s3rver's continuation token: "<region>/<bucket>/<start after>", DES-CBC under this key, IV first.
const TOKEN_KEY = Buffer.alloc(8, 'S3RVER');

// Longest delay setTimeout accepts; keys living longer than ~24 days simply never get revoked.
const MAX_TIMER_MS = 2 ** 31 - 1;

// s3rver answers preflights without Access-Control-Expose-Headers / Max-Age (it only puts
// them on actual responses); real S3 sends both on the preflight, and Max-Age is what lets
// browsers cache preflights, so we add them from the matching CORS rule. s3rver also allows a
// matching preflight with '*'; S3 names the origin unless the rule itself says '*'.
async function completePreflight(ctx, next) {
  await next();
  if (
    ctx.method !== 'OPTIONS' ||
    ctx.status !== 200 ||
    !ctx.response.get('Access-Control-Allow-Origin')
  )
    return;
  const config =
    ctx.params?.bucket && (await ctx.store.getSubresource(ctx.params.bucket, undefined, 'cors'));
  const rule = config?.matchRule(ctx.get('origin'), ctx.get('access-control-request-method'));
  if (!rule) return;
  if (!rule.hasWildcardOrigin) ctx.set('Access-Control-Allow-Origin', ctx.get('origin'));
  if (rule.exposeHeaders.length)
    ctx.set('Access-Control-Expose-Headers', rule.exposeHeaders.join(', '));
  if (rule.maxAgeSeconds != null) ctx.set('Access-Control-Max-Age', String(rule.maxAgeSeconds));
}

// Creates the bucket if absent and writes its CORS rules for the allowed origins at every start,
// so a data folder from an older version (AllowedOrigin '*', which let any web page in) is fixed.
async function ensureBucket(store, bucket, corsOrigins) {
  if (!(await store.getBucket(bucket))) await store.putBucket(bucket);
  const rules = getConfigModel('cors').validate(corsConfigurationXml(corsOrigins));
  await store.putSubresource(bucket, undefined, rules);
}

// s3rver rejects unknown access key ids but does not check SigV4 signatures, so registering the
// keys our Cognito stand-in issues is what lets them (and only them, plus s3rver's S3RVER key) in.
function allowKey({ accessKeyId, secret, expiresAt }) {
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secret);
  const ttl = Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS);
  setTimeout(() => DUMMY_ACCOUNT.revokeAccessKey(accessKeyId), ttl).unref();
}

// s3rver's FilesystemStore.listObjects walks folders in readdir order and pages by "continue after
// the last key returned", so keys come out of S3's order (UTF-8 byte order) and paging skips keys;
// common prefixes are neither counted toward MaxKeys nor kept off the next page. List as S3 does:
// collect the keys under the prefix, sort their bytes, page through keys and common prefixes
// together, and read metadata only for the keys of the page.
function listObjectsInS3Order(store) {
  store.listObjects = async function listObjectsInS3Order(bucket, options) {
    const { prefix = '', delimiter = '', startAfter = '', maxKeys = Infinity } = options;
    const keys = await keysUnder(this, bucket, prefix);
    const page = listingPage(keys, { prefix, delimiter, startAfter, maxKeys });
    const objects = await Promise.all(
      page.keys.map((key) =>
        this.getMetadata(bucket, key).then(
          (metadata) => new S3Object(bucket, key, null, metadata),
          (err) => {
            if (err.code === 'ENOENT') return null; // deleted since we read its folder
            throw err;
          },
        ),
      ),
    );
    return {
      objects: objects.filter(Boolean),
      commonPrefixes: page.commonPrefixes,
      isTruncated: page.isTruncated,
      lastItem: page.lastItem,
    };
  };
}

// Every key starting with prefix, from the folder layout. Only the folder of the prefix's last
// segment is walked, with its subfolders. Keys are stored with path.join(...key.split('/')), so
// a key with an empty, '.' or '..' segment lives elsewhere; for such a prefix walk from the bucket.
async function keysUnder(store, bucket, prefix) {
  const { encodeKeyPath, decodeKeyPath } = store.constructor;
  const prefixFolder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const plainFolders = prefixFolder
    .split('/')
    .slice(0, -1)
    .every((segment) => segment && segment !== '.' && segment !== '..');
  const startFolder = plainFolders ? prefixFolder : '';
  const keys = [];
  const walk = async (folderPath, folderKey) => {
    let entries;
    try {
      entries = await readdir(folderPath, { withFileTypes: true });
    } catch (err) {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return;
      throw err;
    }
    await Promise.all(
      entries.map(async (entry) => {
        const name = decodeKeyPath(entry.name);
        if (entry.isDirectory()) {
          const subfolderKey = `${folderKey}${name}/`;
          if (subfolderKey.startsWith(prefix) || prefix.startsWith(subfolderKey))
            await walk(join(folderPath, entry.name), subfolderKey);
        } else if (entry.isFile() && name.endsWith(OBJECT_SUFFIX)) {
          const key = folderKey + name.slice(0, -OBJECT_SUFFIX.length);
          if (key.startsWith(prefix)) keys.push(key);
        }
      }),
    );
  };
  await walk(join(store.getBucketPath(bucket), encodeKeyPath(startFolder)), startFolder);
  return keys;
}

// One page of a listing as S3 builds it: the keys after startAfter in UTF-8 byte order, where with
// a delimiter all keys containing it after the prefix roll up into one common prefix that counts
// as one item toward maxKeys. A startAfter inside a common prefix means "after that prefix" (as in
// Ceph's S3 gateway): S3 documents that NextMarker may be a common prefix, to be passed as Marker.
function listingPage(keys, { prefix, delimiter, startAfter, maxKeys }) {
  const sorted = keys
    .map((key) => ({ key, bytes: Buffer.from(key) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const after = Buffer.from(startAfter);
  const rollUp = (key) => {
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    return at === -1 ? undefined : key.slice(0, at + delimiter.length);
  };
  const startPrefix = startAfter.startsWith(prefix) ? rollUp(startAfter) : undefined;
  const page = { keys: [], commonPrefixes: [], isTruncated: false, lastItem: undefined };
  for (const { key, bytes } of sorted) {
    if (Buffer.compare(bytes, after) <= 0) continue;
    const commonPrefix = rollUp(key);
    // The keys under a common prefix are adjacent in this order: skip all but the first.
    if (commonPrefix && (commonPrefix === startPrefix || commonPrefix === page.lastItem)) continue;
    if (page.keys.length + page.commonPrefixes.length === maxKeys) {
      page.isTruncated = true;
      break;
    }
    if (commonPrefix === undefined) page.keys.push(key);
    else page.commonPrefixes.push(commonPrefix);
    page.lastItem = commonPrefix ?? key;
  }
  return page;
}

// s3rver's ListObjects controller makes NextContinuationToken (V2) / NextMarker (V1) from the last
// object of the page, so it fails when a page ends with a common prefix (500 if the page has no
// object); its KeyCount leaves out common prefixes, which S3 counts; and it reads the token only up
// to a line break, so paging past a key holding one loops. Run it with our page passed off as
// complete, continuing from the token as we read it, then set those fields from the real page.
function fixListingContinuation(controller) {
  const getBucket = controller.getBucket;
  controller.getBucket = async function getBucketContinuingAfterLastItem(ctx) {
    const v2 = ctx.query['list-type'] === '2';
    const token = v2 ? ctx.query['continuation-token'] : undefined;
    const tokenStartAfter = token ? startAfterInToken(token) : undefined;
    const { store } = ctx;
    let page;
    ctx.store = Object.create(store, {
      listObjects: {
        async value(bucket, options) {
          page = await store.listObjects(bucket, {
            ...options,
            startAfter: tokenStartAfter ?? options.startAfter,
          });
          return { ...page, isTruncated: false };
        },
      },
    });
    try {
      await getBucket(ctx);
    } finally {
      delete ctx.store;
    }
    const result = ctx.body?.ListBucketResult;
    if (!page || !result) return;
    if (v2) result.KeyCount = page.objects.length + page.commonPrefixes.length;
    if (!page.isTruncated) return;
    result.IsTruncated = true;
    if (v2) result.NextContinuationToken = continuationToken(ctx.params.bucket, page.lastItem);
    else if (result.Delimiter) result.NextMarker = page.lastItem;
  };
}

function continuationToken(bucket, startAfter) {
  const iv = randomBytes(8);
  const cipher = createCipheriv('des-cbc', TOKEN_KEY, iv);
  const text = `us-east-1/${bucket}/${startAfter}`;
  return Buffer.concat([iv, cipher.update(text), cipher.final()]).toString('base64');
}

function startAfterInToken(token) {
  try {
    const bytes = Buffer.from(token, 'base64');
    const decipher = createDecipheriv('des-cbc', TOKEN_KEY, bytes.subarray(0, 8));
    const text = Buffer.concat([decipher.update(bytes.subarray(8)), decipher.final()]).toString();
    return /^[\w.-]+\/[\w.-]+\/([\s\S]+)$/.exec(text)?.[1];
  } catch {
    return undefined; // not a token s3rver made: it rejects it itself
  }
}

// s3rver answers a Range request on an empty object by promising one byte and closing the
// connection, which a browser reports as a network error. S3 answers 416 InvalidRange.
function rangesOnEmptyObjectsAreUnsatisfiable(store) {
  const getObject = store.getObject.bind(store);
  store.getObject = async function getObjectOrInvalidRange(bucket, key, options) {
    const ranged = options && (options.start !== undefined || options.end);
    if (ranged) {
      const metadata = await this.getMetadata(bucket, key).catch((error) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (metadata && Number(metadata['content-length']) === 0) {
        const object = await getObject(bucket, key);
        object?.content?.destroy();
        return (
          object &&
          Object.assign(object, {
            content: null,
            range: { start: options.start ?? 0, end: options.end },
          })
        );
      }
    }
    return getObject(bucket, key, options);
  };
}

async function main() {
  const { host, port, dataDir, bucket, silent, corsOrigins } = JSON.parse(process.argv[2]);
  const s3rver = new S3rver({ directory: dataDir, silent, vhostBuckets: false });
  s3rver.middleware.unshift(completePreflight);
  // Ours go just before s3rver's router (the last middleware), after its logger and XML encoder.
  s3rver.middleware.splice(-1, 0, s3SemanticsLayer(s3rver.store, { dataDir }));
  rangesOnEmptyObjectsAreUnsatisfiable(s3rver.store);
  listObjectsInS3Order(s3rver.store);
  fixListingContinuation(bucketController);

  // The parent owns our lifetime: when the IPC channel closes (parent exited, crashed or was
  // SIGKILLed) nobody can stop us any more, so leave at once instead of becoming an orphan.
  process.on('disconnect', () => process.exit(0));
  // Our own server instead of s3rver.run(), whose promise never settles when listen() fails.
  const server = createServer(s3rver.callback());
  const shutdown = () => {
    setTimeout(() => process.exit(0), 1000).unref(); // don't let a slow client delay the exit
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  process.on('message', (msg) => {
    if (msg?.type !== 'allow-key') return;
    allowKey(msg);
    process.send({ type: 'ack', id: msg.id });
  });

  try {
    await ensureBucket(s3rver.store, bucket, corsOrigins);
    await new Promise((resolve, reject) =>
      server.once('error', reject).listen(port, host, resolve),
    );
    process.send({ type: 'ready', port: server.address().port });
  } catch (err) {
    process.send({ type: 'error', message: err.message }, () => process.exit(1));
  }
}

main();
