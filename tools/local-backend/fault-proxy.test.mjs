// Run with: node --test tools/local-backend/fault-proxy.test.mjs
// The fault proxy in front of the real local backend, driven by the real AWS SDK; nothing mocked.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startLocalBackend } from './backend.mjs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requestKind, seededRandom, startFaultProxy } from './fault-proxy.mjs';

const ORIGIN = 'http://localhost:9876';
const MiB = 1024 * 1024;

let dataDir;
let backend;
let proxy;
let credentials;
let viaProxy;
let direct;
let keyCount = 0;

// Guest credentials from the backend's identity service: valid for public/ whether or not the
// backend checks signatures (s3rver's own S3RVER key would be refused by the enforcing gateway).
// Each provider gets its own cache: the SDK's default one is shared, and would hand one backend's
// guest id to another.
function guestCredentials(target) {
  const cache = new Map();
  return fromCognitoIdentityPool({
    identityPoolId: target.identityPoolId,
    cache: {
      getItem: (k) => cache.get(k) ?? null,
      setItem: (k, v) => void cache.set(k, v),
      removeItem: (k) => void cache.delete(k),
    },
    clientConfig: { region: target.region, endpoint: target.identityEndpoint },
  });
}

function s3Client(endpoint, target = backend, creds = credentials) {
  return new S3Client({
    region: target.region,
    endpoint,
    forcePathStyle: true,
    credentials: creds,
    // s3rver does not understand the aws-chunked/trailing-checksum uploads the SDK defaults to.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1, // the SDK's own retries would hide the faults under test
  });
}

const newKey = (name = 'object') => `public/fault-proxy/${++keyCount}-${name}`;
const put = (Key, Body = 'hello', client = viaProxy) =>
  client.send(new PutObjectCommand({ Bucket: backend.bucket, Key, Body }));

// Asks s3rver itself, past the proxy, whether a request reached it.
async function existsInS3(Key) {
  try {
    await direct.send(new HeadObjectCommand({ Bucket: backend.bucket, Key }));
    return true;
  } catch (err) {
    if (err.$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

// 'ok' or the failure's S3 error code / network error code, for comparing whole sequences.
async function outcome(promise) {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    return err.$metadata?.httpStatusCode ? err.name : `network ${err.code}`;
  }
}

async function control(method, route = '', body) {
  const res = await fetch(`${proxy.controlEndpoint}${route}`, {
    method,
    headers: { Origin: ORIGIN, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

async function waitFor(condition, ms = 2000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline;)
    if (condition()) return true;
    else await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fault-proxy-test-'));
  backend = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir,
    silent: true,
    corsOrigins: [ORIGIN],
  });
  proxy = await startFaultProxy({ target: backend.s3Endpoint });
  credentials = guestCredentials(backend);
  viaProxy = s3Client(proxy.endpoint);
  direct = s3Client(backend.s3Endpoint);
});

after(async () => {
  viaProxy?.destroy();
  direct?.destroy();
  await proxy?.close();
  await backend?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Credentials first, so that fetching them never lands in a test's counters.
  await credentials();
  proxy.reset();
});

test('passes requests through and counts them', async () => {
  const Key = newKey();
  const put1 = await put(Key, 'through the proxy');
  assert.match(put1.ETag, /^"[0-9a-f]{32}"$/);
  const got = await viaProxy.send(new GetObjectCommand({ Bucket: backend.bucket, Key }));
  assert.equal(await got.Body.transformToString(), 'through the proxy');
  await viaProxy.send(new ListObjectsV2Command({ Bucket: backend.bucket, Prefix: Key }));

  const stats = proxy.stats();
  assert.equal(stats.requests, 3);
  assert.deepEqual(stats.byMethod, { PUT: 1, GET: 2 });
  assert.deepEqual(stats.byKind, { putObject: 1, get: 1, list: 1 });
  assert.equal(stats.faults, 0);
  assert.equal(stats.bytesReceived, 'through the proxy'.length);
  assert.equal(stats.bytesForwarded, 'through the proxy'.length);
  assert.equal(stats.inFlight, 0);
  assert.ok(Date.now() - stats.lastActivityAt < 1000);
  assert.deepEqual(
    stats.log.map((e) => [e.method, e.kind, e.status, e.bytes, e.aborted]),
    [
      ['PUT', 'putObject', 200, 17, undefined],
      ['GET', 'get', 200, 0, undefined],
      ['GET', 'list', 200, 0, undefined],
    ],
  );
  assert.ok(stats.log.every((e) => e.endedAt >= e.at));
});

test('forwards method, path, query, headers (Host included) and body unchanged', async () => {
  // An echo server as the target shows exactly what the proxy sends on.
  const echo = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    res.writeHead(201, { 'x-echo': 'yes', ETag: '"abc"' });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }),
    );
  }).listen(0, '127.0.0.1');
  await once(echo, 'listening');
  const echoProxy = await startFaultProxy({ target: `http://127.0.0.1:${echo.address().port}` });
  try {
    const url = `${echoProxy.endpoint}/bucket/a%20key?partNumber=2&uploadId=u1`;
    const res = await fetch(url, {
      method: 'PUT',
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date': '20250101T000000Z' },
      body: 'part two',
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-echo'), 'yes');
    assert.equal(res.headers.get('etag'), '"abc"');
    const seen = await res.json();
    assert.equal(seen.method, 'PUT');
    assert.equal(seen.url, '/bucket/a%20key?partNumber=2&uploadId=u1');
    assert.equal(seen.headers.host, new URL(echoProxy.endpoint).host); // as the client signed it
    assert.equal(seen.headers.authorization, 'AWS4-HMAC-SHA256 Credential=x');
    assert.equal(seen.headers['x-amz-date'], '20250101T000000Z');
    assert.equal(seen.headers['content-length'], '8');
    assert.equal(seen.body, 'part two');
    assert.deepEqual(echoProxy.stats().parts, { u1: [2] });
  } finally {
    await echoProxy.close();
    echo.close();
  }
});

test('signatures made for the proxy pass the enforcing gateway', async () => {
  const enforcedDir = await mkdtemp(path.join(tmpdir(), 'fault-proxy-enforced-'));
  const enforced = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir: enforcedDir,
    silent: true,
    enforce: true,
  });
  const enforcedProxy = await startFaultProxy({ target: enforced.s3Endpoint });
  const guest = guestCredentials(enforced);
  const client = s3Client(enforcedProxy.endpoint, enforced, guest);
  try {
    const Key = 'public/fault-proxy/signed.txt';
    await client.send(new PutObjectCommand({ Bucket: enforced.bucket, Key, Body: 'signed' }));
    const got = await client.send(new GetObjectCommand({ Bucket: enforced.bucket, Key }));
    assert.equal(await got.Body.transformToString(), 'signed');
    // And the gateway does check: a request it refuses is not one we let through unsigned.
    const anonymous = await fetch(`${enforcedProxy.endpoint}/${enforced.bucket}/${Key}`);
    assert.equal(anonymous.status, 403);
  } finally {
    client.destroy();
    await enforcedProxy.close();
    await enforced.stop();
    await rm(enforcedDir, { recursive: true, force: true });
  }
});

test('a client that goes away mid-body aborts the request to the target as well', async () => {
  let seen;
  const target = createServer((req) => {
    seen = { bytes: 0 };
    req.on('data', (chunk) => {
      seen.bytes += chunk.length;
    });
    req.on('close', () => {
      seen.complete = req.complete;
    });
  }).listen(0, '127.0.0.1');
  await once(target, 'listening');
  const targetProxy = await startFaultProxy({
    target: `http://127.0.0.1:${target.address().port}`,
  });
  try {
    const { port } = new URL(targetProxy.endpoint);
    const client = httpRequest({
      port,
      method: 'PUT',
      path: '/b/k',
      headers: { 'content-length': 1000 },
    });
    client.on('error', () => {});
    client.write(Buffer.alloc(400));
    assert.ok(await waitFor(() => seen?.bytes === 400), 'the first bytes were forwarded');
    client.destroy();
    assert.ok(await waitFor(() => seen.complete !== undefined), 'the target request stayed open');
    assert.equal(seen.complete, false);
    assert.ok(await waitFor(() => targetProxy.stats().inFlight === 0));
    assert.equal(targetProxy.stats().log[0].aborted, true);
  } finally {
    await targetProxy.close();
    target.close();
  }
});

test('status-500 answers InternalError and does not reach S3', async () => {
  proxy.setFaults({ rules: [{ match: { kind: 'putObject' }, fault: 'status-500' }] });
  const Key = newKey();
  await assert.rejects(put(Key), (err) => {
    assert.equal(err.$metadata.httpStatusCode, 500);
    assert.equal(err.name, 'InternalError');
    return true;
  });
  assert.equal(await existsInS3(Key), false);
  const stats = proxy.stats();
  assert.deepEqual(stats.faultsByKind, { putObject: 1 });
  assert.deepEqual(stats.faultsByType, { 'status-500': 1 });
  assert.equal(stats.bytesReceived, 5, 'the body is read before answering');
  assert.equal(stats.bytesForwarded, 0);
});

test('slowdown-503 answers SlowDown, readable by a browser, and does not reach S3', async () => {
  proxy.setFaults({ rules: [{ fault: 'slowdown-503', match: { method: 'put' } }] });
  const Key = newKey();
  await assert.rejects(put(Key), (err) => {
    assert.equal(err.$metadata.httpStatusCode, 503);
    assert.equal(err.name, 'SlowDown');
    assert.equal(err.message, 'Please reduce your request rate.');
    return true;
  });
  assert.equal(await existsInS3(Key), false);

  const res = await fetch(`${proxy.endpoint}/${backend.bucket}/${newKey()}`, {
    method: 'PUT',
    headers: { Origin: ORIGIN },
    body: 'x',
  });
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-expose-headers'), /\bETag\b/);
  assert.match(res.headers.get('content-type'), /xml/);
  assert.match(
    await res.text(),
    /<Error><Code>SlowDown<\/Code><Message>Please reduce your request rate\.<\/Message>/,
  );
});

test('drop-mid-body resets the connection part-way and never forwards the request', async () => {
  proxy.setFaults({
    rules: [{ match: { kind: 'putObject' }, fault: 'drop-mid-body', afterBytes: 64 * 1024 }],
  });
  const Key = newKey();
  const body = Buffer.alloc(4 * MiB, 'x');
  await assert.rejects(put(Key, body), (err) => {
    assert.equal(err.$metadata?.httpStatusCode, undefined, 'no HTTP response at all');
    assert.ok(['ECONNRESET', 'EPIPE'].includes(err.code), `${err.name} ${err.code}`);
    return true;
  });
  assert.equal(await existsInS3(Key), false);
  const stats = proxy.stats();
  assert.ok(stats.bytesReceived >= 64 * 1024, `received ${stats.bytesReceived}`);
  assert.ok(stats.bytesReceived < body.length, `received ${stats.bytesReceived}`);
  assert.equal(stats.bytesForwarded, 0);
  assert.deepEqual(stats.faultsByType, { 'drop-mid-body': 1 });
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0));
  assert.equal(proxy.stats().log[0].dropped, true);
});

test('drop-mid-body reaches a browser as a network error: no keep-alive to resend on', async () => {
  // Chromium resends a request that fails on a reused keep-alive connection; fetch() in Node
  // (undici) reuses connections too, so a second request here would be on a reused one.
  const url = `${proxy.endpoint}/${backend.bucket}/${newKey()}`;
  const first = await fetch(url, { method: 'PUT', body: 'warm-up' });
  assert.equal(first.headers.get('connection'), 'close');
  await first.arrayBuffer();
  proxy.setFaults({ rules: [{ fault: 'drop-mid-body', match: { kind: 'putObject' }, times: 1 }] });
  await assert.rejects(fetch(url, { method: 'PUT', body: Buffer.alloc(MiB) }), TypeError);
  assert.deepEqual(proxy.stats().byKind, { putObject: 2 }, 'the dropped PUT was not resent');
});

test('delay holds a request back, then forwards it; delays add up with other faults', async () => {
  proxy.setFaults({ rules: [{ match: { path: 'slow' }, fault: 'delay', delayMs: 300 }] });
  const slowKey = newKey('slow');
  let started = performance.now();
  await put(slowKey);
  assert.ok(performance.now() - started >= 290, `took ${performance.now() - started} ms`);
  assert.equal(await existsInS3(slowKey), true);
  await put(newKey('fast'));
  // Counters rather than timings for the request that must not wait: a busy machine is slow too.
  assert.deepEqual(proxy.stats().rules, [{ matches: 1, injected: 1 }]);
  assert.deepEqual(proxy.stats().faultsByType, { delay: 1 });

  proxy.setFaults({
    rules: [
      { fault: 'delay', delayMs: 200 },
      { fault: 'status-500', match: { kind: 'putObject' } },
    ],
  });
  started = performance.now();
  assert.equal(await outcome(put(newKey())), 'InternalError');
  assert.ok(performance.now() - started >= 190, `took ${performance.now() - started} ms`);
  assert.deepEqual(proxy.stats().rules, [
    { matches: 1, injected: 1 },
    { matches: 1, injected: 1 },
  ]);
});

test('every and times pick which matches fail, deterministically', async () => {
  proxy.setFaults({
    rules: [{ fault: 'status-500', every: 2, times: 2, match: { kind: 'putObject' } }],
  });
  const outcomes = [];
  for (let i = 0; i < 7; i++) outcomes.push(await outcome(put(newKey())));
  assert.deepEqual(outcomes, ['ok', 'InternalError', 'ok', 'InternalError', 'ok', 'ok', 'ok']);
  assert.deepEqual(proxy.stats().rules, [{ matches: 7, injected: 2 }]);

  // Requests the rule does not match neither fail nor count toward `every`.
  proxy.setFaults({
    rules: [{ fault: 'slowdown-503', every: 2, match: { method: 'PUT', path: '/b-' } }],
  });
  const mixed = [];
  for (const name of ['b-1', 'a-1', 'b-2', 'a-2', 'b-3', 'b-4'])
    mixed.push(await outcome(put(newKey().replace(/[^/]+$/, name))));
  assert.deepEqual(mixed, ['ok', 'ok', 'SlowDown', 'ok', 'ok', 'SlowDown']);
});

test('rate with a seed fails the same requests on every run', async () => {
  const run = async (seed) => {
    const plan = proxy.setFaults({ seed, rules: [{ fault: 'status-500', rate: 0.5 }] });
    assert.equal(plan.seed, seed);
    const outcomes = [];
    for (let i = 0; i < 12; i++)
      outcomes.push((await outcome(put(newKey(), 'r'))) === 'ok' ? '.' : 'x');
    return outcomes.join('');
  };
  const first = await run(42);
  assert.equal(await run(42), first);
  const failures = first.split('x').length - 1;
  assert.ok(failures >= 2 && failures <= 10, `${failures} of 12 failed: ${first}`);
  // The sequence the PRNG gives, one draw per matching request; another seed gives another one.
  const sequence = (seed) => {
    const random = seededRandom(seed);
    return Array.from({ length: 12 }, () => (random() < 0.5 ? 'x' : '.')).join('');
  };
  assert.equal(first, sequence(42));
  assert.notEqual(sequence(7), first);

  // Without a seed the proxy picks one and reports it, so a run can be replayed.
  const { seed } = proxy.setFaults({ rules: [{ fault: 'status-500', rate: 0.1 }] });
  assert.ok(Number.isInteger(seed));
  assert.equal(proxy.stats().seed, seed);
});

test('a multipart upload through the proxy records the part numbers that got through', async () => {
  proxy.setFaults({
    rules: [
      { match: { method: 'PUT', query: 'partNumber' }, fault: 'status-500', every: 2, times: 1 },
    ],
  });
  const Key = newKey('multipart.bin');
  const { UploadId } = await viaProxy.send(
    new CreateMultipartUploadCommand({ Bucket: backend.bucket, Key }),
  );
  // The local S3 enforces S3's 5 MiB minimum for every part but the last.
  const PART = 5 * 1024 * 1024;
  const bodies = [Buffer.alloc(PART, 1), Buffer.alloc(PART, 2), Buffer.from('tail')];
  const uploadPart = (PartNumber) =>
    viaProxy.send(
      new UploadPartCommand({
        Bucket: backend.bucket,
        Key,
        UploadId,
        PartNumber,
        Body: bodies[PartNumber - 1],
      }),
    );
  const etags = {};
  etags[1] = (await uploadPart(1)).ETag;
  assert.equal(await outcome(uploadPart(2)), 'InternalError');
  etags[2] = (await uploadPart(2)).ETag; // the retry
  etags[3] = (await uploadPart(3)).ETag;
  await viaProxy.send(
    new CompleteMultipartUploadCommand({
      Bucket: backend.bucket,
      Key,
      UploadId,
      MultipartUpload: { Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: etags[n] })) },
    }),
  );
  const head = await direct.send(new HeadObjectCommand({ Bucket: backend.bucket, Key }));
  assert.equal(head.ContentLength, 2 * PART + 4);

  const stats = proxy.stats();
  assert.deepEqual(stats.parts, { [UploadId]: [1, 2, 3] });
  assert.deepEqual(stats.byKind, { createMultipart: 1, putPart: 4, completeMultipart: 1 });
  assert.deepEqual(stats.faultsByKind, { putPart: 1 });
  // Everything arrived, the failed attempt at part 2 included; that attempt never went on to S3.
  assert.equal(stats.bytesReceived - stats.bytesForwarded, PART);
  assert.ok(stats.bytesForwarded > 2 * PART + 4, "the parts and CompleteMultipartUpload's XML");

  const abortKey = newKey('aborted.bin');
  const aborted = await viaProxy.send(
    new CreateMultipartUploadCommand({ Bucket: backend.bucket, Key: abortKey }),
  );
  // The local backend's S3 layer answers AbortMultipartUpload (s3rver 3.7.1 alone has none).
  const abortOutcome = await outcome(
    viaProxy.send(
      new AbortMultipartUploadCommand({
        Bucket: backend.bucket,
        Key: abortKey,
        UploadId: aborted.UploadId,
      }),
    ),
  );
  assert.equal(abortOutcome, 'ok');
  assert.equal(proxy.stats().byKind.abortMultipart, 1);
});

test('CORS preflights are forwarded and never faulted', async () => {
  proxy.setFaults({ rules: [{ fault: 'status-500' }, { fault: 'drop-mid-body' }] });
  const res = await fetch(`${proxy.endpoint}/${backend.bucket}/${newKey()}`, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'authorization,x-amz-date',
    },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(res.headers.get('access-control-allow-methods'), /\bPUT\b/);
  const stats = proxy.stats();
  assert.deepEqual(stats.byKind, { preflight: 1 });
  assert.equal(stats.faults, 0);
  assert.deepEqual(stats.rules, [
    { matches: 0, injected: 0 },
    { matches: 0, injected: 0 },
  ]);
});

test('the control API sets faults, reports stats and resets, with CORS for browsers', async () => {
  const preflight = await fetch(proxy.controlEndpoint, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-methods'), /\bPUT\b.*\bPOST\b/);
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type');

  const set = await control('PUT', '', {
    seed: 5,
    rules: [{ match: { kind: 'putObject' }, fault: 'slowdown-503', times: 1 }],
  });
  assert.equal(set.status, 200);
  assert.equal(set.headers.get('access-control-allow-origin'), '*');
  assert.equal(set.body.seed, 5);
  assert.deepEqual((await control('GET')).body, set.body);
  assert.deepEqual(proxy.faults(), set.body);

  assert.equal(await outcome(put(newKey())), 'SlowDown');
  assert.equal(await outcome(put(newKey())), 'ok');
  const stats = await control('GET', '/stats');
  assert.equal(stats.status, 200);
  assert.equal(stats.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(stats.body.byKind, { putObject: 2 }, 'control calls are not counted');
  assert.deepEqual(stats.body.faultsByType, { 'slowdown-503': 1 });
  assert.deepEqual(stats.body.rules, [{ matches: 2, injected: 1 }]);
  assert.equal(stats.body.inFlight, 0);
  assert.equal(typeof stats.body.lastActivityAt, 'number');

  const invalid = await control('PUT', '', { rules: [{ fault: 'status-500', afterByte: 3 }] });
  assert.equal(invalid.status, 400);
  assert.match(invalid.body.error, /afterByte/);
  assert.equal((await control('GET')).body.seed, 5, 'an invalid plan leaves the old one in force');

  const cleared = await control('DELETE', '/stats');
  assert.equal(cleared.body.requests, 0);
  assert.deepEqual(cleared.body.rules, [{ matches: 2, injected: 1 }], 'the plan keeps counting');

  proxy.setFaults({ rules: [{ fault: 'status-500' }] });
  const reset = await control('POST', '/reset');
  assert.equal(reset.status, 200);
  assert.deepEqual(reset.body.rules, []);
  assert.equal(await outcome(put(newKey())), 'ok');
  assert.equal((await control('GET', '/stats')).body.requests, 1);

  assert.equal((await control('GET', '/nope')).status, 404);
});

test('setFaults rejects plans with mistakes', () => {
  const bad = [
    { rule: [] },
    { rules: [{ fault: 'status-404' }] },
    { rules: [{ fault: 'delay' }] },
    { rules: [{ fault: 'status-500', delayMs: 10 }] },
    { rules: [{ fault: 'status-500', rate: 1.5 }] },
    { rules: [{ fault: 'status-500', every: 0 }] },
    { rules: [{ fault: 'status-500', match: { kind: 'putparts' } }] },
    { rules: [{ fault: 'status-500', match: { methods: 'PUT' } }] },
    { rules: [{ fault: 'lose-response', afterBytes: 10 }] },
    { rules: [{ fault: 'hold', delayMs: 10 }] },
    { rules: [{ fault: 'cut-response-body', afterBytes: -1 }] },
    { bytesPerSecond: 0 },
    { seed: 1.5 },
  ];
  for (const plan of bad)
    assert.throws(() => proxy.setFaults(plan), TypeError, JSON.stringify(plan));
  assert.deepEqual(proxy.setFaults({ seed: 1 }), { rules: [], seed: 1 });
});

test('bytesPerSecond caps request bodies', async () => {
  const rate = 512 * 1024;
  proxy.setFaults({ bytesPerSecond: rate });
  const Key = newKey('throttled.bin');
  const started = performance.now();
  await put(Key, Buffer.alloc(rate / 2));
  const seconds = (performance.now() - started) / 1000;
  // Generous above: a loaded machine is slower, never faster.
  assert.ok(seconds >= 0.45 && seconds < 3, `half a second of data took ${seconds} s`);
  assert.equal(await existsInS3(Key), true);
});

test('an upload aborted under the cap ends: nothing more arrives, nothing reaches S3', async () => {
  // What a paused upload looks like from the proxy. The client's and our kernel socket buffers
  // (several MiB on loopback) keep delivering what was sent before the abort, at the capped
  // rate, so the body is far larger than those and the rate high enough to drain them quickly.
  const rate = 4 * MiB;
  proxy.setFaults({ bytesPerSecond: rate });
  const Key = newKey('paused.bin');
  const body = Buffer.alloc(32 * MiB);
  const controller = new AbortController();
  const upload = viaProxy
    .send(new PutObjectCommand({ Bucket: backend.bucket, Key, Body: body }), {
      abortSignal: controller.signal,
    })
    .catch((err) => err);
  assert.ok(await waitFor(() => proxy.stats().bytesReceived > 0));
  const first = { at: performance.now(), bytes: proxy.stats().bytesReceived };
  await new Promise((resolve) => setTimeout(resolve, 500));
  const during = proxy.stats();
  const elapsed = (performance.now() - first.at) / 1000;
  assert.equal(during.inFlight, 1);
  // At most the cap, plus what Node reads ahead of the pacing (a few 64 KiB chunks).
  const received = during.bytesReceived - first.bytes;
  assert.ok(received > 0, 'the upload is under way');
  assert.ok(received < elapsed * rate + 4 * 64 * 1024, `${received} bytes in ${elapsed} s`);

  controller.abort();
  assert.equal((await upload).name, 'AbortError');
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0, 5000), 'the request never ended');
  const stopped = proxy.stats();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(proxy.stats().bytesReceived, stopped.bytesReceived);
  assert.equal(proxy.stats().lastActivityAt, stopped.lastActivityAt);
  assert.ok(stopped.bytesReceived < body.length, `received ${stopped.bytesReceived}`);
  assert.equal(stopped.log.at(-1).aborted, true);
  assert.equal(await existsInS3(Key), false);
});

test('lose-response lets S3 do the work, then cuts the client off without an answer', async () => {
  proxy.setFaults({ rules: [{ match: { kind: 'putObject' }, fault: 'lose-response', times: 1 }] });
  const Key = newKey();
  assert.match(await outcome(put(Key, 'stored all the same')), /^network (ECONNRESET|EPIPE)$/);
  assert.equal(await existsInS3(Key), true, 'S3 stored the object');
  const got = await direct.send(new GetObjectCommand({ Bucket: backend.bucket, Key }));
  assert.equal(await got.Body.transformToString(), 'stored all the same');
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0));
  const [entry] = proxy.stats().log;
  assert.equal(entry.lostStatus, 200, 'what S3 answered');
  assert.equal(entry.status, undefined, 'what the client got');
  assert.equal(entry.dropped, true);
  assert.deepEqual(proxy.stats().faultsByType, { 'lose-response': 1 });
  assert.equal(await outcome(put(newKey())), 'ok', 'times: 1');

  // The same for an answer S3 refuses: the client hears of neither.
  proxy.setFaults({ rules: [{ match: { kind: 'deleteObject' }, fault: 'lose-response' }] });
  const res = await fetch(`${proxy.endpoint}/no-such-bucket/k`, { method: 'DELETE' }).catch(
    (e) => e,
  );
  assert.ok(res instanceof TypeError, 'a network error, not a status');
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0));
  assert.ok(proxy.stats().log.at(-1).lostStatus >= 400);
});

test('cut-response-body passes the head and the first bytes of a body, then closes', async () => {
  const Key = newKey('cut.bin');
  const body = Buffer.alloc(2 * MiB, 7);
  await put(Key, body);
  proxy.setFaults({ rules: [{ match: { kind: 'get' }, fault: 'cut-response-body', times: 1 }] });
  const url = await getSignedUrl(viaProxy, new GetObjectCommand({ Bucket: backend.bucket, Key }));
  const seen = await new Promise((resolve) => {
    const got = { bytes: 0 };
    const req = httpRequest(url, (res) => {
      got.status = res.statusCode;
      got.length = Number(res.headers['content-length']);
      res.on('data', (chunk) => (got.bytes += chunk.length));
      res.on('error', (err) => resolve({ ...got, error: err.code }));
      res.on('end', () => resolve({ ...got, error: 'none' }));
    });
    req.on('error', (err) => resolve({ ...got, error: err.code }));
    req.end();
  });
  assert.equal(seen.status, 200);
  assert.equal(seen.length, body.length);
  assert.equal(seen.bytes, body.length / 2, 'half of the body by default');
  assert.notEqual(seen.error, 'none', 'the body ended short: an error, not an end');
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0));
  assert.equal(proxy.stats().log.find((e) => e.kind === 'get').bytesSent, body.length / 2);

  // With afterBytes, through the SDK: its body stream fails part-way.
  proxy.setFaults({
    rules: [{ match: { kind: 'get' }, fault: 'cut-response-body', afterBytes: 1000 }],
  });
  const got = await viaProxy.send(new GetObjectCommand({ Bucket: backend.bucket, Key }));
  await assert.rejects(got.Body.transformToByteArray());
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0));
  assert.equal(proxy.stats().log.at(-1).bytesSent, 1000);
});

test('hold keeps requests waiting until released, and logs Range and If-Match', async () => {
  const Key = newKey('held.txt');
  const first = await put(Key, 'version one');
  proxy.setFaults({ rules: [{ match: { kind: 'get' }, fault: 'hold' }] });
  const pending = viaProxy.send(
    new GetObjectCommand({ Bucket: backend.bucket, Key, Range: 'bytes=0-6', IfMatch: first.ETag }),
  );
  assert.ok(await waitFor(() => proxy.stats().held === 1), 'the GET is held');
  // What the hold is for: change the object between two requests of one download.
  await put(Key, 'version two', direct);
  const released = await control('POST', '/release');
  assert.deepEqual(released.body, { released: 1 });
  const got = await outcome(pending);
  // s3rver 3.7.1 ignores If-Match (S3 answers 412 PreconditionFailed); either way the request
  // reached S3 after the change, and no longer waits.
  assert.ok(['ok', 'PreconditionFailed'].includes(got), got);
  const entry = proxy.stats().log.find((e) => e.kind === 'get');
  assert.equal(entry.held, true);
  assert.equal(entry.range, 'bytes=0-6');
  assert.equal(entry.ifMatch, first.ETag);
  assert.equal(proxy.stats().held, 0);

  // A held request whose client goes away, and one still held at reset, are let go.
  const controller = new AbortController();
  const abandoned = viaProxy
    .send(new GetObjectCommand({ Bucket: backend.bucket, Key }), { abortSignal: controller.signal })
    .catch((err) => err);
  assert.ok(await waitFor(() => proxy.stats().held === 1));
  controller.abort();
  assert.equal((await abandoned).name, 'AbortError');
  assert.ok(await waitFor(() => proxy.stats().held === 0), 'the abandoned request was let go');
  const atReset = viaProxy.send(new GetObjectCommand({ Bucket: backend.bucket, Key }));
  assert.ok(await waitFor(() => proxy.stats().held === 1));
  proxy.reset();
  assert.equal(await (await atReset).Body.transformToString(), 'version two');
});

test('maxInFlight keeps the peak of requests in flight until reset, which starts it at the current count', async () => {
  const Key = newKey('peak.txt');
  await put(Key, 'peak');
  proxy.resetStats();
  proxy.setFaults({ rules: [{ match: { kind: 'get' }, fault: 'hold' }] });
  const gets = [1, 2, 3].map(() =>
    viaProxy.send(new GetObjectCommand({ Bucket: backend.bucket, Key })),
  );
  assert.ok(await waitFor(() => proxy.stats().held === 3), 'three GETs held');
  assert.equal(proxy.stats().maxInFlight, 3);
  // Reset while they are held: the peak starts again from the three still in flight.
  proxy.resetStats();
  assert.equal(proxy.stats().maxInFlight, 3);
  proxy.release();
  await Promise.all(gets);
  assert.ok(await waitFor(() => proxy.stats().inFlight === 0));
  assert.equal(proxy.stats().maxInFlight, 3, 'the peak outlives the requests');
  proxy.setFaults({});
  proxy.resetStats();
  assert.equal(proxy.stats().maxInFlight, 0);
  await put(newKey(), 'one');
  assert.equal(proxy.stats().maxInFlight, 1);
});

test('requestKind names S3 operations from method and URL', () => {
  const cases = [
    ['PUT', '/b/k?partNumber=1&uploadId=u&x-id=UploadPart', 'putPart'],
    ['PUT', '/b/dir/k', 'putObject'],
    ['POST', '/b/k?uploads&x-id=CreateMultipartUpload', 'createMultipart'],
    ['POST', '/b/k?uploadId=u', 'completeMultipart'],
    ['DELETE', '/b/k?uploadId=u&x-id=AbortMultipartUpload', 'abortMultipart'],
    ['GET', '/b/k?x-id=GetObject', 'get'],
    ['HEAD', '/b/k', 'head'],
    ['GET', '/b?list-type=2&prefix=p', 'list'],
    ['GET', '/b/?uploads', 'list'],
    ['GET', '/b/k?uploadId=u', 'list'],
    ['OPTIONS', '/b/k', 'preflight'],
    ['DELETE', '/b/k', 'deleteObject'],
    ['DELETE', '/b', 'other'],
    ['PUT', '/b?cors', 'other'],
  ];
  for (const [method, url, kind] of cases)
    assert.equal(requestKind(method, url), kind, `${method} ${url}`);
});

test('close() ends pending requests and frees the port', async () => {
  const closing = await startFaultProxy({ target: backend.s3Endpoint });
  closing.setFaults({ rules: [{ fault: 'delay', delayMs: 10_000 }] });
  const client = s3Client(closing.endpoint);
  const pending = outcome(put(newKey(), 'x', client));
  await waitFor(() => closing.stats().inFlight === 1);
  const started = performance.now();
  await closing.close();
  await closing.close(); // safe twice
  assert.ok(performance.now() - started < 1000);
  assert.match(await pending, /^network /);
  await assert.rejects(fetch(closing.endpoint), TypeError);
  client.destroy();
});
