// Conditional requests on the S3 layer itself: GET and HEAD (whole and ranged) honour If-Match,
// If-None-Match, If-Modified-Since and If-Unmodified-Since as S3 does; copies honour
// x-amz-copy-source-if-*; replacing metadata gives the object a new LastModified.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { CopyObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { startS3Layer } from './s3/testing.mjs';
import { etagListMatches, evaluateConditions } from './s3/conditional.mjs';

let layer;
let bucket;
const KEY = 'public/conditional.txt';
const BODY = 'conditional body, 33 bytes long.';
let etag;
let lastModified; // a Date one hour ago, set on the file so that no test depends on the clock
const HOUR = 3600_000;
const httpDate = (time) => new Date(time).toUTCString();

before(async () => {
  layer = await startS3Layer();
  bucket = layer.bucket;
  const put = await layer.raw({ method: 'PUT', path: `/${bucket}/${KEY}`, body: BODY });
  etag = put.headers.etag;
  lastModified = new Date(Math.floor((Date.now() - HOUR) / 1000) * 1000);
  await utimes(
    path.join(layer.dataDir, bucket, 'public', 'conditional.txt._S3rver_object'),
    lastModified,
    lastModified,
  );
});
after(() => layer.close());

test('condition rules: RFC 7232 order, as S3 documents it', () => {
  const version = { etag: '"abc"', lastModified: new Date('2024-01-01T00:00:00Z') };
  const before = 'Sun, 31 Dec 2023 00:00:00 GMT';
  const afterwards = 'Tue, 02 Jan 2024 00:00:00 GMT';
  assert.equal(evaluateConditions({}, version), undefined);
  assert.deepEqual(evaluateConditions({ ifMatch: '"x"' }, version), {
    status: 412,
    condition: 'If-Match',
  });
  assert.equal(evaluateConditions({ ifMatch: '"x", "abc"' }, version), undefined);
  assert.equal(evaluateConditions({ ifMatch: '*' }, version), undefined);
  assert.equal(
    evaluateConditions({ ifMatch: '"abc"', ifUnmodifiedSince: before }, version),
    undefined,
    'If-Match wins',
  );
  assert.deepEqual(evaluateConditions({ ifUnmodifiedSince: before }, version), {
    status: 412,
    condition: 'If-Unmodified-Since',
  });
  assert.deepEqual(evaluateConditions({ ifNoneMatch: 'W/"abc"' }, version), {
    status: 304,
    condition: 'If-None-Match',
  });
  assert.equal(
    evaluateConditions({ ifNoneMatch: '"x"', ifModifiedSince: afterwards }, version),
    undefined,
    'If-None-Match wins',
  );
  assert.deepEqual(evaluateConditions({ ifModifiedSince: afterwards }, version), {
    status: 304,
    condition: 'If-Modified-Since',
  });
  assert.deepEqual(
    evaluateConditions({ ifModifiedSince: 'Mon, 01 Jan 2024 00:00:00 GMT' }, version),
    { status: 304, condition: 'If-Modified-Since' },
  );
  assert.equal(
    evaluateConditions({ ifModifiedSince: 'not a date', ifUnmodifiedSince: 'nor this' }, version),
    undefined,
  );
  assert.ok(etagListMatches('abc', '"abc"'));
});

const read = (method, headers) => layer.raw({ method, path: `/${bucket}/${KEY}`, headers });

test('GET and HEAD, whole and ranged, answer the conditions as S3 does', async () => {
  const past = httpDate(lastModified.getTime() - HOUR);
  const future = httpDate(lastModified.getTime() + HOUR);
  const cases = [
    [{ 'if-match': etag }, 200],
    [{ 'if-match': '"0123456789abcdef0123456789abcdef"' }, 412],
    [{ 'if-match': '*' }, 200],
    [{ 'if-none-match': etag }, 304],
    [{ 'if-none-match': '*' }, 304],
    [{ 'if-none-match': '"other"' }, 200],
    [{ 'if-modified-since': future }, 304],
    [{ 'if-modified-since': httpDate(lastModified) }, 304],
    [{ 'if-modified-since': past }, 200],
    [{ 'if-unmodified-since': past }, 412],
    [{ 'if-unmodified-since': future }, 200],
    [{ 'if-match': etag, 'if-unmodified-since': past }, 200],
    [{ 'if-none-match': '"other"', 'if-modified-since': future }, 200],
    [{ 'if-none-match': etag, 'if-modified-since': past }, 304],
    [{ 'if-match': '"other"', 'if-none-match': '"other"' }, 412],
    [{ 'if-modified-since': 'garbage' }, 200],
  ];
  for (const [conditions, status] of cases) {
    for (const method of ['GET', 'HEAD']) {
      for (const range of [undefined, 'bytes=0-4']) {
        const response = await read(method, { ...conditions, ...(range && { range }) });
        const expected = status === 200 && range ? 206 : status;
        assert.equal(
          response.status,
          expected,
          `${method} ${JSON.stringify(conditions)} range=${range}: ${response.body}`,
        );
        if (status === 412 && method === 'GET') assert.equal(response.code, 'PreconditionFailed');
        if (status === 304) assert.deepEqual([response.headers.etag, response.body], [etag, '']);
        if (expected === 206 && method === 'GET') assert.equal(response.body, BODY.slice(0, 5));
        if (expected === 200 && method === 'GET') assert.equal(response.body, BODY);
      }
    }
  }
});

test('a missing object is NoSuchKey whatever the conditions', async () => {
  const response = await layer.raw({
    path: `/${bucket}/public/missing`,
    headers: { 'if-match': etag },
  });
  assert.deepEqual([response.status, response.code], [404, 'NoSuchKey']);
});

test('CopyObject honours x-amz-copy-source-if-*; a failed condition copies nothing', async () => {
  const past = httpDate(lastModified.getTime() - HOUR);
  const future = httpDate(lastModified.getTime() + HOUR);
  const failing = [
    { 'x-amz-copy-source-if-match': '"other"' },
    { 'x-amz-copy-source-if-none-match': etag },
    { 'x-amz-copy-source-if-modified-since': future },
    { 'x-amz-copy-source-if-unmodified-since': past },
    { 'x-amz-copy-source-if-none-match': etag, 'x-amz-copy-source-if-modified-since': past },
  ];
  for (const conditions of failing) {
    const response = await layer.raw({
      method: 'PUT',
      path: `/${bucket}/public/copy-failed`,
      headers: { 'x-amz-copy-source': `/${bucket}/${KEY}`, ...conditions },
    });
    assert.deepEqual(
      [response.status, response.code],
      [412, 'PreconditionFailed'],
      JSON.stringify(conditions),
    );
  }
  assert.equal(
    (await layer.raw({ method: 'HEAD', path: `/${bucket}/public/copy-failed` })).status,
    404,
  );
  const passing = [
    { 'x-amz-copy-source-if-match': etag },
    { 'x-amz-copy-source-if-match': etag, 'x-amz-copy-source-if-unmodified-since': past },
    { 'x-amz-copy-source-if-none-match': '"other"', 'x-amz-copy-source-if-modified-since': future },
    {
      'x-amz-copy-source-if-modified-since': past,
      'x-amz-copy-source-if-unmodified-since': future,
    },
  ];
  for (const [i, conditions] of passing.entries()) {
    const response = await layer.raw({
      method: 'PUT',
      path: `/${bucket}/public/copy-${i}`,
      headers: { 'x-amz-copy-source': `/${bucket}/${KEY}`, ...conditions },
    });
    assert.equal(response.status, 200, `${JSON.stringify(conditions)}: ${response.body}`);
    assert.equal((await layer.raw({ path: `/${bucket}/public/copy-${i}` })).body, BODY);
  }
});

test('copying an object onto itself with REPLACE updates its metadata and LastModified', async () => {
  const key = 'public/replaced.txt';
  await layer.raw({
    method: 'PUT',
    path: `/${bucket}/${key}`,
    body: BODY,
    headers: { 'x-amz-meta-note': 'old' },
  });
  const old = new Date(Date.now() - 2 * HOUR);
  await utimes(path.join(layer.dataDir, bucket, 'public', 'replaced.txt._S3rver_object'), old, old);
  const before = await layer.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  assert.equal(before.LastModified.getTime(), Math.floor(old.getTime() / 1000) * 1000);
  const copied = await layer.s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: key,
      CopySource: `${bucket}/${key}`,
      MetadataDirective: 'REPLACE',
      Metadata: { note: 'new' },
    }),
  );
  const afterwards = await layer.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  assert.equal(afterwards.Metadata.note, 'new');
  assert.ok(
    afterwards.LastModified > before.LastModified,
    `${afterwards.LastModified} after ${before.LastModified}`,
  );
  assert.equal(copied.CopyObjectResult.LastModified.getTime(), afterwards.LastModified.getTime());
  assert.equal(afterwards.ETag, before.ETag, 'the content, and so the ETag, is unchanged');
});
