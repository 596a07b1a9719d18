// Run with: node --test tools/local-backend/
// The enforcing gateway, end to end: the local backend with enforcement on, real Cognito
// credentials from the identity stand-in, the real S3 client and presigner. Nothing is mocked.
// Effects are checked on the S3 server itself (directS3Endpoint), past the gateway.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { LOCAL_LOGIN_PROVIDER, startLocalBackend } from './backend.mjs';
import { Sha256 } from './sigv4.mjs';
import { loadPolicies } from '../../infra/policies.mjs';

const ORIGIN = 'http://localhost:4200';
let dataDir;
let backend;
const ids = {}; // caller name -> identity ID
const providers = {}; // caller name -> credentials provider

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-test-'));
  backend = await startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir,
    silent: true,
    enforce: true,
    users: ['alice', 'bob', 'carol'],
    // carol's credentials expire within a second, for the ExpiredToken test.
    credentialsTtlSeconds: (user) => (user === 'carol' ? 1 : 3600),
  });
  for (const name of ['guest', 'alice', 'bob']) {
    providers[name] = credentialsProvider(backend, name === 'guest' ? undefined : name);
    ids[name] = (await providers[name]()).identityId;
  }
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

function credentialsProvider(target, user) {
  return fromCognitoIdentityPool({
    identityPoolId: target.identityPoolId,
    logins: user ? { [LOCAL_LOGIN_PROVIDER]: user } : undefined,
    cache: mapCache(),
    clientConfig: { region: target.region, endpoint: target.identityEndpoint },
  });
}

function s3Client(credentials, options = {}, target = backend) {
  return new S3Client({
    region: target.region,
    endpoint: target.s3Endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...options,
  });
}

const encodeKey = (key) => key.split('/').map(encodeURIComponent).join('/');
const directUrl = (key, target = backend) =>
  `${target.directS3Endpoint}/${target.bucket}/${encodeKey(key)}`;
const gatewayUrl = (key) => `${backend.s3Endpoint}/${backend.bucket}/${encodeKey(key)}`;

/** Writes an object straight into s3rver, past the gateway. */
async function seed(key, body, target = backend) {
  const res = await fetch(directUrl(key, target), { method: 'PUT', body });
  assert.equal(res.status, 200, `seeding ${key}`);
}

/** Reads an object straight from s3rver: { status, text }. */
async function peek(key, target = backend) {
  const res = await fetch(directUrl(key, target));
  return { status: res.status, text: await res.text() };
}

/** Asserts that an SDK call fails with S3's error code and HTTP status. */
async function rejectsWith(promise, code, status, message) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.name, code, err.message);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** An S3 XML error body as { Code, Message, ...elements }. */
async function xmlError(res) {
  assert.equal(res.headers.get('content-type'), 'application/xml');
  const text = await res.text();
  assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
  const fields = {};
  for (const [, name, value] of text.matchAll(/<([\w-]+)>([^<]*)<\/\1>/g)) fields[name] = value;
  assert.ok(fields.RequestId && fields.HostId, 'RequestId and HostId');
  assert.equal(res.headers.get('x-amz-request-id'), fields.RequestId);
  return fields;
}

/** Sends a request signed (SigV4, header) with the SDK's signer for a raw, unnormalized path. */
async function signedFetch(provider, method, rawPath, { body, headers = {} } = {}) {
  const url = new URL(backend.s3Endpoint);
  const signer = new SignatureV4({
    credentials: provider,
    region: backend.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: rawPath,
    query: {},
    headers: {
      host: url.host,
      'x-amz-content-sha256': createHash('sha256')
        .update(body ?? '')
        .digest('hex'),
      ...headers,
    },
    body,
  });
  return fetch(`${backend.s3Endpoint}${rawPath}`, { method, headers: signed.headers, body });
}

/** Adds a middleware that runs on the signed request, just before it is sent. */
function afterSigning(client, change) {
  client.middlewareStack.addRelativeTo(
    (next) => async (args) => {
      change(args.request);
      return next(args);
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' },
  );
  return client;
}

// What each caller may do at each place (R get, W put, D delete, L list; '-' denied): the one table
// that policies.test.mjs checks against the policies alone.
const { EXPECTED_ACCESS: EXPECTED } = await import('./access-matrix.mjs');
const OTHER = { guest: 'alice', alice: 'bob', bob: 'alice' };

function placesOf(name) {
  const self = ids[name];
  const other = ids[OTHER[name]];
  return {
    public: 'public/',
    'protected own': `protected/${self}/`,
    "protected other's": `protected/${other}/`,
    'private own': `private/${self}/`,
    "private other's": `private/${other}/`,
  };
}

/**
 * Tries get, list, put and delete at one folder through the gateway and checks each outcome on
 * s3rver; returns the letters of what was allowed.
 */
async function tryEverything(s3, folder, tag) {
  const Bucket = backend.bucket;
  const Key = `${folder}matrix-${tag}.txt`;
  await seed(Key, 'seed');
  const denied = async (promise) => {
    try {
      await promise;
      return false;
    } catch (err) {
      assert.equal(err.name, 'AccessDenied', `${Key}: ${err.message}`);
      assert.equal(err.$metadata.httpStatusCode, 403);
      return true;
    }
  };
  let letters = '';

  let body;
  const get = s3
    .send(new GetObjectCommand({ Bucket, Key }))
    .then(async (r) => (body = await r.Body.transformToString()));
  if (await denied(get)) letters += '-';
  else (assert.equal(body, 'seed'), (letters += 'R'));

  let written = false;
  if (await denied(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'overwritten' }))))
    letters += '-';
  else ((letters += 'W'), (written = true));
  assert.deepEqual(
    await peek(Key),
    { status: 200, text: written ? 'overwritten' : 'seed' },
    `${Key} after put`,
  );

  let deleted = false;
  if (await denied(s3.send(new DeleteObjectCommand({ Bucket, Key })))) letters += '-';
  else ((letters += 'D'), (deleted = true));
  assert.equal((await peek(Key)).status, deleted ? 404 : 200, `${Key} after delete`);

  await seed(Key, 'seed');
  let listed;
  const list = s3
    .send(new ListObjectsV2Command({ Bucket, Prefix: folder }))
    .then((r) => (listed = r));
  if (await denied(list)) letters += '-';
  else
    (assert.ok(
      listed.Contents.some((o) => o.Key === Key),
      `${Key} listed`,
    ),
      (letters += 'L'));
  return letters;
}

describe('enforcement wiring', () => {
  test('s3Endpoint is the gateway, directS3Endpoint the S3 server; the committed policies are in force', async () => {
    assert.equal(backend.enforce, true);
    assert.equal(backend.guestWrite, true);
    assert.notEqual(backend.s3Endpoint, backend.directS3Endpoint);
    assert.deepEqual(backend.policies, loadPolicies({ bucket: backend.bucket, guestWrite: true }));
    const anonymous = await fetch(gatewayUrl('public/nothing.txt'));
    assert.equal(anonymous.status, 403);
    await anonymous.text();
    const direct = await fetch(directUrl('public/nothing.txt'));
    assert.equal(direct.status, 404, 's3rver itself still takes anyone');
    await direct.text();
  });
});

describe('the access matrix, end to end', () => {
  for (const name of ['guest', 'alice', 'bob']) {
    test(`${name}: get / put / delete / list at each level`, async () => {
      const s3 = s3Client(providers[name]);
      const observed = {};
      for (const [place, folder] of Object.entries(placesOf(name)))
        observed[place] = await tryEverything(s3, folder, name);
      s3.destroy();
      assert.deepEqual(observed, EXPECTED[name]);
    });
  }

  test('guestWrite: false leaves guests read-only on public/, users unaffected', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gateway-test-ro-'));
    const readOnly = await startLocalBackend({
      s3Port: 0,
      identityPort: 0,
      dataDir: dir,
      silent: true,
      enforce: true,
      guestWrite: false,
    });
    try {
      assert.deepEqual(
        readOnly.policies,
        loadPolicies({ bucket: readOnly.bucket, guestWrite: false }),
      );
      const guest = s3Client(credentialsProvider(readOnly), {}, readOnly);
      const alice = s3Client(credentialsProvider(readOnly, 'alice'), {}, readOnly);
      const Bucket = readOnly.bucket;
      await seed('public/ro.txt', 'seed', readOnly);
      const got = await guest.send(new GetObjectCommand({ Bucket, Key: 'public/ro.txt' }));
      assert.equal(await got.Body.transformToString(), 'seed');
      await rejectsWith(
        guest.send(new PutObjectCommand({ Bucket, Key: 'public/ro.txt', Body: 'x' })),
        'AccessDenied',
        403,
      );
      await rejectsWith(
        guest.send(new DeleteObjectCommand({ Bucket, Key: 'public/ro.txt' })),
        'AccessDenied',
        403,
      );
      assert.equal(
        (await guest.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/' }))).KeyCount,
        1,
      );
      assert.deepEqual(await peek('public/ro.txt', readOnly), { status: 200, text: 'seed' });
      await alice.send(new PutObjectCommand({ Bucket, Key: 'public/ro.txt', Body: 'by alice' }));
      assert.deepEqual(await peek('public/ro.txt', readOnly), { status: 200, text: 'by alice' });
      guest.destroy();
      alice.destroy();
    } finally {
      await readOnly.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('presigned URLs', () => {
  const presign = (name, command, options = { expiresIn: 300 }) =>
    getSignedUrl(s3Client(providers[name]), command, options);

  test('a valid URL reads the object, with CORS headers for the browser', async () => {
    const Key = `private/${ids.alice}/presigned.txt`;
    await seed(Key, 'for alice');
    const url = await presign('alice', new GetObjectCommand({ Bucket: backend.bucket, Key }));
    assert.match(url, /X-Amz-SignedHeaders=host/);
    assert.match(url, /x-id=GetObject/);
    const res = await fetch(url, { headers: { Origin: ORIGIN } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'for alice');
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  });

  test("a correctly signed URL for another identity's private object is AccessDenied", async () => {
    const Key = `private/${ids.alice}/presigned.txt`;
    const url = await presign('bob', new GetObjectCommand({ Bucket: backend.bucket, Key }));
    const res = await fetch(url);
    assert.equal(res.status, 403);
    const error = await xmlError(res);
    assert.equal(error.Code, 'AccessDenied');
    assert.match(
      error.Message,
      /is not authorized to perform: s3:GetObject on resource: .*because no identity-based policy allows/,
    );
  });

  test('a URL whose key or signature was altered is SignatureDoesNotMatch', async () => {
    const Key = `private/${ids.alice}/presigned.txt`;
    await seed(`private/${ids.alice}/other.txt`, 'other');
    const url = await presign('alice', new GetObjectCommand({ Bucket: backend.bucket, Key }));
    const altered = [
      url.replace('presigned.txt', 'other.txt'),
      url.replace(
        /(X-Amz-Signature=[0-9a-f]*)([0-9a-f])/,
        (_, head, last) => head + (last === '0' ? '1' : '0'),
      ),
      url.replace('x-id=GetObject', 'x-id=PutObject'),
    ];
    for (const bad of altered) {
      assert.notEqual(bad, url);
      const res = await fetch(bad);
      assert.equal(res.status, 403, bad);
      const error = await xmlError(res);
      assert.equal(error.Code, 'SignatureDoesNotMatch');
      assert.equal(
        error.Message,
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
      assert.equal(
        error.AWSAccessKeyId,
        new URL(url).searchParams.get('X-Amz-Credential').split('/')[0],
      );
      assert.match(error.StringToSign, /^AWS4-HMAC-SHA256\n/);
    }
    // A URL for GET does not work for PUT either.
    const put = await fetch(url, { method: 'PUT', body: 'nope' });
    assert.equal(put.status, 403);
    assert.equal((await xmlError(put)).Code, 'SignatureDoesNotMatch');
    assert.deepEqual(await peek(Key), { status: 200, text: 'for alice' });
  });

  test('an expired URL is AccessDenied "Request has expired"; one signed for the future is not valid yet', async () => {
    const Key = `private/${ids.alice}/presigned.txt`;
    const command = new GetObjectCommand({ Bucket: backend.bucket, Key });
    const expired = await presign('alice', command, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 5 * 60_000),
    });
    const res = await fetch(expired, { headers: { Origin: ORIGIN } });
    assert.equal(res.status, 403);
    assert.equal(
      res.headers.get('access-control-allow-origin'),
      ORIGIN,
      'browsers can read the error',
    );
    const error = await xmlError(res);
    assert.equal(error.Code, 'AccessDenied');
    assert.equal(error.Message, 'Request has expired');
    assert.equal(error['X-Amz-Expires'], '60');
    assert.ok(Date.parse(error.Expires) < Date.parse(error.ServerTime));

    const justValid = await presign('alice', command, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 55_000),
    });
    assert.equal((await fetch(justValid)).status, 200);

    const future = await presign('alice', command, {
      expiresIn: 60,
      signingDate: new Date(Date.now() + 20 * 60_000),
    });
    const early = await fetch(future);
    assert.equal(early.status, 403);
    assert.deepEqual([(await xmlError(early)).Message], ['Request is not valid yet']);

    const tooLong = (await presign('alice', command, { expiresIn: 3600 })).replace(
      'X-Amz-Expires=3600',
      'X-Amz-Expires=604801',
    );
    const long = await fetch(tooLong);
    assert.equal(long.status, 400);
    const longError = await xmlError(long);
    assert.equal(longError.Code, 'AuthorizationQueryParametersError');
    assert.equal(
      longError.Message,
      'X-Amz-Expires must be less than a week (in seconds) that is; 604800',
    );
  });

  test('a presigned PUT uploads to where its signer may write, and nowhere else', async () => {
    const Key = `protected/${ids.bob}/presigned-put.txt`;
    const url = await presign('bob', new PutObjectCommand({ Bucket: backend.bucket, Key }));
    const res = await fetch(url, { method: 'PUT', body: 'from a presigned PUT' });
    assert.equal(res.status, 200);
    assert.deepEqual(await peek(Key), { status: 200, text: 'from a presigned PUT' });
    const intoAlice = await presign(
      'bob',
      new PutObjectCommand({ Bucket: backend.bucket, Key: `protected/${ids.alice}/x.txt` }),
    );
    const denied = await fetch(intoAlice, { method: 'PUT', body: 'x' });
    assert.equal(denied.status, 403);
    assert.equal((await xmlError(denied)).Code, 'AccessDenied');
    assert.equal((await peek(`protected/${ids.alice}/x.txt`)).status, 404);
  });
});

describe('authentication', () => {
  const Bucket = () => backend.bucket;

  test('an unsigned request is AccessDenied, whatever it asks for', async () => {
    await seed('public/anonymous.txt', 'seed');
    for (const [method, body] of [['GET'], ['PUT', 'anonymous write'], ['DELETE']]) {
      const res = await fetch(gatewayUrl('public/anonymous.txt'), {
        method,
        body,
        headers: { Origin: ORIGIN },
      });
      assert.equal(res.status, 403, method);
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(res.headers.get('access-control-expose-headers'), /\bETag\b/);
      assert.deepEqual([(await xmlError(res)).Code, res.statusText], ['AccessDenied', 'Forbidden']);
    }
    const list = await fetch(
      `${backend.s3Endpoint}/${backend.bucket}?list-type=2&prefix=public%2F`,
    );
    assert.equal((await xmlError(list)).Message, 'Access Denied');
    assert.deepEqual(await peek('public/anonymous.txt'), { status: 200, text: 'seed' });
  });

  test('keys the identity service never issued are InvalidAccessKeyId', async () => {
    const s3 = s3Client({
      accessKeyId: 'ASIAFORGED0000000000',
      secretAccessKey: 'x'.repeat(40),
      sessionToken: 'y',
    });
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'public/x' })),
      (err) => {
        assert.equal(err.name, 'InvalidAccessKeyId');
        assert.equal(err.$metadata.httpStatusCode, 403);
        assert.equal(
          err.message,
          'The AWS Access Key Id you provided does not exist in our records.',
        );
        assert.equal(err.AWSAccessKeyId, 'ASIAFORGED0000000000');
        return true;
      },
    );
    // s3rver's own built-in key pair is no way around the gateway.
    const s3rverKey = s3Client({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    await rejectsWith(
      s3rverKey.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'public/x' })),
      'InvalidAccessKeyId',
      403,
    );
  });

  test('an issued key with the wrong secret, a wrong or missing token is rejected as S3 does', async () => {
    const real = await credentialsProvider(backend, 'alice')();
    const Key = `private/${real.identityId}/auth.txt`;
    const send = (credentials) =>
      s3Client(credentials).send(
        new PutObjectCommand({ Bucket: Bucket(), Key, Body: 'should not land' }),
      );
    await rejectsWith(
      send({
        ...real,
        secretAccessKey: real.secretAccessKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      }),
      'SignatureDoesNotMatch',
      403,
    );
    await rejectsWith(
      send({ ...real, sessionToken: `${real.sessionToken}x` }),
      'InvalidToken',
      400,
      /The provided token is malformed or otherwise invalid\./,
    );
    await rejectsWith(send({ ...real, sessionToken: undefined }), 'InvalidAccessKeyId', 403);
    assert.equal((await peek(Key)).status, 404);
    await send(real); // and the right ones work
    assert.deepEqual(await peek(Key), { status: 200, text: 'should not land' });
  });

  test('expired credentials are ExpiredToken', async () => {
    const carol = await credentialsProvider(backend, 'carol')();
    const { accessKeyId, secretAccessKey, sessionToken } = carol; // no expiration: the SDK won't refresh
    const s3 = s3Client({ accessKeyId, secretAccessKey, sessionToken });
    await sleep(Math.max(0, carol.expiration.getTime() - Date.now()) + 50);
    await rejectsWith(
      s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: `private/${carol.identityId}/x` })),
      'ExpiredToken',
      400,
      /^The provided token has expired\.$/,
    );
  });

  test('a request changed after signing is SignatureDoesNotMatch; unsigned x-amz-* headers are refused', async () => {
    const Key = `private/${ids.alice}/tamper.txt`;
    const changedHeader = afterSigning(s3Client(providers.alice), (request) => {
      request.headers['content-type'] = 'text/html';
    });
    await rejectsWith(
      changedHeader.send(
        new PutObjectCommand({ Bucket: Bucket(), Key, Body: 'x', ContentType: 'text/plain' }),
      ),
      'SignatureDoesNotMatch',
      403,
    );
    const addedHeader = afterSigning(s3Client(providers.alice), (request) => {
      request.headers['x-amz-meta-smuggled'] = 'yes';
    });
    await assert.rejects(
      addedHeader.send(new PutObjectCommand({ Bucket: Bucket(), Key, Body: 'x' })),
      (err) => {
        assert.equal(err.name, 'AccessDenied');
        assert.equal(
          err.message,
          'There were headers present in the request which were not signed',
        );
        assert.equal(err.HeadersNotSigned, 'x-amz-meta-smuggled');
        return true;
      },
    );
    assert.equal((await peek(Key)).status, 404);
  });

  test('a body that does not match its signed hash is XAmzContentSHA256Mismatch and never stored', async () => {
    const Key = `private/${ids.alice}/hash.txt`;
    await seed(Key, 'original');
    const s3 = afterSigning(s3Client(providers.alice), (request) => {
      request.body = 'EVIL'; // same length as the signed 'good', so only the hash tells
    });
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: Bucket(), Key, Body: 'good' })),
      (err) => {
        assert.equal(err.name, 'XAmzContentSHA256Mismatch');
        assert.equal(err.$metadata.httpStatusCode, 400);
        assert.equal(
          err.ClientComputedContentSHA256,
          createHash('sha256').update('good').digest('hex'),
        );
        assert.equal(
          err.S3ComputedContentSHA256,
          createHash('sha256').update('EVIL').digest('hex'),
        );
        return true;
      },
    );
    assert.deepEqual(await peek(Key), { status: 200, text: 'original' });
  });

  test('requests signed for another region are AuthorizationHeaderMalformed', async () => {
    const s3 = s3Client(providers.alice, { region: 'eu-west-1' });
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'public/x' })),
      (err) => {
        assert.equal(err.name, 'AuthorizationHeaderMalformed');
        assert.equal(err.$metadata.httpStatusCode, 400);
        assert.equal(
          err.message,
          "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
        );
        assert.equal(err.Region, 'us-east-1');
        return true;
      },
    );
  });

  test('a clock more than 15 minutes off is RequestTimeTooSkewed, from which the SDK corrects its clock', async () => {
    const Key = 'public/skew.txt';
    await seed(Key, 'on time');
    const skewed = s3Client(providers.alice, { systemClockOffset: -20 * 60_000, maxAttempts: 1 });
    await assert.rejects(skewed.send(new GetObjectCommand({ Bucket: Bucket(), Key })), (err) => {
      assert.equal(err.name, 'RequestTimeTooSkewed');
      assert.equal(err.$metadata.httpStatusCode, 403);
      assert.equal(
        err.message,
        'The difference between the request time and the current time is too large.',
      );
      assert.equal(err.MaxAllowedSkewMilliseconds, '900000');
      return true;
    });
    // 14 minutes off is still accepted.
    const slightly = s3Client(providers.alice, { systemClockOffset: -14 * 60_000, maxAttempts: 1 });
    assert.equal(
      await (
        await slightly.send(new GetObjectCommand({ Bucket: Bucket(), Key }))
      ).Body.transformToString(),
      'on time',
    );
    // The SDK takes the server's clock from the error (ServerTime / Date): its next call is on time.
    assert.equal(
      await (
        await skewed.send(new GetObjectCommand({ Bucket: Bucket(), Key }))
      ).Body.transformToString(),
      'on time',
    );
  });
});

describe('operations', () => {
  const Bucket = () => backend.bucket;

  test('HEAD: allowed where GET is, a bodiless 403 elsewhere', async () => {
    const Key = `private/${ids.alice}/head.txt`;
    await seed(Key, 'head');
    assert.equal(
      (await s3Client(providers.alice).send(new HeadObjectCommand({ Bucket: Bucket(), Key })))
        .ContentLength,
      4,
    );
    await assert.rejects(
      s3Client(providers.bob).send(new HeadObjectCommand({ Bucket: Bucket(), Key })),
      (err) => {
        assert.equal(err.$metadata.httpStatusCode, 403);
        return true;
      },
    );
  });

  test('CopyObject needs s3:GetObject on the source and s3:PutObject on the destination', async () => {
    const source = `private/${ids.alice}/copy-source.txt`;
    await seed(source, 'copy me');
    const alice = s3Client(providers.alice);
    const bob = s3Client(providers.bob);
    await alice.send(
      new CopyObjectCommand({
        Bucket: Bucket(),
        Key: 'public/copied.txt',
        CopySource: `${Bucket()}/${source}`,
      }),
    );
    assert.deepEqual(await peek('public/copied.txt'), { status: 200, text: 'copy me' });
    await rejectsWith(
      bob.send(
        new CopyObjectCommand({
          Bucket: Bucket(),
          Key: 'public/stolen.txt',
          CopySource: `${Bucket()}/${source}`,
        }),
      ),
      'AccessDenied',
      403,
      /s3:GetObject on resource: "arn:aws:s3:::[^/]+\/private\//,
    );
    await rejectsWith(
      bob.send(
        new CopyObjectCommand({
          Bucket: Bucket(),
          Key: `private/${ids.alice}/planted.txt`,
          CopySource: `${Bucket()}/public/copied.txt`,
        }),
      ),
      'AccessDenied',
      403,
      /s3:PutObject/,
    );
    assert.equal((await peek('public/stolen.txt')).status, 404);
    assert.equal((await peek(`private/${ids.alice}/planted.txt`)).status, 404);
  });

  test('DeleteObjects deletes the allowed keys and reports the others as AccessDenied', async () => {
    const mine = `private/${ids.bob}/bulk.txt`;
    const shared = 'public/bulk.txt';
    const theirs = `private/${ids.alice}/bulk.txt`;
    for (const key of [mine, shared, theirs]) await seed(key, 'bulk');
    const result = await s3Client(providers.bob).send(
      new DeleteObjectsCommand({
        Bucket: Bucket(),
        Delete: { Objects: [{ Key: mine }, { Key: theirs }, { Key: shared }] },
      }),
    );
    assert.deepEqual(result.Deleted.map((d) => d.Key).sort(), [mine, shared].sort());
    assert.deepEqual(result.Errors, [
      { Key: theirs, Code: 'AccessDenied', Message: 'Access Denied' },
    ]);
    assert.equal((await peek(mine)).status, 404);
    assert.equal((await peek(shared)).status, 404);
    assert.equal((await peek(theirs)).status, 200);
    // All denied: nothing reaches the S3 server, and the answer is still a 200 with errors.
    const none = await s3Client(providers.guest).send(
      new DeleteObjectsCommand({ Bucket: Bucket(), Delete: { Objects: [{ Key: theirs }] } }),
    );
    assert.deepEqual(none.Errors, [
      { Key: theirs, Code: 'AccessDenied', Message: 'Access Denied' },
    ]);
    assert.equal((await peek(theirs)).status, 200);
  });

  test('multipart uploads: the parts and the completion count as s3:PutObject', async () => {
    const alice = s3Client(providers.alice);
    const Key = `private/${ids.alice}/multipart.bin`;
    const { UploadId } = await alice.send(
      new CreateMultipartUploadCommand({ Bucket: Bucket(), Key }),
    );
    const data = randomBytes(64 * 1024);
    const part = await alice.send(
      new UploadPartCommand({ Bucket: Bucket(), Key, UploadId, PartNumber: 1, Body: data }),
    );
    await rejectsWith(
      s3Client(providers.bob).send(
        new UploadPartCommand({ Bucket: Bucket(), Key, UploadId, PartNumber: 2, Body: 'x' }),
      ),
      'AccessDenied',
      403,
    );
    await alice.send(
      new CompleteMultipartUploadCommand({
        Bucket: Bucket(),
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    const stored = await fetch(directUrl(Key));
    assert.ok(Buffer.from(await stored.arrayBuffer()).equals(data));
    await rejectsWith(
      s3Client(providers.bob).send(
        new CreateMultipartUploadCommand({ Bucket: Bucket(), Key: `private/${ids.alice}/mp2.bin` }),
      ),
      'AccessDenied',
      403,
    );
    await rejectsWith(
      s3Client(providers.bob).send(
        new AbortMultipartUploadCommand({ Bucket: Bucket(), Key, UploadId }),
      ),
      'AccessDenied',
      403,
      /s3:AbortMultipartUpload/,
    );
  });

  test('keys with spaces, reserved characters, non-ASCII and line breaks are signed and authorized right', async () => {
    const s3 = s3Client(providers.guest);
    const keys = [
      "public/odd/a key with spaces +!*()'@=;,&$.txt",
      'public/odd/é 漢字 😀.txt',
      'public/odd/line\nbreak.txt', // (s3rver's listing XML would turn a \r\n into \n)
      'public/odd/%41-not-an-escape.txt',
    ];
    for (const Key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key, Body: Key }));
      assert.deepEqual(await peek(Key), { status: 200, text: Key }, JSON.stringify(Key));
      const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: Bucket(), Key }), {
        expiresIn: 60,
      });
      assert.equal(await (await fetch(url)).text(), Key, JSON.stringify(Key));
    }
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: Bucket(), Prefix: 'public/odd/' }),
    );
    assert.deepEqual(listed.Contents.map((o) => o.Key).sort(), [...keys].sort());
    await rejectsWith(
      s3.send(
        new PutObjectCommand({ Bucket: Bucket(), Key: `private/${ids.guest}/\n.txt`, Body: 'x' }),
      ),
      'AccessDenied',
      403,
    );
  });

  test("'..' in keys or bucket names cannot reach another identity's files on the local store", async () => {
    const secret = `private/${ids.bob}/secret.txt`;
    await seed(secret, "bob's secret");
    const guest = s3Client(providers.guest);
    const alice = s3Client(providers.alice);
    const invalidKey = async (promise) => {
      await assert.rejects(promise, (err) => {
        assert.equal(err.name, 'InvalidArgument', err.message);
        assert.equal(err.$metadata.httpStatusCode, 400);
        return true;
      });
    };
    // As IAM sees them these keys are under public/ and protected/, which the callers may use;
    // s3rver would resolve them into bob's private folder.
    await invalidKey(
      guest.send(
        new PutObjectCommand({ Bucket: Bucket(), Key: `public/../${secret}`, Body: 'overwritten' }),
      ),
    );
    await invalidKey(
      alice.send(new GetObjectCommand({ Bucket: Bucket(), Key: `protected/../${secret}` })),
    );
    await invalidKey(
      alice.send(new DeleteObjectCommand({ Bucket: Bucket(), Key: `public/./../${secret}` })),
    );
    await invalidKey(
      alice.send(
        new CopyObjectCommand({
          Bucket: Bucket(),
          Key: 'public/stolen.txt',
          CopySource: `${Bucket()}/protected/../${secret}`,
        }),
      ),
    );
    await invalidKey(
      alice.send(
        new DeleteObjectsCommand({
          Bucket: Bucket(),
          Delete: { Objects: [{ Key: `public/../${secret}` }] },
        }),
      ),
    );
    // An encoded '/' cannot smuggle the traversal into the bucket name either (signed correctly).
    const res = await signedFetch(
      providers.alice,
      'GET',
      `/${Bucket()}%2Fpublic%2F..%2F..%2F${Bucket()}/${encodeKey(secret)}`,
    );
    assert.equal(res.status, 400);
    assert.equal((await xmlError(res)).Code, 'InvalidBucketName');
    assert.deepEqual(await peek(secret), { status: 200, text: "bob's secret" });
    assert.equal((await peek('public/stolen.txt')).status, 404);
  });

  test('a denied large upload is answered before its body is sent (Expect: 100-continue)', async () => {
    const Key = `private/${ids.alice}/large-denied.bin`;
    let expect;
    const bob = afterSigning(s3Client(providers.bob), (request) => {
      expect = request.headers.Expect ?? request.headers.expect;
    });
    await rejectsWith(
      bob.send(new PutObjectCommand({ Bucket: Bucket(), Key, Body: randomBytes(6 * 1024 * 1024) })),
      'AccessDenied',
      403,
    );
    assert.equal(expect, '100-continue', 'the SDK asked to continue');
    assert.equal((await peek(Key)).status, 404);
    // The same client goes on working after the refused upload.
    await bob.send(
      new PutObjectCommand({ Bucket: Bucket(), Key: `private/${ids.bob}/after.txt`, Body: 'fine' }),
    );
    assert.deepEqual(await peek(`private/${ids.bob}/after.txt`), { status: 200, text: 'fine' });
  });

  test('large bodies stream through both ways intact', async () => {
    const Key = `protected/${ids.alice}/large.bin`;
    const data = randomBytes(12 * 1024 * 1024 + 7);
    const s3 = s3Client(providers.alice);
    const put = await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key, Body: data }));
    assert.equal(put.ETag, `"${createHash('md5').update(data).digest('hex')}"`);
    const got = await s3Client(providers.bob).send(new GetObjectCommand({ Bucket: Bucket(), Key }));
    assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(data));
  });

  test('CORS preflights pass without credentials; answers carry the bucket CORS headers', async () => {
    const url = gatewayUrl('public/cors.txt');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers':
          'authorization,x-amz-date,x-amz-security-token,x-amz-content-sha256',
      },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(preflight.headers.get('access-control-allow-methods'), /\bPUT\b/);
    assert.equal(preflight.headers.get('access-control-max-age'), '3000');

    const denied = await fetch(`${backend.s3Endpoint}/${backend.bucket}?list-type=2`, {
      headers: { Origin: ORIGIN },
    });
    assert.equal(denied.status, 403);
    const allowedHeaders = [
      'access-control-allow-origin',
      'access-control-expose-headers',
      'access-control-allow-credentials',
      'vary',
    ];
    const direct = await fetch(`${backend.directS3Endpoint}/${backend.bucket}/public/none`, {
      headers: { Origin: ORIGIN },
    });
    // The gateway's own error answers carry what s3rver puts on its answers.
    for (const header of allowedHeaders)
      assert.equal(denied.headers.get(header), direct.headers.get(header), header);
    await denied.text();
    await direct.text();
  });
});
