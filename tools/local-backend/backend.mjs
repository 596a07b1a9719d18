// Embedded local backend for ngx-amplify-storage: an S3 server (s3rver, in a child process)
// behind a gateway that enforces the access levels (gateway.mjs), plus a Cognito Identity
// stand-in (in this process) that hands out credentials for it.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CORS_ORIGINS, checkCorsOrigins } from './gateway/cors.mjs';
import { startIdentityService } from './identity-service.mjs';

export const LOCAL_IDENTITY_POOL_ID = 'us-east-1:0c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
export const LOCAL_LOGIN_PROVIDER = 'local.ngx-amplify-storage';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const S3_SERVER_SCRIPT = path.join(HERE, 's3-server.mjs');
const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;

const urlFor = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

// Runs one s3-server.mjs child and resolves once it listens; see that file for the IPC protocol.
async function spawnS3Child({ host, port, dataDir, bucket, silent, corsOrigins }) {
  const child = spawn(
    process.execPath,
    [S3_SERVER_SCRIPT, JSON.stringify({ host, port, dataDir, bucket, silent, corsOrigins })],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // s3rver's continuation tokens use DES, which OpenSSL 3 only offers through the legacy
      // provider. NODE_OPTIONS is replaced, not extended, so e.g. an inherited --inspect can't clash.
      env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    },
  );
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  // The child quits by itself when the IPC channel drops; also killing it on 'exit' covers a
  // parent leaving via process.exit() while the child is too busy to notice straight away.
  const killChild = () => child.kill('SIGKILL');
  process.on('exit', killChild);
  exited.then(() => process.off('exit', killChild));

  const pendingAcks = new Map();
  let nextAckId = 0;
  exited.then(() => {
    for (const { reject } of pendingAcks.values()) reject(new Error('S3 server process exited'));
    pendingAcks.clear();
  });

  child.on('message', (msg) => {
    if (msg.type === 'ack') pendingAcks.get(msg.id)?.resolve();
  });

  // The child's first message is always 'ready' or 'error'.
  let timer;
  const realPort = await new Promise((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error('S3 server did not start in time')),
      STARTUP_TIMEOUT_MS,
    );
    child.once('message', (msg) =>
      msg.type === 'ready'
        ? resolve(msg.port)
        : reject(new Error(`S3 server failed to start: ${msg.message}`)),
    );
    child.once('error', reject);
    exited.then((code) => reject(new Error(`S3 server exited (code ${code}) before it was ready`)));
  })
    .catch(async (err) => {
      child.kill('SIGKILL');
      if (child.pid) await exited;
      throw err;
    })
    .finally(() => clearTimeout(timer));

  return {
    pid: child.pid,
    port: realPort,
    exited,
    allowKey({ accessKeyId, secret, expiration }) {
      const id = nextAckId++;
      return new Promise((resolve, reject) => {
        pendingAcks.set(id, { resolve, reject });
        child.send(
          { type: 'allow-key', id, accessKeyId, secret, expiresAt: expiration.getTime() },
          (err) => {
            if (err) reject(err);
          },
        );
      }).finally(() => pendingAcks.delete(id));
    },
    kill: (signal) => child.kill(signal),
  };
}

/**
 * Runs the S3 server child and keeps it running: if it dies (it should not, but a crash would
 * otherwise leave every S3 request failing until the backend is restarted), a new child is
 * started on the same port, so the gateway's upstream stays valid, and is given the access keys
 * still in force. Restarts are always reported on stderr, even when silent: they mean a bug.
 */
async function startS3Process(options) {
  let current = await spawnS3Child(options);
  const port = current.port;
  const keys = new Map(); // accessKeyId -> record, re-registered in a restarted child
  const restartWaiters = new Set();
  let stopping = false;
  let restarting;

  const supervise = (child) =>
    child.exited.then((code) => {
      if (stopping) return;
      console.error(
        `local backend: S3 server process ${child.pid} exited (${code}); restarting it on port ${port}`,
      );
      restarting = spawnS3Child({ ...options, port }).then(
        async (next) => {
          current = next;
          supervise(next);
          if (stopping) return;
          const now = Date.now();
          for (const [id, record] of keys)
            if (record.expiration.getTime() > now) await next.allowKey(record);
            else keys.delete(id);
          console.error(
            `local backend: S3 server process restarted (pid ${next.pid}, port ${port})`,
          );
          for (const waiter of restartWaiters) waiter.resolve(next.pid);
          restartWaiters.clear();
        },
        (err) => {
          console.error(`local backend: could not restart the S3 server: ${err.message}`);
          for (const waiter of restartWaiters) waiter.reject(err);
          restartWaiters.clear();
        },
      );
    });
  supervise(current);

  return {
    port,
    /** The running child's process ID, and a promise for the next restart after the child `pid` died (tests). */
    supervision: {
      get pid() {
        return current.pid;
      },
      restartedAfter(pid) {
        if (current.pid !== pid) return Promise.resolve(current.pid);
        return new Promise((resolve, reject) => restartWaiters.add({ resolve, reject }));
      },
    },
    /** Lets the S3 server accept an access key until it expires; resolves once it does. */
    async allowKey(record) {
      keys.set(record.accessKeyId, record);
      await restarting; // a key issued during a restart goes to the new child
      return current.allowKey(record);
    },
    /** Asks the child to shut down, kills it if it lingers, and resolves once it is gone. */
    async stop() {
      stopping = true;
      await restarting;
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await current.exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the local S3 + Cognito Identity backend; resolves to its endpoints, settings and stop().
 *
 * S3 requests go through an enforcing gateway (gateway.mjs) on `s3Port`: SigV4 checked against
 * the credentials the identity service issued, and every request authorized by the identity
 * pool's role policies (infra/policies), as S3 and IAM would. s3rver itself listens on a free
 * internal port, returned as `directS3Endpoint` for tooling that must bypass the checks.
 * `enforce: false` (for measuring plain s3rver, as the bench does) makes `s3Endpoint` s3rver
 * itself, which takes any signature and anonymous requests.
 * `guestWrite` picks the guest role's policy (public/ read-write, or read-only); `prefixes`
 * ({ public, protected, private }, the library's customPrefix) generates policies for other key
 * prefixes instead of the committed default documents; `otherBuckets` names further buckets of
 * the same S3 server (created by the caller) that the policies cover as they cover `bucket`.
 * `corsOrigins` are the web origins browsers may call S3 and the identity service from (the
 * bucket's CORS rules, rewritten at every start); default: the demo's dev server.
 */
export async function startLocalBackend({
  host = '127.0.0.1',
  s3Port = 4568,
  identityPort = 4569,
  dataDir = path.join(REPO_ROOT, '.local-s3'),
  bucket = 'ngx-amplify-storage-local',
  region = 'us-east-1',
  users = ['alice', 'bob'],
  credentialsTtlSeconds = 3600,
  silent = false,
  enforce = true,
  guestWrite = true,
  prefixes = undefined,
  otherBuckets = [],
  corsOrigins = DEFAULT_CORS_ORIGINS,
} = {}) {
  dataDir = path.resolve(dataDir);
  corsOrigins = checkCorsOrigins(corsOrigins);
  // Identity pool ids are region-prefixed; for the default region this is LOCAL_IDENTITY_POOL_ID.
  const identityPoolId = `${region}:${LOCAL_IDENTITY_POOL_ID.split(':')[1]}`;
  await mkdir(dataDir, { recursive: true });

  // Policies first: a policy the evaluator rejects should fail before any server starts.
  let policies;
  let evaluator;
  if (enforce) {
    const { createPolicyEvaluator, rolePoliciesFor } = await import('./policy-evaluator.mjs');
    policies = rolePoliciesFor({ bucket, otherBuckets, guestWrite, prefixes });
    evaluator = await createPolicyEvaluator({
      policies,
      identityPoolId,
      loginProvider: LOCAL_LOGIN_PROVIDER,
    });
  }

  const s3 = await startS3Process({
    host,
    port: enforce ? 0 : s3Port,
    dataDir,
    bucket,
    silent,
    corsOrigins,
  });
  let identity;
  let gateway;
  try {
    identity = await startIdentityService({
      host,
      port: identityPort,
      region,
      identityPoolId,
      loginProvider: LOCAL_LOGIN_PROVIDER,
      users,
      credentialsTtlSeconds,
      corsOrigins,
      // s3rver ignores plain files in its root, and no bucket name can start with '.'.
      guestsFile: path.join(dataDir, '.cognito-guest-identities.json'),
      onCredentialsIssued: (record) => s3.allowKey(record),
    });
    if (enforce) {
      const { startGateway } = await import('./gateway.mjs');
      gateway = await startGateway({
        host,
        port: s3Port,
        upstream: { host, port: s3.port },
        region,
        credentialsFor: identity.credentialsFor,
        evaluator,
        corsOrigins,
        // Internal state lives in a folder s3rver never takes for a bucket (names start with a letter).
        stateDir: path.join(dataDir, '.local-backend'),
        silent,
      });
    }
  } catch (err) {
    await Promise.all([identity?.close(), s3.stop()]);
    throw err;
  }

  let stopped;
  return {
    /** Where S3 clients go: the enforcing gateway, or s3rver itself when not enforcing. */
    s3Endpoint: urlFor(host, gateway ? gateway.port : s3.port),
    /** s3rver itself, bypassing authentication and policies (same as s3Endpoint without enforce). */
    directS3Endpoint: urlFor(host, s3.port),
    /** The S3 server child: `pid`, and `restartedAfter(pid)` resolving to the next child's pid. */
    s3Process: s3.supervision,
    identityEndpoint: urlFor(host, identity.port),
    bucket,
    region,
    identityPoolId,
    loginProvider: LOCAL_LOGIN_PROVIDER,
    users: [...users],
    dataDir,
    credentialsFor: identity.credentialsFor,
    enforce,
    guestWrite,
    /** The web origins allowed by CORS on S3 and the identity service. */
    corsOrigins: [...corsOrigins],
    /** The role policies in force ({ authenticated, guest }, bucket filled in); undefined without enforce. */
    policies,
    /** Stops all servers; resolves once the S3 child process has exited. Safe to call twice. */
    stop() {
      stopped ??= Promise.all([gateway?.close(), identity.close(), s3.stop()]).then(() => {});
      return stopped;
    },
  };
}
