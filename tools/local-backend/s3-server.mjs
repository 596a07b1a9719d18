// Child process started by backend.mjs: runs s3rver, which needs the OpenSSL legacy
// provider (DES continuation tokens) that we do not want to force on the parent process.
// Protocol over IPC: we send {type:'ready', port} or {type:'error', message};
// the parent sends {type:'allow-key', id, accessKeyId, secret, expiresAt}, we answer {type:'ack', id}.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js');
const { getConfigModel } = require('s3rver/lib/models/config.js');

// The CORS policy Amplify documents for its storage buckets, plus Content-Disposition and the
// one metadata header the demo and the specs read: a browser sees only the headers listed here.
const CORS_XML = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>x-amz-server-side-encryption</ExposeHeader>
    <ExposeHeader>x-amz-request-id</ExposeHeader>
    <ExposeHeader>x-amz-id-2</ExposeHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>Content-Disposition</ExposeHeader>
    <ExposeHeader>x-amz-meta-description</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

// Longest delay setTimeout accepts; keys living longer than ~24 days simply never get revoked.
const MAX_TIMER_MS = 2 ** 31 - 1;

// s3rver answers preflights without Access-Control-Expose-Headers / Max-Age (it only puts
// them on actual responses); real S3 sends both on the preflight, and Max-Age is what lets
// browsers cache preflights, so we add them from the matching CORS rule.
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
  if (rule.exposeHeaders.length)
    ctx.set('Access-Control-Expose-Headers', rule.exposeHeaders.join(', '));
  if (rule.maxAgeSeconds != null) ctx.set('Access-Control-Max-Age', String(rule.maxAgeSeconds));
}

// Creates the bucket if absent; adds the CORS policy only when the bucket has none, so a
// policy changed on purpose through PutBucketCors survives restarts.
async function ensureBucket(store, bucket) {
  if (!(await store.getBucket(bucket))) await store.putBucket(bucket);
  if (!(await store.getSubresource(bucket, undefined, 'cors'))) {
    await store.putSubresource(bucket, undefined, getConfigModel('cors').validate(CORS_XML));
  }
}

// s3rver rejects unknown access key ids but does not check SigV4 signatures, so registering the
// keys our Cognito stand-in issues is what lets them (and only them, plus s3rver's S3RVER key) in.
function allowKey({ accessKeyId, secret, expiresAt }) {
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secret);
  const ttl = Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS);
  setTimeout(() => DUMMY_ACCOUNT.revokeAccessKey(accessKeyId), ttl).unref();
}

// s3rver streams a PUT straight into the object's file, so a cancelled upload leaves a truncated
// object behind (and overwrites a good one), and its promise never settles. S3 never shows a
// partial object: write to a temporary file and rename it into place only once the body is whole.
function makeObjectWritesAtomic(store) {
  store.putObject = async function putObjectAtomically(object) {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const partialPath = `${objectPath}.partial-${randomBytes(6).toString('hex')}`;
    const md5 = createHash('md5');
    let size = 0;
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    const counter = new Transform({
      transform(chunk, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      // An aborted request stream errors or closes early; pipeline rejects in both cases.
      await pipeline(source, counter, createWriteStream(partialPath));
      await rename(partialPath, objectPath);
    } catch (error) {
      await rm(partialPath, { force: true });
      throw error;
    }
    const digest = md5.digest('hex');
    await this.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}

async function main() {
  const { host, port, dataDir, bucket, silent } = JSON.parse(process.argv[2]);
  const s3rver = new S3rver({ directory: dataDir, silent, vhostBuckets: false });
  s3rver.middleware.unshift(completePreflight);
  makeObjectWritesAtomic(s3rver.store);

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
    await ensureBucket(s3rver.store, bucket);
    await new Promise((resolve, reject) =>
      server.once('error', reject).listen(port, host, resolve),
    );
    process.send({ type: 'ready', port: server.address().port });
  } catch (err) {
    process.send({ type: 'error', message: err.message }, () => process.exit(1));
  }
}

main();
