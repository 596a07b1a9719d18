// `npm test`: every test of the workspace, against a local backend that this script starts on
// loopback with a throw-away data folder, and stops at the end whatever happens.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalBackend } from './local-backend/backend.mjs';
import { startFaultProxy } from './local-backend/fault-proxy.mjs';
import { startThrottleProxy } from './local-backend/throttle-proxy.mjs';

const chrome = process.env.CHROME_BIN ?? '/usr/bin/chromium';
if (!existsSync(chrome)) {
  console.error(`No Chromium at ${chrome}. Install Debian's package (apt-get install -y chromium) or set CHROME_BIN.`);
  process.exit(1);
}

/** Runs a command with inherited output; resolves to its exit code. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, CHROME_BIN: chrome, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * A second bucket whose CORS rules do not expose ETag, as many hand-written bucket policies
 * forget to: multipart uploads must then fail with an error that says how to fix the rule.
 */
async function createBucketHidingETag(backend) {
  const { S3Client, CreateBucketCommand, PutBucketCorsCommand } = await import('@aws-sdk/client-s3');
  const bucket = `${backend.bucket}-hidden-etag`;
  const s3 = new S3Client({
    region: backend.region,
    endpoint: backend.directS3Endpoint ?? backend.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000 }],
      },
    }),
  );
  s3.destroy();
  return bucket;
}

const ng = join('node_modules', '.bin', 'ng');
const dataDir = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-test-'));
const results = [];
let backend;
let slowLink;
let faultProxy;
try {
  results.push(['local backend (node --test)', await run(process.execPath, ['--test', 'tools/local-backend/'])]);

  backend = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir,
    silent: true,
    users: ['alice', 'bob', 'shortlived'],
    // 'shortlived' lets the specs watch credentials being renewed within seconds.
    credentialsTtlSeconds: (user) => (user === 'shortlived' ? 10 : 3600),
  });
  const hiddenETagBucket = await createBucketHidingETag(backend);
  // 16 MiB/s: slow enough to watch an upload's progress and cancel it half-way.
  slowLink = await startThrottleProxy({ targetPort: Number(new URL(backend.s3Endpoint).port), bytesPerSecond: 16 * 1024 * 1024 });
  // Between the browser and S3 for the transfer specs: drops, 500s, SlowDown and delays on demand.
  faultProxy = await startFaultProxy({ target: backend.s3Endpoint });
  const env = {
    LOCAL_BACKEND: JSON.stringify({
      s3Endpoint: backend.s3Endpoint,
      slowS3Endpoint: `http://127.0.0.1:${slowLink.port}`,
      hiddenETagBucket,
      faultyS3Endpoint: faultProxy.endpoint,
      faultControlEndpoint: faultProxy.controlEndpoint,
      identityEndpoint: backend.identityEndpoint,
      bucket: backend.bucket,
      region: backend.region,
      identityPoolId: backend.identityPoolId,
      loginProvider: backend.loginProvider,
    }),
  };
  results.push(['library (Karma, Chromium)', await run(ng, ['test', 'ngx-amplify-storage', '--watch=false'], env)]);
  results.push(['demo (Karma, Chromium)', await run(ng, ['test', 'demo', '--watch=false'], env)]);
} finally {
  await faultProxy?.close();
  await slowLink?.close();
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log('\nTest suites:');
for (const [name, code] of results) console.log(`  ${code === 0 ? 'passed' : 'FAILED'}  ${name}`);
const failed = results.filter(([, code]) => code !== 0).length;
console.log(`${results.length - failed} of ${results.length} suites passed`);
process.exit(failed === 0 ? 0 : 1);
