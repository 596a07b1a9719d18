// Run with: node --test tools/local-backend/
// Every parser boundary between the gateway and the S3 server, probed: query parameters the
// gateway does not know or sees twice, x-amz-* operation values in the query, headers it does not
// take or sees twice, path encodings, bodies framed otherwise than by Content-Length, and CORS from
// an origin not allowed, on the gateway and on the identity service. Each request is one the S3
// server would have read differently from the gateway, or acted on unchecked (issue 10).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  FOREIGN_ORIGIN,
  ORIGIN,
  codeOf,
  encodeKey,
  headerLines,
  peek,
  rawHttp,
  s3Client,
  seed,
  signRequest,
  signedFetch,
  startKit,
  stopKit,
} from './testing/gateway-kit.mjs';

let kit;
let backend;
let Bucket;

before(async () => {
  kit = await startKit();
  ({ backend, Bucket } = kit);
  await seed(backend, `private/${kit.ids.alice}/secret.txt`, "alice's secret");
});

after(() => stopKit(kit));

const as = (name, request) => signedFetch(backend, kit.providers[name], request);

describe('query strings', () => {
  test('x-amz-* operation values in the query are refused, on signed and presigned requests', async () => {
    for (const [name, value] of [
      ['x-amz-metadata-directive', 'REPLACE'],
      ['x-amz-meta-owner', 'evil'],
      ['X-Amz-Copy-Source', `${Bucket}/private/${kit.ids.alice}/secret.txt`],
      ['x-amz-website-redirect-location', 'https://evil.example/'],
    ]) {
      const res = await as('guest', {
        method: 'PUT',
        path: `/${Bucket}/public/query-values.txt`,
        query: [[name, value]],
        body: 'x',
      });
      assert.deepEqual(
        [res.status, codeOf(res.text)],
        [400, 'InvalidArgument'],
        `${name}: ${res.text}`,
      );
    }
    // The presigner hoists x-amz-meta-* into the query too; only authentication may ride there.
    const url = await getSignedUrl(
      s3Client(backend, kit.providers.guest),
      new PutObjectCommand({ Bucket, Key: 'public/query-values.txt', Metadata: { owner: 'evil' } }),
      { expiresIn: 60 },
    );
    const presigned = await fetch(url, { method: 'PUT', body: 'x' });
    assert.deepEqual([presigned.status, codeOf(await presigned.text())], [400, 'InvalidArgument']);
    assert.equal((await peek(backend, 'public/query-values.txt')).status, 404);
  });

  test('unknown query parameters are InvalidArgument; subresources not served are NotImplemented', async () => {
    await seed(backend, 'public/q.txt', 'q');
    const unknown = await as('guest', {
      method: 'GET',
      path: `/${Bucket}/public/q.txt`,
      query: [['foo', 'bar']],
    });
    assert.deepEqual(
      [unknown.status, codeOf(unknown.text)],
      [400, 'InvalidArgument'],
      unknown.text,
    );
    for (const [method, sub] of [
      ['PUT', 'tagging'],
      ['PUT', 'acl'],
      ['GET', 'torrent'],
      ['POST', 'restore'],
    ]) {
      const res = await as('guest', {
        method,
        path: `/${Bucket}/public/q.txt`,
        query: [[sub, '']],
      });
      assert.deepEqual(
        [res.status, codeOf(res.text)],
        [501, 'NotImplemented'],
        `${method} ?${sub}: ${res.text}`,
      );
    }
    const bucketLevel = await as('guest', {
      method: 'PUT',
      path: `/${Bucket}`,
      query: [['cors', '']],
      body: '<CORSConfiguration/>',
    });
    assert.deepEqual([bucketLevel.status, codeOf(bucketLevel.text)], [501, 'NotImplemented']);
    assert.deepEqual(await peek(backend, 'public/q.txt'), { status: 200, text: 'q' });
  });

  test('a query parameter given twice is refused (the list prefix the policy checks is the one listed)', async () => {
    const res = await as('guest', {
      method: 'GET',
      path: `/${Bucket}`,
      query: [
        ['list-type', '2'],
        ['prefix', 'public/'],
        ['prefix', `private/${kit.ids.alice}/`],
      ],
    });
    assert.deepEqual([res.status, codeOf(res.text)], [400, 'InvalidArgument'], res.text);
    assert.doesNotMatch(res.text, /secret/);
  });

  test('response-* overrides apply to the answer, on signed requests and presigned URLs', async () => {
    await seed(backend, 'public/override.txt', 'override');
    const res = await as('guest', {
      method: 'GET',
      path: `/${Bucket}/public/override.txt`,
      query: [
        ['response-content-disposition', 'attachment; filename="o.txt"'],
        ['response-cache-control', 'no-store'],
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="o.txt"');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const missing = await as('guest', {
      method: 'GET',
      path: `/${Bucket}/public/none.txt`,
      query: [['response-cache-control', 'no-store']],
    });
    assert.deepEqual([missing.status, codeOf(missing.text)], [404, 'NoSuchKey']);
  });

  test("a '+' in a query value is a plus to both readers (a space is %20)", async () => {
    await seed(backend, 'public/a+b/one.txt', '1');
    await seed(backend, 'public/a b/two.txt', '2');
    const res = await as('guest', {
      method: 'GET',
      path: `/${Bucket}`,
      query: [
        ['list-type', '2'],
        ['prefix', 'public/a+b/'],
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /one\.txt/);
    assert.doesNotMatch(res.text, /two\.txt/);
  });
});

describe('headers', () => {
  test('x-amz-* headers an operation does not take are NotImplemented and change nothing', async () => {
    for (const [name, value] of [
      ['x-amz-website-redirect-location', 'https://evil.example/'],
      ['x-amz-object-lock-mode', 'GOVERNANCE'],
      ['x-amz-copy-source-range', 'bytes=0-1'],
    ]) {
      const res = await as('guest', {
        method: 'PUT',
        path: `/${Bucket}/public/headers.txt`,
        headers: { [name]: value },
        body: 'x',
      });
      assert.deepEqual(
        [res.status, codeOf(res.text)],
        [501, 'NotImplemented'],
        `${name}: ${res.text}`,
      );
    }
    const acl = await as('guest', {
      method: 'PUT',
      path: `/${Bucket}/public/headers.txt`,
      headers: { 'x-amz-acl': 'public-read-write' },
      body: 'x',
    });
    assert.deepEqual([acl.status, codeOf(acl.text)], [400, 'AccessControlListNotSupported']);
    assert.equal((await peek(backend, 'public/headers.txt')).status, 404);
  });

  test('a header sent twice is refused, whatever the two readers would make of it', async () => {
    await seed(backend, 'public/dup-source.txt', 'dup');
    const path = `/${Bucket}/public/dup.txt`;
    const { url, headers } = await signRequest(backend, kit.providers.guest, {
      method: 'PUT',
      path,
      headers: {
        'x-amz-copy-source': `${Bucket}/public/dup-source.txt,/${Bucket}/private/${kit.ids.alice}/secret.txt`,
      },
    });
    const source = headers['x-amz-copy-source'];
    headers['x-amz-copy-source'] = source.split(',');
    const res = await rawHttp(
      url,
      `PUT ${path} HTTP/1.1\r\n${headerLines(headers)}content-length: 0\r\nconnection: close\r\n\r\n`,
    );
    assert.equal(res.status, 400, res.head);
    assert.equal(codeOf(res.text), 'InvalidArgument');
    assert.equal((await peek(backend, 'public/dup.txt')).status, 404);
  });

  test('a chunked body without aws-chunked framing is MissingContentLength (411), as on S3', async () => {
    const path = `/${Bucket}/public/chunked.txt`;
    const { url, headers } = await signRequest(backend, kit.providers.guest, {
      method: 'PUT',
      path,
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    const res = await rawHttp(
      url,
      `PUT ${path} HTTP/1.1\r\n${headerLines(headers)}transfer-encoding: chunked\r\nconnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
    );
    assert.equal(res.status, 411, res.head);
    assert.equal(codeOf(res.text), 'MissingContentLength');
    assert.equal((await peek(backend, 'public/chunked.txt')).status, 404);
  });

  test('bytes after Content-Length are a request of their own, authenticated on their own', async () => {
    const path = `/${Bucket}/public/framed.txt`;
    const { url, headers } = await signRequest(backend, kit.providers.guest, {
      method: 'PUT',
      path,
      body: 'hello',
    });
    const smuggled = `DELETE /${Bucket}/${encodeKey(`private/${kit.ids.alice}/secret.txt`)} HTTP/1.1\r\nhost: x\r\n\r\n`;
    const res = await rawHttp(
      url,
      `PUT ${path} HTTP/1.1\r\n${headerLines(headers)}content-length: 5\r\nconnection: keep-alive\r\n\r\nhello${smuggled}`,
      {
        responses: 2,
      },
    );
    assert.equal(res.status, 200, res.head);
    assert.deepEqual([res.more[0]?.status, codeOf(res.more[0]?.text ?? '')], [403, 'AccessDenied']);
    assert.deepEqual(await peek(backend, 'public/framed.txt'), { status: 200, text: 'hello' });
    assert.equal((await peek(backend, `private/${kit.ids.alice}/secret.txt`)).status, 200);
  });
});

describe('paths', () => {
  test('malformed percent-encoding is InvalidURI, never passed on raw', async () => {
    for (const raw of [
      `/${Bucket}/public/%C0%AE%C0%AE/private/x`,
      `/${Bucket}/public/%zz`,
      `/${Bucket}/public/%E2%82`,
    ]) {
      const res = await rawHttp(
        backend.s3Endpoint,
        `GET ${raw} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
      );
      assert.equal(res.status, 400, raw);
      assert.equal(codeOf(res.text), 'InvalidURI', raw);
    }
  });

  test("empty, '.' and '..' segments, also percent-encoded, are refused before they reach the disk", async () => {
    for (const raw of [
      `/${Bucket}/public//x.txt`,
      `/${Bucket}/public/%2e%2e/private/${kit.ids.alice}/secret.txt`,
      `/${Bucket}/public%2F..%2Fprivate%2F${encodeURIComponent(kit.ids.alice)}%2Fsecret.txt`,
    ]) {
      const res = await as('guest', { method: 'PUT', path: raw, body: 'overwritten' });
      // Refused either way: S3 signs the path as sent, the gateway the decoded path re-encoded.
      assert.ok(
        ['InvalidArgument', 'SignatureDoesNotMatch'].includes(codeOf(res.text)),
        `${raw}: ${res.text}`,
      );
      assert.ok(res.status === 400 || res.status === 403);
    }
    assert.deepEqual(await peek(backend, `private/${kit.ids.alice}/secret.txt`), {
      status: 200,
      text: "alice's secret",
    });
  });
});

describe('CORS', () => {
  test('the gateway gives a foreign origin no Access-Control-Allow-Origin, preflight or answer', async () => {
    const url = `${backend.s3Endpoint}/${Bucket}/public/cors.txt`;
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: FOREIGN_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    await preflight.text();
    assert.notEqual(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const denied = await fetch(url, { headers: { Origin: FOREIGN_ORIGIN } });
    await denied.text();
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    await seed(backend, 'public/cors.txt', 'cors');
    const signed = await as('guest', {
      method: 'GET',
      path: `/${Bucket}/public/cors.txt`,
      headers: { origin: FOREIGN_ORIGIN },
    });
    assert.equal(signed.status, 200);
    assert.equal(signed.headers.get('access-control-allow-origin'), null);
    // The demo's origin is allowed, by name (never '*').
    const allowed = await fetch(url, { headers: { Origin: ORIGIN } });
    await allowed.text();
    assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
  });

  test('the identity service gives a foreign origin nothing, and hands it no credentials', async () => {
    const preflight = await fetch(backend.identityEndpoint, {
      method: 'OPTIONS',
      headers: {
        Origin: FOREIGN_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-amz-target',
      },
    });
    await preflight.text();
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const call = await fetch(backend.identityEndpoint, {
      method: 'POST',
      headers: {
        Origin: FOREIGN_ORIGIN,
        'X-Amz-Target': 'AWSCognitoIdentityService.GetId',
        'Content-Type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ IdentityPoolId: backend.identityPoolId }),
    });
    assert.equal(call.status, 403);
    assert.equal(call.headers.get('access-control-allow-origin'), null);
    assert.doesNotMatch(await call.text(), /IdentityId/);
  });

  test("a data folder whose bucket allowed '*' is fixed at the next start", async () => {
    const { startLocalBackend } = await import('./backend.mjs');
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dataDir = await mkdtemp(`${tmpdir()}/gateway-cors-restart-`);
    const start = () => startLocalBackend({ s3Port: 0, identityPort: 0, dataDir, silent: true });
    const preflight = async (target) => {
      const res = await fetch(`${target.s3Endpoint}/${target.bucket}/public/x`, {
        method: 'OPTIONS',
        headers: { Origin: FOREIGN_ORIGIN, 'Access-Control-Request-Method': 'GET' },
      });
      await res.text();
      return res.headers.get('access-control-allow-origin');
    };
    let old = await start();
    try {
      // What older versions wrote: any origin.
      const put = await fetch(`${old.directS3Endpoint}/${old.bucket}?cors`, {
        method: 'PUT',
        body:
          '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>' +
          '<AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>',
      });
      assert.equal(put.status, 200, await put.text());
      assert.equal(await preflight(old), '*');
      await old.stop();
      old = await start();
      assert.equal(await preflight(old), null);
    } finally {
      await old.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('corsOrigins configures the allowed origins; a bare * is refused', async () => {
    assert.deepEqual(backend.corsOrigins, ['http://localhost:4200', 'http://127.0.0.1:4200']);
    const { startLocalBackend } = await import('./backend.mjs');
    await assert.rejects(
      startLocalBackend({ s3Port: 0, identityPort: 0, dataDir: kit.parent, corsOrigins: ['*'] }),
      /'\*' alone/,
    );
  });
});
