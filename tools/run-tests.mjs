// `npm test`: every test of the workspace, against a local backend that this script starts on
// loopback with a throw-away data folder, and stops at the end whatever happens.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalBackend } from './local-backend/backend.mjs';
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

const ng = join('node_modules', '.bin', 'ng');
const dataDir = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-test-'));
const results = [];
let backend;
let slowLink;
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
  // 16 MiB/s: slow enough to watch an upload's progress and cancel it half-way.
  slowLink = await startThrottleProxy({ targetPort: Number(new URL(backend.s3Endpoint).port), bytesPerSecond: 16 * 1024 * 1024 });
  const env = {
    LOCAL_BACKEND: JSON.stringify({
      s3Endpoint: backend.s3Endpoint,
      slowS3Endpoint: `http://127.0.0.1:${slowLink.port}`,
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
  await slowLink?.close();
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log('\nTest suites:');
for (const [name, code] of results) console.log(`  ${code === 0 ? 'passed' : 'FAILED'}  ${name}`);
const failed = results.filter(([, code]) => code !== 0).length;
console.log(`${results.length - failed} of ${results.length} suites passed`);
process.exit(failed === 0 ? 0 : 1);
