// Run with: node --test tools/local-backend/
// Talks to the real servers through the real AWS SDK clients; nothing is mocked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { LOCAL_IDENTITY_POOL_ID, LOCAL_LOGIN_PROVIDER, startLocalBackend } from './backend.mjs';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.mjs');
const ORIGIN = 'http://localhost:4200';

let dataDir;
let backend;
const start = () => startLocalBackend({ s3Port: 0, identityPort: 0, dataDir, silent: true });

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-backend-test-'));
  backend = await start();
});

after(async () => {
  await backend?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

// A cache per provider: the SDK's default in-memory cache is shared and would reuse one guest id.
function mapCache(map = new Map()) {
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

function credentialsProvider(user, cache = mapCache()) {
  return fromCognitoIdentityPool({
    identityPoolId: backend.identityPoolId,
    logins: user ? { [LOCAL_LOGIN_PROVIDER]: user } : undefined,
    cache,
    clientConfig: { region: backend.region, endpoint: backend.identityEndpoint },
  });
}

function s3Client(credentials) {
  return new S3Client({
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
    credentials,
    // s3rver does not understand the aws-chunked/trailing-checksum uploads the SDK defaults to.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function callCognito(operation, body) {
  const res = await fetch(backend.identityEndpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityService.${operation}`,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

// pgrep exists on Linux and macOS; it exits 1 when nothing matches.
function s3ChildPids(parentPid) {
  try {
    return execFileSync('pgrep', ['-P', String(parentPid), '-f', 's3-server.mjs'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

// An exited orphan may linger as a zombie if PID 1 does not reap it; that still counts as gone.
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return true;
  }
}

async function waitUntilGone(pid, ms = 3000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

function startCli(dir) {
  const cli = spawn(
    process.execPath,
    [CLI, '--s3-port', '0', '--identity-port', '0', '--data-dir', dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = new Promise((resolve, reject) => {
    cli.stdout.once('data', (line) => resolve(String(line)));
    cli.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
  });
  return { cli, ready };
}

test('users get stable identities, guests fresh ones, all with new credentials', async () => {
  const alice1 = await credentialsProvider('alice')();
  const alice2 = await credentialsProvider('alice')();
  const bob = await credentialsProvider('bob')();
  const guest1 = await credentialsProvider()();
  const guest2 = await credentialsProvider()();

  assert.equal(backend.identityPoolId, LOCAL_IDENTITY_POOL_ID);
  assert.match(
    alice1.identityId,
    /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(alice2.identityId, alice1.identityId);
  assert.notEqual(bob.identityId, alice1.identityId);
  assert.notEqual(guest1.identityId, guest2.identityId);
  for (const guest of [guest1, guest2])
    assert.ok(![alice1.identityId, bob.identityId].includes(guest.identityId));

  assert.notEqual(alice2.accessKeyId, alice1.accessKeyId);
  for (const creds of [alice1, bob, guest1]) {
    assert.match(creds.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.ok(creds.secretAccessKey.length >= 40 && creds.sessionToken.length >= 100);
    const ttl = (creds.expiration.getTime() - Date.now()) / 1000;
    assert.ok(ttl > 3590 && ttl <= 3600, `credentials live ${ttl}s`);
  }

  const record = backend.credentialsFor(alice1.accessKeyId);
  assert.equal(record.identityId, alice1.identityId);
  assert.equal(record.user, 'alice');
  assert.equal(record.secret, alice1.secretAccessKey);
  assert.equal(record.sessionToken, alice1.sessionToken);
  assert.equal(record.expiration.getTime(), alice1.expiration.getTime());
  assert.equal(backend.credentialsFor(guest1.accessKeyId).user, null);
  assert.equal(backend.credentialsFor('ASIAUNKNOWN0000000000'), undefined);
});

test('an unknown user is rejected with NotAuthorizedException', async () => {
  await assert.rejects(credentialsProvider('mallory')(), { name: 'NotAuthorizedException' });
});

test('the identity service speaks awsJson1.1 and Cognito error shapes', async () => {
  const ok = await callCognito('GetId', {
    IdentityPoolId: backend.identityPoolId,
    Logins: { [LOCAL_LOGIN_PROVIDER]: 'alice' },
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'application/x-amz-json-1.1');
  const aliceId = ok.body.IdentityId;

  const creds = await callCognito('GetCredentialsForIdentity', {
    IdentityId: aliceId,
    Logins: { [LOCAL_LOGIN_PROVIDER]: 'alice' },
  });
  assert.equal(creds.status, 200);
  assert.equal(creds.body.IdentityId, aliceId);
  assert.equal(typeof creds.body.Credentials.Expiration, 'number');

  const expectError = async (operation, body, type) => {
    const res = await callCognito(operation, body);
    assert.equal(res.status, 400, `${operation} ${JSON.stringify(body)}`);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(res.body.__type, type, `${operation} ${JSON.stringify(body)}`);
    assert.equal(typeof res.body.message, 'string');
  };
  await expectError(
    'GetId',
    { IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' },
    'ResourceNotFoundException',
  );
  await expectError('GetId', {}, 'InvalidParameterException');
  await expectError('GetId', '{not json', 'InvalidParameterException');
  await expectError(
    'GetId',
    { IdentityPoolId: backend.identityPoolId, Logins: { 'accounts.google.com': 'x' } },
    'NotAuthorizedException',
  );
  await expectError(
    'GetCredentialsForIdentity',
    { IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' },
    'ResourceNotFoundException',
  );
  await expectError(
    'GetCredentialsForIdentity',
    { IdentityId: 'not an id' },
    'InvalidParameterException',
  );
  await expectError('GetCredentialsForIdentity', { IdentityId: aliceId }, 'NotAuthorizedException');
  await expectError(
    'GetCredentialsForIdentity',
    { IdentityId: aliceId, Logins: { [LOCAL_LOGIN_PROVIDER]: 'bob' } },
    'NotAuthorizedException',
  );
  await expectError('ListIdentityPools', {}, 'UnknownOperationException');
});

test('the identity service answers browser CORS preflights', async () => {
  const requested =
    'content-type,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request';
  const res = await fetch(backend.identityEndpoint, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': requested,
    },
  });
  assert.ok(res.ok, `status ${res.status}`);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('access-control-allow-headers'), requested);
  assert.match(res.headers.get('access-control-allow-methods'), /\bPOST\b/);
  assert.ok(Number(res.headers.get('access-control-max-age')) > 0);

  const post = await fetch(backend.identityEndpoint, {
    method: 'POST',
    headers: { Origin: ORIGIN },
    body: '{}',
  });
  assert.equal(post.headers.get('access-control-allow-origin'), '*');
});

test('S3 accepts Cognito credentials for put, get and list', async () => {
  const credentials = credentialsProvider('alice');
  const { identityId } = await credentials();
  const s3 = s3Client(credentials);
  const Key = `private/${identityId}/hello.txt`;

  const put = await s3.send(
    new PutObjectCommand({
      Bucket: backend.bucket,
      Key,
      Body: 'hello from alice',
      ContentType: 'text/plain',
    }),
  );
  assert.match(put.ETag, /^"[0-9a-f]{32}"$/);
  const got = await s3.send(new GetObjectCommand({ Bucket: backend.bucket, Key }));
  assert.equal(await got.Body.transformToString(), 'hello from alice');
  assert.equal(got.ContentType, 'text/plain');
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: backend.bucket, Prefix: `private/${identityId}/` }),
  );
  assert.deepEqual(
    listed.Contents.map((o) => o.Key),
    [Key],
  );
  s3.destroy();
});

test('S3 rejects access keys the identity service did not issue', async () => {
  const s3 = s3Client({
    accessKeyId: 'ASIAFORGED0000000000',
    secretAccessKey: 'x'.repeat(40),
    sessionToken: 'y',
  });
  await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: backend.bucket })), {
    name: 'InvalidAccessKeyId',
  });
  s3.destroy();
});

test('S3 paged listing follows continuation tokens', async () => {
  const s3 = s3Client(credentialsProvider());
  const keys = ['a', 'b', 'c', 'd', 'e'].map((k) => `public/paging/${k}.txt`);
  for (const Key of keys)
    await s3.send(new PutObjectCommand({ Bucket: backend.bucket, Key, Body: Key }));

  const pages = [];
  let ContinuationToken;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: backend.bucket,
        Prefix: 'public/paging/',
        MaxKeys: 2,
        ContinuationToken,
      }),
    );
    pages.push(page.Contents.map((o) => o.Key));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken && pages.length < 10);
  assert.deepEqual(pages, [keys.slice(0, 2), keys.slice(2, 4), keys.slice(4)]);
  s3.destroy();
});

test('S3 CORS: preflight and responses expose ETag to browsers', async () => {
  const url = `${backend.s3Endpoint}/${backend.bucket}/public/cors.txt`;
  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers':
        'authorization,x-amz-date,x-amz-security-token,content-type',
    },
  });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(preflight.headers.get('access-control-allow-methods').split(', ').sort(), [
    'DELETE',
    'GET',
    'HEAD',
    'POST',
    'PUT',
  ]);
  assert.equal(
    preflight.headers.get('access-control-allow-headers'),
    'authorization, x-amz-date, x-amz-security-token, content-type',
  );
  assert.equal(
    preflight.headers.get('access-control-expose-headers'),
    'x-amz-server-side-encryption, x-amz-request-id, x-amz-id-2, ETag, Content-Disposition, x-amz-meta-description',
  );
  assert.equal(preflight.headers.get('access-control-max-age'), '3000');

  const put = await fetch(url, { method: 'PUT', headers: { Origin: ORIGIN }, body: 'cors' });
  assert.equal(put.status, 200);
  assert.equal(put.headers.get('access-control-allow-origin'), '*');
  assert.match(put.headers.get('access-control-expose-headers'), /\bETag\b/);
});

test('data and identities survive a restart, and stop() leaves no child process', async () => {
  const guestCache = mapCache();
  const alice = await credentialsProvider('alice')();
  const guest = await credentialsProvider(undefined, guestCache)();
  const s3 = s3Client(credentialsProvider('alice'));
  const Key = `protected/${alice.identityId}/kept.txt`;
  await s3.send(new PutObjectCommand({ Bucket: backend.bucket, Key, Body: 'still here' }));
  s3.destroy();

  const children = s3ChildPids(process.pid);
  assert.equal(children.length, 1);
  await backend.stop();
  assert.equal(isAlive(children[0]), false, 'the S3 child process outlived stop()');
  await assert.rejects(fetch(backend.s3Endpoint), 'the S3 port still answers');

  backend = await start();
  assert.equal((await credentialsProvider('alice')()).identityId, alice.identityId);
  // The guest id comes from the cache, as a browser's would; only GetCredentialsForIdentity runs.
  assert.equal((await credentialsProvider(undefined, guestCache)()).identityId, guest.identityId);
  const s3Again = s3Client(credentialsProvider('alice'));
  const got = await s3Again.send(new GetObjectCommand({ Bucket: backend.bucket, Key }));
  assert.equal(await got.Body.transformToString(), 'still here');
  s3Again.destroy();
});

test('the CLI stops cleanly on SIGTERM', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'local-backend-cli-'));
  const { cli, ready } = startCli(dir);
  try {
    assert.match(
      await ready,
      /S3 http:\/\/127\.0\.0\.1:\d+ .*Cognito Identity http:\/\/127\.0\.0\.1:\d+/,
    );
    const [child] = s3ChildPids(cli.pid);
    assert.ok(child, 'no S3 child process found');
    cli.kill('SIGTERM');
    const [code] = await once(cli, 'exit');
    assert.equal(code, 0);
    assert.equal(await waitUntilGone(child), true, 'the S3 child process outlived the CLI');
  } finally {
    cli.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

test('the S3 child process dies when its parent is killed', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'local-backend-cli-'));
  const { cli, ready } = startCli(dir);
  try {
    await ready;
    const [child] = s3ChildPids(cli.pid);
    assert.ok(child, 'no S3 child process found');
    cli.kill('SIGKILL'); // no handler runs: only the closed IPC channel tells the child
    assert.equal(await waitUntilGone(child), true, 'the S3 child process was orphaned');
  } finally {
    cli.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
