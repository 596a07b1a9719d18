// `npm start`: the local backend (S3 + Cognito Identity stand-in) on 127.0.0.1:4568/4569 with its
// data in <repo>/.local-s3, which survives restarts, then `ng serve demo` on http://localhost:4200.
// The S3 port enforces the access levels (tools/local-backend/gateway.mjs), as IAM does on AWS.
// Ctrl-C (or SIGTERM) stops both; so does the dev server exiting by itself.
// `npm start -- --verbose` also logs every S3 request.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalBackend } from './local-backend/backend.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(REPO_ROOT, '.local-s3');
const DEMO_HOST = 'localhost';
const DEMO_PORT = 4200;
const DEMO_URL = `http://${DEMO_HOST}:${DEMO_PORT}/`;
const BACKEND_USERS = 'another `npm start` or `npm run backend`';
const PORTS = [
  { host: '127.0.0.1', port: 4568, what: 'the local S3 server', usual: BACKEND_USERS },
  {
    host: '127.0.0.1',
    port: 4569,
    what: 'the local Cognito Identity service',
    usual: BACKEND_USERS,
  },
  {
    host: DEMO_HOST,
    port: DEMO_PORT,
    what: 'the demo dev server',
    usual: 'another `npm start` or `ng serve`',
  },
];
const NG_STOP_TIMEOUT_MS = 5_000;

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

/** Resolves to an error message if `port` cannot be listened on at `host`, else undefined. */
function checkPort({ host, port, what, usual }) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err) =>
      resolve(
        err.code === 'EADDRINUSE'
          ? `port ${port} (${what}) is already in use on ${host}. Stop whatever holds it ` +
              `(${usual}?) and try again.`
          : `cannot listen on ${host}:${port} (${what}): ${err.message}`,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}

for (const target of PORTS) {
  const problem = await checkPort(target);
  if (problem) fail(problem);
}

let backend;
try {
  backend = await startLocalBackend({
    s3Port: 4568,
    identityPort: 4569,
    dataDir: DATA_DIR,
    silent: !process.argv.includes('--verbose'),
  });
} catch (err) {
  fail(`the local backend did not start: ${err.message}`);
}

const ng = spawn(
  path.join(REPO_ROOT, 'node_modules', '.bin', 'ng'),
  ['serve', 'demo', '--host', DEMO_HOST, '--port', String(DEMO_PORT)],
  // No analytics prompt: it would hold the dev server up on a first run.
  { cwd: REPO_ROOT, stdio: 'inherit', env: { NG_CLI_ANALYTICS: 'false', ...process.env } },
);
const ngExited = new Promise((resolve) =>
  ng.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
);
ng.once('error', (err) => {
  console.error(`npm start: could not run ng: ${err.message}`);
  stop(1);
});

let stopping = false;
/** Stops the dev server (unless it is gone already) and the backend together, then exits. */
async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  const ngStopped = (async () => {
    if (ng.exitCode !== null || ng.signalCode !== null || ng.pid === undefined) return;
    // SIGINT, as Ctrl-C sends: on SIGTERM ng leaves its esbuild service to die noisily.
    ng.kill('SIGINT');
    const timer = setTimeout(() => ng.kill('SIGKILL'), NG_STOP_TIMEOUT_MS);
    await ngExited;
    clearTimeout(timer);
  })();
  await Promise.all([ngStopped, backend.stop()]);
  process.exit(exitCode);
}

// Ctrl-C reaches ng and the S3 process too (same process group), SIGTERM and SIGHUP only us.
// `once`, so that a second Ctrl-C during a slow stop falls back to Node's default and exits at once.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => stop(0));
ngExited.then((code) => {
  if (!stopping)
    console.error(`npm start: ng serve exited (code ${code}); stopping the local backend.`);
  stop(code);
});

// One line once the demo answers, so that it is not lost above the build output.
const ready = setInterval(async () => {
  try {
    await fetch(DEMO_URL, { method: 'HEAD' });
  } catch {
    return;
  }
  clearInterval(ready);
  if (!stopping) {
    console.log(
      `\nDemo: ${DEMO_URL}  ·  local S3: ${backend.s3Endpoint} (bucket ${backend.bucket}, ` +
        `access levels enforced)  ·  ` +
        `data: ${backend.dataDir}  ·  Ctrl-C stops both.\n`,
    );
  }
}, 500);
ngExited.then(() => clearInterval(ready));
