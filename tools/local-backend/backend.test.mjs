// Run with: node --test tools/local-backend/
// Talks to the real servers through the real AWS SDK clients; nothing is mocked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LOCAL_IDENTITY_POOL_ID, LOCAL_LOGIN_PROVIDER, startLocalBackend } from './backend.mjs';
import { DIRECTORY_PATH } from './identity-service.mjs';

const require = createRequire(import.meta.url);
const FilesystemStore = require('s3rver/lib/stores/filesystem.js');
const S3Object = require('s3rver/lib/models/object.js');

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

function s3Client(credentials, options = {}) {
  return new S3Client({
    ...options,
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

// S3 lists keys in the order of their UTF-8 bytes.
const byUtf8 = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function inParallel(items, concurrency, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function putKeys(s3, keys) {
  return inParallel(keys, 16, (Key) =>
    s3.send(new PutObjectCommand({ Bucket: backend.bucket, Key, Body: Key })),
  );
}

// Thousands of PUTs through HTTP take tens of seconds; s3rver's own store writes the same files
// (in the folder the running server reads) many times faster.
function storeKeys(keys) {
  const store = new FilesystemStore(backend.dataDir);
  return inParallel(keys, 32, (key) =>
    store.putObject(new S3Object(backend.bucket, key, Buffer.from(key), {})),
  );
}

// Follows NextContinuationToken (at most maxPages times, so that a loop shows as a failure).
async function listAllPages(s3, params, maxPages = 20) {
  const pages = [];
  let ContinuationToken;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: backend.bucket, ...params, ContinuationToken }),
    );
    pages.push(page);
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken && pages.length < maxPages);
  return pages;
}

// A page's keys and common prefixes, in listing order, without the listed prefix.
const pageItems = (page, prefix) =>
  [...(page.Contents ?? []).map((o) => o.Key), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix)]
    .sort(byUtf8)
    .map((item) => item.slice(prefix.length));

const chunks = (items, size) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

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
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(res.headers.get('access-control-allow-headers'), requested);
  assert.match(res.headers.get('access-control-allow-methods'), /\bPOST\b/);
  assert.ok(Number(res.headers.get('access-control-max-age')) > 0);

  const post = await fetch(backend.identityEndpoint, {
    method: 'POST',
    headers: { Origin: ORIGIN },
    body: '{}',
  });
  assert.equal(post.headers.get('access-control-allow-origin'), ORIGIN);
});

test('the identity service lists the local users with the identity IDs their logins get', async () => {
  const res = await fetch(`${backend.identityEndpoint}${DIRECTORY_PATH}`, {
    headers: { Origin: ORIGIN },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, 'a browser may read it');
  const { users } = await res.json();
  const signedIn = await Promise.all(
    backend.users.map(async (name) => ({
      name,
      identityId: (await credentialsProvider(name)()).identityId,
    })),
  );
  assert.deepEqual(users, signedIn);
  assert.deepEqual(
    users.map((user) => user.name),
    ['alice', 'bob'],
  );

  // Another origin's page gets nothing; any other path or method is still a Cognito call.
  const foreign = await fetch(`${backend.identityEndpoint}${DIRECTORY_PATH}`, {
    headers: { Origin: 'http://evil.example' },
  });
  assert.equal(foreign.status, 403);
  const elsewhere = await fetch(`${backend.identityEndpoint}/local/other`);
  assert.equal(elsewhere.status, 400);
  assert.equal((await elsewhere.json()).__type, 'UnknownOperationException');
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

test('S3 lists keys in UTF-8 byte order and pages through each exactly once', async () => {
  const s3 = s3Client(credentialsProvider());
  const Prefix = 'public/listing/order/';
  const groups = {
    // Files and folders with sibling names: the folder layout's order is not S3's.
    'o/': ['o/photos', 'o/photos-old/b.jpg', 'o/photos.txt', 'o/photos/a.jpg'],
    // UTF-16 code units would put the emoji (U+D83D...) before U+FF21; its UTF-8 bytes go after.
    'u/': ['u/\u00e9', 'u/\uff21', 'u/\u{1f600}'],
    // Line breaks are valid in keys; a continuation token must keep them.
    'n/': ['n/a', 'n/a\nb', 'n/a\nc', 'n/b'],
  };
  const names = Object.values(groups).flat();
  await putKeys(
    s3,
    names.toReversed().map((name) => Prefix + name),
  );

  const listed = await s3.send(new ListObjectsV2Command({ Bucket: backend.bucket, Prefix }));
  assert.deepEqual(
    listed.Contents.map((o) => o.Key.slice(Prefix.length)),
    [...groups['n/'], ...groups['o/'], ...groups['u/']],
  );

  for (const [folder, group] of Object.entries(groups)) {
    const pages = await listAllPages(s3, { Prefix: Prefix + folder, MaxKeys: 1 });
    assert.deepEqual(
      pages.map((page) => page.Contents.map((o) => o.Key.slice(Prefix.length))),
      group.map((name) => [name]),
    );
    assert.deepEqual(
      pages.map((page) => page.IsTruncated),
      group.map((_, i) => i < group.length - 1),
    );
  }
  s3.destroy();
});

test('S3 delimiter listings count common prefixes toward MaxKeys and never repeat one', async () => {
  const s3 = s3Client(credentialsProvider());
  const Prefix = 'public/listing/tree/';
  const keys = ['a.txt', 'b/1.txt', 'b/2.txt', 'b-c.txt', 'c/x/1.txt', 'c/y.txt', 'd.txt', 'e/1'];
  await putKeys(
    s3,
    keys.map((key) => Prefix + key),
  );
  const items = ['a.txt', 'b-c.txt', 'b/', 'c/', 'd.txt', 'e/'];

  for (const MaxKeys of [1, 2, 4, 1000]) {
    const pages = await listAllPages(s3, { Prefix, Delimiter: '/', MaxKeys });
    const expected = chunks(items, MaxKeys);
    assert.deepEqual(
      pages.map((page) => pageItems(page, Prefix)),
      expected,
      `MaxKeys ${MaxKeys}`,
    );
    assert.deepEqual(
      pages.map((page) => [page.KeyCount, page.IsTruncated]),
      expected.map((chunk, i) => [chunk.length, i < expected.length - 1]),
      `MaxKeys ${MaxKeys}`,
    );
  }

  // ListObjects (V1) continues from NextMarker, which may be a common prefix.
  const v1Pages = [];
  let Marker;
  do {
    const page = await s3.send(
      new ListObjectsCommand({
        Bucket: backend.bucket,
        Prefix,
        Delimiter: '/',
        MaxKeys: 2,
        Marker,
      }),
    );
    v1Pages.push(pageItems(page, Prefix));
    Marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (Marker && v1Pages.length < 20);
  assert.deepEqual(v1Pages, chunks(items, 2));
  s3.destroy();
});

test('S3 pages through 2,500 keys in 3 pages, none lost or repeated', async () => {
  const s3 = s3Client(credentialsProvider());
  const Prefix = 'public/listing/many/';
  // Names around "x" interleave files and a folder in S3's order: "x-1" < "x.1" < "x/1" < "x1".
  const separators = ['', '-', '.', '/'];
  const keys = Array.from({ length: 2500 }, (_, i) => `${Prefix}x${separators[i % 4]}${i}`);
  await storeKeys(keys);

  const pages = await listAllPages(s3, { Prefix });
  assert.deepEqual(
    pages.map((page) => page.KeyCount),
    [1000, 1000, 500],
  );
  assert.deepEqual(
    pages.flatMap((page) => page.Contents.map((o) => o.Key)),
    keys.toSorted(byUtf8),
  );
  s3.destroy();
});

test('S3 DeleteObjects of keys sharing folders succeeds whole, while writes go on in those folders', async () => {
  // One attempt: the SDK's retries would hide a 500.
  const s3 = s3Client(credentialsProvider('alice'), { maxAttempts: 1 });
  // s3rver deletes a batch in parallel and removes emptied folders as it goes: deletes in one
  // folder raced each other (500 InternalError) and writes into a folder being removed failed.
  for (let round = 0; round < 5; round++) {
    const Prefix = `public/delete-race/${round}/`;
    const keys = Array.from(
      { length: 300 },
      (_, i) => `${Prefix}${i % 3}/${i % 5}/${i % 2 ? 'deep/' : ''}k${i}`,
    );
    await storeKeys(keys);
    const writes = Array.from({ length: 20 }, (_, i) =>
      s3.send(
        new PutObjectCommand({
          Bucket: backend.bucket,
          Key: `${Prefix}${i % 3}/${i % 5}/new${i}`,
          Body: 'kept',
        }),
      ),
    );
    const output = await s3.send(
      new DeleteObjectsCommand({
        Bucket: backend.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    await Promise.all(writes);
    assert.deepEqual(output.Errors ?? [], []);
    const left = (await listAllPages(s3, { Prefix })).flatMap((page) =>
      (page.Contents ?? []).map((o) => o.Key),
    );
    assert.deepEqual(
      left.toSorted(),
      Array.from({ length: 20 }, (_, i) => `${Prefix}${i % 3}/${i % 5}/new${i}`).toSorted(),
    );
  }
  s3.destroy();
});

test('S3 lists a page of 1000 among 10,000 keys', async (t) => {
  const s3 = s3Client(credentialsProvider());
  const Prefix = 'public/listing/album/';
  // In S3's order "2024-best/..." comes before "2024/..."; in the folders' order it comes after.
  const keys = Array.from(
    { length: 10_000 },
    (_, i) => `${Prefix}${i % 2 ? '2024' : '2024-best'}/photo-${i}.jpg`,
  );
  await storeKeys(keys);

  const times = [];
  const listed = [];
  let ContinuationToken;
  do {
    const started = performance.now();
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: backend.bucket, Prefix, ContinuationToken }),
    );
    times.push(performance.now() - started);
    listed.push(...page.Contents.map((o) => o.Key));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken && times.length < 20);
  assert.equal(times.length, 10);
  assert.deepEqual(listed, keys.toSorted(byUtf8));

  const ms = (x) => `${Math.round(x)} ms`;
  const median = times.toSorted((a, b) => a - b)[5];
  const total = times.reduce((a, b) => a + b);
  t.diagnostic(
    `a page of 1000 among 10,000 keys: first ${ms(times[0])}, median ${ms(median)}, ` +
      `all 10 pages ${ms(total)}`,
  );
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
  assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);
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
    'x-amz-server-side-encryption, x-amz-request-id, x-amz-id-2, ETag, Content-Range, Content-Disposition, Content-Encoding, x-amz-meta-description',
  );
  assert.equal(preflight.headers.get('access-control-max-age'), '3000');

  // A PUT presigned with guest credentials, as a browser would send it.
  const signedUrl = await getSignedUrl(
    s3Client(credentialsProvider()),
    new PutObjectCommand({ Bucket: backend.bucket, Key: 'public/cors.txt' }),
    { expiresIn: 60 },
  );
  const put = await fetch(signedUrl, { method: 'PUT', headers: { Origin: ORIGIN }, body: 'cors' });
  assert.equal(put.status, 200);
  assert.equal(put.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(put.headers.get('access-control-expose-headers'), /\bETag\b/);

  // A presigned ranged GET, as the library's downloads send it: the size is in Content-Range,
  // which the page may read, so no HEAD is needed.
  const getUrl = await getSignedUrl(
    s3Client(credentialsProvider()),
    new GetObjectCommand({ Bucket: backend.bucket, Key: 'public/cors.txt' }),
    { expiresIn: 60 },
  );
  const ranged = await fetch(getUrl, { headers: { Origin: ORIGIN, Range: 'bytes=0-1' } });
  assert.equal(ranged.status, 206);
  assert.equal(await ranged.text(), 'co');
  assert.equal(ranged.headers.get('content-range'), 'bytes 0-1/4');
  assert.match(ranged.headers.get('access-control-expose-headers'), /\bContent-Range\b/);

  // Refused requests carry the CORS headers too, so that a browser can read S3's error.
  const unsigned = await fetch(url, { method: 'PUT', headers: { Origin: ORIGIN }, body: 'cors' });
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(await unsigned.text(), /<Code>AccessDenied<\/Code>/);
});

test('access levels are enforced by default; directS3Endpoint is s3rver, unchecked', async () => {
  assert.equal(backend.enforce, true);
  assert.notEqual(backend.s3Endpoint, backend.directS3Endpoint);
  const key = `${backend.bucket}/public/enforced-by-default.txt`;
  const anonymous = await fetch(`${backend.s3Endpoint}/${key}`, { method: 'PUT', body: 'x' });
  assert.equal(anonymous.status, 403);
  assert.match(await anonymous.text(), /<Code>AccessDenied<\/Code>/);
  const direct = await fetch(`${backend.directS3Endpoint}/${key}`);
  assert.equal(direct.status, 404, 'the refused PUT never reached s3rver');
  await direct.text();
});

test('enforce: false serves plain s3rver on s3Endpoint (for the bench)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'local-backend-open-'));
  const open = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir: dir,
    silent: true,
    enforce: false,
  });
  try {
    assert.equal(open.enforce, false);
    assert.equal(open.s3Endpoint, open.directS3Endpoint);
    const res = await fetch(`${open.s3Endpoint}/${open.bucket}/public/open.txt`, {
      method: 'PUT',
      body: 'x',
    });
    assert.equal(res.status, 200);
  } finally {
    await open.stop();
    await rm(dir, { recursive: true, force: true });
  }
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
