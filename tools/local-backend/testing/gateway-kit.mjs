// What the gateway's attack tests share: a local backend in a throw-away folder (inside a parent
// folder, so writes outside the data folder can be seen), Cognito credentials from the identity
// stand-in, and ways to send requests as an attacker would: signed with the SDK's signer but with
// raw paths, queries, headers and bodies, down to bytes on a socket. Nothing here is a mock.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { LOCAL_LOGIN_PROVIDER, startLocalBackend } from '../backend.mjs';
import { Sha256 } from '../sigv4.mjs';

export const ORIGIN = 'http://localhost:4200';
export const FOREIGN_ORIGIN = 'https://evil.example';

/** Starts a backend whose data folder sits alone in a fresh parent folder; resolves to a kit. */
export async function startKit(options = {}) {
  const parent = await mkdtemp(path.join(tmpdir(), 'gateway-attacks-'));
  const dataDir = path.join(parent, 'data');
  await mkdir(dataDir);
  const backend = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir,
    silent: true,
    ...options,
  });
  const providers = {};
  const ids = {};
  for (const name of ['guest', 'alice', 'bob']) {
    providers[name] = credentialsProvider(backend, name === 'guest' ? undefined : name);
    ids[name] = (await providers[name]()).identityId;
  }
  return { parent, dataDir, backend, Bucket: backend.bucket, providers, ids };
}

/** Stops a kit's backend and removes its folder (nothing when it never started). */
export async function stopKit(kit) {
  await kit?.backend?.stop();
  if (kit) await rm(kit.parent, { recursive: true, force: true });
}

function mapCache(map = new Map()) {
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** A Cognito credentials provider for a user (or a guest), with its own cache. */
export function credentialsProvider(backend, user) {
  return fromCognitoIdentityPool({
    identityPoolId: backend.identityPoolId,
    logins: user ? { [LOCAL_LOGIN_PROVIDER]: user } : undefined,
    cache: mapCache(),
    clientConfig: { region: backend.region, endpoint: backend.identityEndpoint },
  });
}

/** An S3 client of the AWS SDK v3 against the gateway, with the SDK's defaults unless overridden. */
export function s3Client(backend, credentials, options = {}) {
  return new S3Client({
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
    credentials,
    ...options,
  });
}

export const encodeKey = (key) => key.split('/').map(encodeURIComponent).join('/');

/** Writes an object straight into s3rver, past the gateway. */
export async function seed(backend, key, body) {
  const res = await fetch(`${backend.directS3Endpoint}/${backend.bucket}/${encodeKey(key)}`, {
    method: 'PUT',
    body,
  });
  assert.equal(res.status, 200, `seeding ${key}`);
}

/** Reads an object straight from s3rver: { status, text }. */
export async function peek(backend, key) {
  const res = await fetch(`${backend.directS3Endpoint}/${backend.bucket}/${encodeKey(key)}`);
  return { status: res.status, text: await res.text() };
}

/** The S3 error code of an XML error body, or undefined. */
export const codeOf = (text) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];

/**
 * Signs a request with the SDK's signer (header authentication) for a raw path and query as
 * given (no normalization), and returns { url, headers } ready to send. `query` is an array of
 * [name, value] pairs (repeated names allowed), `rawQuery` overrides how they are written.
 */
export async function signRequest(
  backend,
  provider,
  { method, path: rawPath, query = [], rawQuery, headers = {}, body, payloadHash },
) {
  const url = new URL(backend.s3Endpoint);
  const signer = new SignatureV4({
    credentials: provider,
    region: backend.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const queryObject = {};
  for (const [name, value] of query)
    queryObject[name] = name in queryObject ? [].concat(queryObject[name], value) : value;
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: rawPath,
    query: queryObject,
    headers: {
      host: url.host,
      'x-amz-content-sha256':
        payloadHash ??
        createHash('sha256')
          .update(body ?? '')
          .digest('hex'),
      ...headers,
    },
  });
  const search =
    rawQuery ?? query.map(([n, v]) => `${encodeRfc3986(n)}=${encodeRfc3986(v)}`).join('&');
  return {
    url: `${backend.s3Endpoint}${rawPath}${search ? `?${search}` : ''}`,
    headers: signed.headers,
  };
}

const encodeRfc3986 = (text) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** signRequest, then fetch; resolves to { status, text, headers }. */
export async function signedFetch(backend, provider, request) {
  const { url, headers } = await signRequest(backend, provider, request);
  const res = await fetch(url, { method: request.method, headers, body: request.body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/**
 * Sends raw bytes on a fresh connection and resolves to the first response as { status, head,
 * text, more }, `more` holding the further responses when `responses` > 1 (each framed by its
 * Content-Length): for what fetch cannot send (repeated headers, bodies framed by hand, pipelining).
 * The connection stays open until the responses are read, as a half-closed one aborts requests.
 */
export function rawHttp(endpoint, bytes, { responses = 1 } = {}) {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let buffer = Buffer.alloc(0);
    const parsed = [];
    const finish = () => {
      socket.destroy();
      const [first, ...more] = parsed;
      resolve({ ...(first ?? { status: NaN, head: buffer.toString('latin1'), text: '' }), more });
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const split = buffer.indexOf('\r\n\r\n');
        if (split === -1) return;
        const head = buffer.subarray(0, split).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < split + 4 + length) return;
        const text = buffer.subarray(split + 4, split + 4 + length).toString('utf8');
        buffer = buffer.subarray(split + 4 + length);
        parsed.push({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, text });
        if (parsed.length === responses) return finish();
      }
    });
    socket.on('error', reject);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** Signed headers as raw header lines; a header given as an array is sent once per value. */
export function headerLines(headers) {
  return Object.entries(headers)
    .flatMap(([name, value]) => [].concat(value).map((v) => `${name}: ${v}\r\n`))
    .join('');
}

/** Every file and folder under `dir` (relative paths), to see what a request wrote where. */
export async function listTree(dir) {
  const entries = await readdir(dir, { recursive: true });
  return entries.sort();
}
