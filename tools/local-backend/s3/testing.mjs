// Test support for the S3 layer's tests: a backend in a temporary folder, an SDK client on its
// direct S3 endpoint (s3rver with this folder's layer, no gateway), and raw HTTP requests.
import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalBackend } from '../backend.mjs';

/**
 * Starts a backend whose data folder is <root>/data, so tests can watch <root> for files that must
 * never appear outside the data folder. Returns { backend, s3, root, dataDir, bucket, raw, close }.
 */
export async function startS3Layer() {
  const root = await mkdtemp(path.join(tmpdir(), 's3-semantics-'));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir);
  const backend = await startLocalBackend({ s3Port: 0, identityPort: 0, dataDir, silent: true });
  const s3 = new S3Client({
    region: backend.region,
    endpoint: backend.directS3Endpoint,
    forcePathStyle: true,
    // s3rver's built-in key pair; s3rver checks the signature of signed requests.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    backend,
    s3,
    root,
    dataDir,
    bucket: backend.bucket,
    raw: (options) => rawRequest(backend.directS3Endpoint, options),
    async close() {
      s3.destroy();
      await backend.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * One HTTP/1.1 request, sent exactly as given (no path normalization): { method, path, headers,
 * body (Buffer|string), chunks (sent with chunked encoding), trailers }. Resolves to
 * { status, headers, body (string), code (the S3 error code, if any) }.
 */
export function rawRequest(
  endpoint,
  { method = 'GET', path: requestPath, headers = {}, body, chunks, trailers },
) {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: requestPath, headers },
      (res) => {
        const parts = [];
        res.on('data', (chunk) => parts.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: text,
            code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (chunks) {
      for (const chunk of chunks) req.write(chunk);
      if (trailers) req.addTrailers(trailers);
      req.end();
    } else req.end(body);
  });
}

/** Base64 MD5 of `data`, as Content-MD5 carries it. */
export const md5Base64 = (data) => createHash('md5').update(data).digest('base64');

/** Hex MD5 of `data`. */
export const md5Hex = (data) => createHash('md5').update(data).digest('hex');

/** Every path under `dir` (relative), except those under `exclude` (relative). */
export async function listTree(dir, exclude) {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((entry) => entry !== exclude && !entry.startsWith(exclude + path.sep))
    .sort();
}

/** `size` bytes of a repeating pattern that differs per `seed`, so misplaced bytes show. */
export function patternBytes(size, seed = 0) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7 + (i >> 10)) & 0xff;
  return bytes;
}
