// A second, independent S3 implementation for the library specs: moto's `moto_server` (Python),
// plain S3 with no gateway in front, so no access-level checks; it accepts any credentials and,
// unlike s3rver, gives multipart objects S3's "<md5 of part md5s>-<parts>" ETags.
// tools/run-tests.mjs starts it on a free loopback port when moto_server is on PATH.
import { spawn, spawnSync } from 'node:child_process';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXPOSE_HEADERS as LOCAL_EXPOSE_HEADERS } from './local-backend/gateway/cors.mjs';

// As the bucket rule of tools/local-backend/s3-server.mjs, so the page reads the same headers.
const EXPOSE_HEADERS = LOCAL_EXPOSE_HEADERS;

/** Why moto_server cannot run here, or undefined when it is on PATH. */
export function motoUnavailable() {
  const found = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  if (found.error?.code === 'ENOENT')
    return 'moto_server is not on PATH (pip install "moto[server]" provides it)';
  if (found.error) return `moto_server could not be run: ${found.error.message}`;
  if (found.status !== 0) return `moto_server --help exited with ${found.status}`;
  return undefined;
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts moto_server on a free loopback port; resolves to `{ endpoint, port, stop() }` once it
 * answers. Its output is kept and shown only if it fails to start.
 */
export async function startMotoServer({ startTimeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      // Keep the start of the log only: moto logs every request.
      if (output.length < 20_000) output += chunk;
    });
  }
  let exited = false;
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => ((exited = true), resolve(code ?? signal))),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await exit;
  };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`moto_server exited at start-up:\n${output}`);
    try {
      // Any answer means it is listening.
      await fetch(`${endpoint}/moto-api/`);
      return { endpoint, port, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `moto_server did not answer on ${endpoint} within ${startTimeoutMs} ms:\n${output}`,
        );
      }
      await sleep(100);
    }
  }
}

// S3's response overrides: a successful GET or HEAD answers with the header the query names.
const RESPONSE_OVERRIDES = {
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-content-type': 'content-type',
  'response-expires': 'expires',
};

/**
 * The headers S3 would send in place of `headers` for `url`'s response overrides. moto ignores
 * them on ranged GETs (checked with moto 5: `response-cache-control=no-store` and a Range gave a
 * 206 with no Cache-Control), and then Chromium caches the ranges of a download and answers a
 * range sent again from that cache, which S3's `no-store` rules out.
 */
export function withResponseOverrides(url, headers) {
  const query = new URL(url, 'http://moto').searchParams;
  const overridden = { ...headers };
  for (const [parameter, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = query.get(parameter);
    if (value !== null) overridden[header] = value;
  }
  return overridden;
}

/**
 * A pass-through proxy in front of moto that adds what moto leaves out of S3's answers: it sends
 * no Access-Control-Expose-Headers with HEAD responses (it does with GET), so a page could not
 * read a HEAD's ETag or metadata, as it can from S3; and it ignores response overrides on ranged
 * GETs (see withResponseOverrides). `exposeHeaders(bucket)` gives the bucket rule's list.
 * Everything else, bodies streamed both ways, is moto's own; a client that goes away ends the
 * request upstream too. Resolves to `{ endpoint, port, close() }`.
 */
export function startMotoCorsProxy({ target, exposeHeaders }) {
  const upstream = new URL(target);
  const server = createHttpServer((req, res) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const succeeded = answer.statusCode >= 200 && answer.statusCode < 300;
        const headers =
          succeeded && (req.method === 'GET' || req.method === 'HEAD')
            ? withResponseOverrides(req.url, answer.headers)
            : { ...answer.headers };
        const bucket = decodeURIComponent(req.url.split('?')[0].split('/')[1] ?? '');
        if (
          req.headers.origin &&
          !headers['access-control-expose-headers'] &&
          req.method !== 'OPTIONS'
        ) {
          const expose = exposeHeaders(bucket);
          if (expose) headers['access-control-expose-headers'] = expose.join(', ');
        }
        res.writeHead(answer.statusCode, answer.statusMessage, headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
    res.on('close', () => {
      if (!res.writableFinished) forwarded.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * The ExposeHeaders of the rule createMotoBucket writes; `exposeETag: false` gives Amplify's older
 * hand-written kind of rule, without ETag nor Content-Range, whose fallbacks the specs test.
 */
export function motoExposeHeaders({ exposeETag = true } = {}) {
  return exposeETag
    ? EXPOSE_HEADERS
    : EXPOSE_HEADERS.filter((name) => name !== 'ETag' && name !== 'Content-Range');
}

/**
 * Creates `bucket` on moto in `region`, with CORS rules for the Karma page. AllowedHeaders lists
 * `authorization` besides `*` because moto answers a preflight with the rule's AllowedHeaders as
 * written (S3 echoes the requested ones), and browsers never let `*` stand for Authorization.
 * `exposeETag: false` leaves ETag out, as a hand-written rule may.
 */
export async function createMotoBucket(endpoint, { bucket, region, exposeETag = true }) {
  const { S3Client, CreateBucketCommand, PutBucketCorsCommand, PutBucketPolicyCommand } =
    await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    // moto accepts any credentials.
    credentials: { accessKeyId: 'MOTO', secretAccessKey: 'MOTO' },
  });
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region !== 'us-east-1' && {
          CreateBucketConfiguration: { LocationConstraint: region },
        }),
      }),
    );
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['*'],
              AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
              AllowedHeaders: ['*', 'authorization'],
              ExposeHeaders: motoExposeHeaders({ exposeETag }),
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    );
    // moto answers a preflight (no Authorization) to an EXISTING key with 403 unless the key is
    // public, as if it were an anonymous read; S3 answers it from the CORS rules alone. moto checks
    // that preflight against the bucket policy as the action "s3:OptionsObject", a name only it
    // uses: allowing that lets preflights through and grants nothing else (anonymous GETs stay 403).
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:OptionsObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        }),
      }),
    );
  } finally {
    s3.destroy();
  }
}
