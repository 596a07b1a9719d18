// `npm test`: every test of the workspace, against a local backend that this script starts on
// loopback with a throw-away data folder, and stops at the end whatever happens. The backend
// enforces the access levels (infra/policies); a second one enforces the policies generated for
// the custom prefixes of the customPrefix spec.
//
// While working on one part: `node tools/run-tests.mjs --only library --include <spec file>...`
// runs one suite (`node`, `consumers`, `size`, `library`, `moto`, `demo` or `e2e`), and `--include` narrows
// Karma to those specs. The `moto` suite runs the StorageService and transfer specs again against
// moto_server, a second S3 implementation (tools/moto-server.mjs), when it is on PATH.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './free-port.mjs';
import { buildDemo } from '../e2e/support/demo-server.mjs';
import { DEFAULT_CORS_ORIGINS } from './local-backend/gateway/cors.mjs';
import { CHROMIUM_PATH } from './browser-stack.cjs';
import { startLocalBackend } from './local-backend/backend.mjs';
import { startFaultProxy } from './local-backend/fault-proxy.mjs';
import { startLocalKinesis } from './local-kinesis/local-kinesis.mjs';
import { startThrottleProxy } from './local-backend/throttle-proxy.mjs';
import {
  createMotoBucket,
  motoExposeHeaders,
  motoUnavailable,
  startMotoCorsProxy,
  startMotoServer,
} from './moto-server.mjs';

const chrome = CHROMIUM_PATH;
if (!existsSync(chrome)) {
  console.error(
    `No Chromium at ${chrome}. Install Debian's package (apt-get install -y chromium) or set CHROME_BIN.`,
  );
  process.exit(1);
}

const SUITES = ['node', 'consumers', 'size', 'library', 'moto', 'demo', 'e2e'];
const { values: options } = parseArgs({
  options: { only: { type: 'string' }, include: { type: 'string', multiple: true, default: [] } },
});
if (options.only !== undefined && !SUITES.includes(options.only)) {
  console.error(`--only must be one of ${SUITES.join(', ')}; got ${options.only}.`);
  process.exit(1);
}
/** True when `suite` is to run. */
const runs = (suite) => options.only === undefined || options.only === suite;
const includes = options.include.map((path) => `--include=${path}`);

/** Runs a command with inherited output; resolves to its exit code. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, CHROME_BIN: chrome, ...env },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * A second bucket with the seed's CORS rule as written: its ExposeHeaders list no ETag, so
 * multipart uploads must fail with an error that names the header and how to fix the rule.
 * Created on s3rver itself (creating buckets is no identity's right); the backend's role policies
 * grant it as they grant the main bucket (`otherBuckets`), so the specs reach it enforced.
 */
async function createBucketHidingETag(backend, bucket, corsOrigins) {
  const { S3Client, CreateBucketCommand, PutBucketCorsCommand } =
    await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    region: backend.region,
    endpoint: backend.directS3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: corsOrigins,
            AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
            AllowedHeaders: ['*'],
            // The seed's rule exactly as Amplify's docs wrote it: these three, and no ETag.
            ExposeHeaders: ['x-amz-server-side-encryption', 'x-amz-request-id', 'x-amz-id-2'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
  s3.destroy();
}

// The spec files of the moto suite: the ones about S3 itself. access-levels.spec.ts is left out:
// every spec in it is about the enforcement that plain moto does not do.
const MOTO_SPECS = [
  'projects/ngx-amplify-storage/src/lib/service/storage*.spec.ts',
  'projects/ngx-amplify-storage/src/lib/transfer/*.spec.ts',
];

/**
 * Starts moto_server with the buckets and proxies the specs expect, and returns the LOCAL_BACKEND
 * description for it (identity services and Kinesis stay those of `base`: moto accepts any
 * credentials); `stop()` stops what it started.
 */
async function startMotoTarget(base) {
  const started = [];
  const stop = async () => {
    for (const part of started.reverse()) await part();
  };
  try {
    const moto = await startMotoServer();
    started.push(() => moto.stop());
    await createMotoBucket(moto.endpoint, { bucket: base.bucket, region: base.region });
    await createMotoBucket(moto.endpoint, {
      bucket: base.hiddenETagBucket,
      region: base.region,
      exposeETag: false,
    });
    await createMotoBucket(moto.endpoint, {
      bucket: base.customPrefix.bucket,
      region: base.customPrefix.region,
    });
    // The page reaches moto through this proxy only: moto's HEAD answers lack the CORS expose list.
    const s3 = await startMotoCorsProxy({
      target: moto.endpoint,
      exposeHeaders: (bucket) =>
        motoExposeHeaders({ exposeETag: bucket !== base.hiddenETagBucket }),
    });
    started.push(() => s3.close());
    const slow = await startThrottleProxy({
      targetPort: s3.port,
      bytesPerSecond: 16 * 1024 * 1024,
    });
    started.push(() => slow.close());
    const faulty = await startFaultProxy({ target: s3.endpoint });
    started.push(() => faulty.close());
    const backend = {
      ...base,
      s3Server: 'moto',
      s3Endpoint: s3.endpoint,
      uncheckedS3Endpoint: s3.endpoint,
      slowS3Endpoint: `http://127.0.0.1:${slow.port}`,
      faultyS3Endpoint: faulty.endpoint,
      faultControlEndpoint: faulty.controlEndpoint,
      customPrefix: {
        ...base.customPrefix,
        s3Endpoint: s3.endpoint,
        uncheckedS3Endpoint: s3.endpoint,
      },
    };
    return { backend, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const ng = join('node_modules', '.bin', 'ng');
const dataDir = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-test-'));
const customPrefixDataDir = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-test-custom-'));
// The e2e suite's production build of the demo, shared by its test files.
const demoBuild = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-e2e-demo-'));
const BUCKET = 'ngx-amplify-storage-local';
const HIDDEN_ETAG_BUCKET = `${BUCKET}-hidden-etag`;
// The customPrefix spec's prefixes; its backend enforces the policies generated for them.
const CUSTOM_PREFIXES = { public: '', private: 'vault/' };
// Karma's port is chosen here, not by Karma, so that the backends' CORS rules can name the specs'
// origin (several runs at once each get their own); karma.conf.cjs reads it from KARMA_PORT.
const karmaPort = await freePort();
const CORS_ORIGINS = [
  ...DEFAULT_CORS_ORIGINS,
  `http://localhost:${karmaPort}`,
  `http://127.0.0.1:${karmaPort}`,
];
const results = [];
let backend;
let customPrefixBackend;
let slowLink;
let faultProxy;
let kinesis;
let motoTarget;
try {
  if (runs('node')) {
    // ESLint (angular-eslint) with zero warnings, then Prettier's check; first, as it is the quickest.
    results.push([
      'lint: ESLint and Prettier (npm run lint)',
      await run('npm', ['run', '--silent', 'lint']),
    ]);
    results.push([
      'local backend (node --test)',
      await run(process.execPath, ['--test', 'tools/local-backend/']),
    ]);
    results.push([
      'local kinesis (node --test)',
      await run(process.execPath, ['--test', 'tools/local-kinesis/']),
    ]);
    // Builds the library and compares its typings with projects/ngx-amplify-storage/api/*.api.md.
    results.push([
      'public API report (api-extractor)',
      await run(process.execPath, ['tools/api-report.mjs']),
    ]);
    results.push([
      'ng add schematic, peer dependencies (node --test)',
      await run(process.execPath, [
        '--test',
        'projects/ngx-amplify-storage/schematics/',
        'tools/package-checks/',
      ]),
    ]);
  }
  // Apps outside the workspace (Angular 22 on Node 22; zone.js on Angular 21; server rendering and
  // hydration on Angular 21) install the packed library.
  if (runs('consumers'))
    results.push([
      'consumers: Angular 22, zone.js 21, SSR 21 (tools/consumers)',
      await run(process.execPath, ['tools/consumers/run.mjs']),
    ]);
  // Issue 13's bundle budgets: four production builds of bench/app, limits that fail the run.
  if (runs('size'))
    results.push([
      'bundle budgets: initial growth, lazy chunk vs the raw SDK (tools/bundle-size.mjs)',
      await run(process.execPath, ['tools/bundle-size.mjs']),
    ]);

  backend = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir,
    bucket: BUCKET,
    otherBuckets: [HIDDEN_ETAG_BUCKET],
    silent: true,
    users: ['alice', 'bob', 'shortlived'],
    corsOrigins: CORS_ORIGINS,
    // 'shortlived' lets the specs watch credentials being renewed within seconds.
    credentialsTtlSeconds: (user) => (user === 'shortlived' ? 10 : 3600),
  });
  await createBucketHidingETag(backend, HIDDEN_ETAG_BUCKET, CORS_ORIGINS);
  customPrefixBackend = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir: customPrefixDataDir,
    bucket: `${BUCKET}-custom-prefix`,
    // Another region, so another identity pool ID: browsers cache guest identity IDs per pool.
    region: 'eu-west-1',
    prefixes: CUSTOM_PREFIXES,
    silent: true,
    corsOrigins: CORS_ORIGINS,
  });
  // Both proxies sit in front of the enforcing gateway and pass the Host header on unchanged, so
  // requests signed for the proxy's address keep valid signatures.
  // 16 MiB/s: slow enough to watch an upload's progress and cancel it half-way.
  slowLink = await startThrottleProxy({
    targetPort: Number(new URL(backend.s3Endpoint).port),
    bytesPerSecond: 16 * 1024 * 1024,
  });
  // Between the browser and S3 for the transfer specs: drops, 500s, SlowDown and delays on demand.
  faultProxy = await startFaultProxy({ target: backend.s3Endpoint });
  // kinesalite, where the Kinesis tracking sink's specs send their records.
  kinesis = await startLocalKinesis();
  const localBackend = {
    s3Server: 's3rver',
    s3Endpoint: backend.s3Endpoint,
    uncheckedS3Endpoint: backend.directS3Endpoint,
    slowS3Endpoint: `http://127.0.0.1:${slowLink.port}`,
    hiddenETagBucket: HIDDEN_ETAG_BUCKET,
    faultyS3Endpoint: faultProxy.endpoint,
    faultControlEndpoint: faultProxy.controlEndpoint,
    kinesisEndpoint: kinesis.endpoint,
    kinesisFaultyEndpoint: kinesis.faultyEndpoint,
    kinesisFaultControlEndpoint: kinesis.faultControlEndpoint,
    identityEndpoint: backend.identityEndpoint,
    bucket: backend.bucket,
    region: backend.region,
    identityPoolId: backend.identityPoolId,
    loginProvider: backend.loginProvider,
    customPrefix: {
      prefixes: CUSTOM_PREFIXES,
      s3Endpoint: customPrefixBackend.s3Endpoint,
      uncheckedS3Endpoint: customPrefixBackend.directS3Endpoint,
      identityEndpoint: customPrefixBackend.identityEndpoint,
      bucket: customPrefixBackend.bucket,
      region: customPrefixBackend.region,
      identityPoolId: customPrefixBackend.identityPoolId,
    },
  };
  const env = { KARMA_PORT: String(karmaPort), LOCAL_BACKEND: JSON.stringify(localBackend) };
  if (runs('library')) {
    results.push([
      'library (Karma, Chromium)',
      await run(ng, ['test', 'ngx-amplify-storage', '--watch=false', ...includes], env),
    ]);
  }
  if (runs('moto')) {
    const name = 'library on moto_server, a second S3 (Karma, Chromium)';
    const unavailable = motoUnavailable();
    if (unavailable) {
      console.log(`\nSKIPPED the moto suite: ${unavailable}.`);
      results.push([name, 'skipped', unavailable]);
    } else {
      motoTarget = await startMotoTarget(localBackend).catch((error) => {
        console.error(`\nThe moto suite could not start: ${error.message}`);
        results.push([name, 1, 'moto_server did not start; see the error above']);
      });
      if (motoTarget) {
        const specs =
          includes.length > 0 ? includes : MOTO_SPECS.map((path) => `--include=${path}`);
        const motoEnv = {
          KARMA_PORT: String(karmaPort),
          LOCAL_BACKEND: JSON.stringify(motoTarget.backend),
        };
        results.push([
          name,
          await run(ng, ['test', 'ngx-amplify-storage', '--watch=false', ...specs], motoEnv),
        ]);
        await motoTarget.stop();
        motoTarget = undefined;
      }
    }
  }
  if (runs('demo'))
    results.push([
      'demo (Karma, Chromium)',
      await run(ng, ['test', 'demo', '--watch=false', ...includes], env),
    ]);
  // Starts its own enforcing backend and a production build of the demo, and drives it as a user would.
  if (runs('e2e')) {
    // One production build of the demo for both files (each would otherwise build its own).
    const demoDist = await buildDemo(process.cwd(), demoBuild).catch((error) => {
      console.error(String(error));
      return undefined;
    });
    results.push([
      'demo end-to-end (playwright-core, Chromium)',
      demoDist === undefined
        ? 1
        : await run(
            process.execPath,
            ['--test', 'e2e/demo.test.mjs', 'e2e/storage-browser.test.mjs'],
            { E2E_DEMO_DIST: demoDist },
          ),
    ]);
  }
} finally {
  await motoTarget?.stop();
  await kinesis?.stop();
  await faultProxy?.close();
  await slowLink?.close();
  await customPrefixBackend?.stop();
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(customPrefixDataDir, { recursive: true, force: true });
  rmSync(demoBuild, { recursive: true, force: true });
}

console.log('\nTest suites:');
for (const [name, code, why] of results) {
  console.log(
    `  ${code === 0 ? 'passed' : code === 'skipped' ? 'SKIPPED' : 'FAILED'}  ${name}${why ? ` (${why})` : ''}`,
  );
}
const ran = results.filter(([, code]) => code !== 'skipped');
const failed = ran.filter(([, code]) => code !== 0).length;
console.log(
  `${ran.length - failed} of ${ran.length} suites passed${ran.length < results.length ? `, ${results.length - ran.length} skipped` : ''}`,
);
process.exit(failed === 0 ? 0 : 1);
