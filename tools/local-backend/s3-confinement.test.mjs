// Defense in depth in the S3 layer, tested directly on the S3 server (no gateway in front):
// request input that would name a file outside the data folder, or alias another key, is
// refused with an S3 error, and nothing outside the data folder is created, changed or deleted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateMultipartUploadCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { listTree, startS3Layer } from './s3/testing.mjs';
import { confinedPath, isBucketName, keyProblem } from './s3/confine.mjs';
import { parseCopySource } from './s3/copy-source.mjs';
import { objectRoute, parseTarget } from './s3/layer.mjs';

let layer;
let canaryPath;
let treeBefore;
const CANARY = 'canary: must never change';

before(async () => {
  layer = await startS3Layer();
  // <root>/canary.txt and <root>/victim/ sit next to <root>/data, where '..' from a bucket leads.
  canaryPath = path.join(layer.root, 'canary.txt');
  await writeFile(canaryPath, CANARY);
  await writeFile(path.join(layer.root, 'data', 'not-a-bucket.txt'), CANARY);
  treeBefore = await listTree(layer.root, 'data');
});
after(() => layer.close());

async function assertOutsideUntouched() {
  assert.equal(await readFile(canaryPath, 'utf8'), CANARY);
  assert.deepEqual(await listTree(layer.root, 'data'), treeBefore);
}

async function assertStillServing() {
  const put = await layer.raw({
    method: 'PUT',
    path: `/${layer.bucket}/still/serving`,
    body: 'ok',
  });
  assert.equal(put.status, 200);
  const got = await layer.raw({ path: `/${layer.bucket}/still/serving` });
  assert.equal(got.body, 'ok');
}

test('confine rules: bucket names, keys and paths', () => {
  for (const name of ['ngx-amplify-storage-local', 'a.b-c', '123'])
    assert.ok(isBucketName(name), name);
  for (const name of [
    '..',
    '.local-backend',
    'a..b',
    'A_B',
    'a/b',
    'ab',
    '-ab',
    'x'.repeat(64),
    '%2e%2e',
  ])
    assert.ok(!isBucketName(name), name);
  for (const key of ['a', 'a/b.txt', 'folder/', 'a b/ü/%2F', '...', 'a..b/c'])
    assert.equal(keyProblem(key), undefined, key);
  for (const key of [
    '',
    '..',
    '.',
    'a/../b',
    'a/./b',
    '/etc/passwd',
    'a//b',
    'a\0b',
    '../x',
    'x/..',
    'x'.repeat(1025),
  ])
    assert.ok(keyProblem(key), JSON.stringify(key));
  assert.equal(confinedPath('/data/multipart', 'abc'), '/data/multipart/abc');
  for (const segments of [['..'], ['../x'], ['/etc/passwd'], ['a', '..', '..', 'x'], ['']])
    assert.throws(
      () => confinedPath('/data/multipart', ...segments),
      { code: 'InvalidArgument' },
      segments.join(),
    );
});

test('copy sources parse as S3 parses them, and bad ones are refused', () => {
  assert.deepEqual(parseCopySource('/b-1/private/us-east-1%3Aid/a%20b.txt'), {
    bucket: 'b-1',
    key: 'private/us-east-1:id/a b.txt',
  });
  assert.deepEqual(parseCopySource('b-1/k?versionId=null'), { bucket: 'b-1', key: 'k' });
  for (const [header, code] of [
    ['/b-1/..%2F..%2Fcanary.txt', 'InvalidArgument'],
    ['/b-1/public/..%2Fprivate%2Fx', 'InvalidArgument'],
    ['/..%2F/canary.txt', 'InvalidBucketName'],
    ['/../canary.txt', 'InvalidBucketName'],
    ['/b-1/%2Fetc%2Fpasswd', 'InvalidArgument'],
    ['/b-1/k?uploadId=x', 'InvalidArgument'],
    ['/b-1/k?versionId=3', 'NoSuchVersion'],
    ['/b-1/%E0%A4%A', 'InvalidArgument'],
    ['/b-1', 'InvalidArgument'],
  ])
    assert.throws(() => parseCopySource(header), { code }, header);
});

test('requests are routed to this layer by method, query and copy source', () => {
  assert.deepEqual(parseTarget('/b-1/a%2Fb/c'), { bucket: 'b-1', key: 'a/b/c' });
  assert.deepEqual(parseTarget('/b-1/'), { bucket: 'b-1', key: undefined });
  assert.equal(parseTarget('/'), undefined);
  assert.throws(() => parseTarget('/b-1/%E0%A4%A'), { code: 'InvalidURI' });
  const copy = { 'x-amz-copy-source': '/b/k' };
  const cases = [
    ['PUT', { uploadId: 'u', partNumber: '1' }, {}, 'uploadPart'],
    ['PUT', { uploadId: 'u', partNumber: '1' }, copy, 'uploadPartCopy'],
    ['POST', { uploadId: 'u' }, {}, 'complete'],
    ['DELETE', { uploadId: 'u' }, {}, 'abort'],
    ['GET', { uploadId: 'u' }, {}, 'listParts'],
    ['HEAD', { uploadId: 'u' }, {}, undefined],
    ['POST', { uploads: '' }, {}, 'create'],
    ['PUT', {}, {}, 'putObject'],
    ['PUT', { partNumber: '1' }, {}, 'putObject'],
    ['PUT', {}, copy, 'copyObject'],
    ['GET', {}, {}, 'getObject'],
    ['HEAD', {}, {}, 'getObject'],
    ['GET', { tagging: '' }, {}, undefined],
    ['DELETE', {}, {}, undefined],
  ];
  for (const [method, query, headers, route] of cases)
    assert.equal(objectRoute(method, query, headers), route, `${method} ${JSON.stringify(query)}`);
});

test('traversal in keys and bucket names is refused and touches nothing outside the data folder', async () => {
  const attempts = [
    ['PUT', `/${layer.bucket}/..%2F..%2Fcanary.txt`, 'InvalidArgument'],
    ['PUT', `/${layer.bucket}/../../canary.txt`, 'InvalidArgument'],
    ['PUT', `/${layer.bucket}/public/..%2F..%2F..%2Fvictim%2Fplanted`, 'InvalidArgument'],
    ['PUT', `/${layer.bucket}/%2F${encodeURIComponent(canaryPath.slice(1))}`, 'InvalidArgument'],
    ['PUT', `/${layer.bucket}//${canaryPath.slice(1)}`, 'InvalidArgument'],
    ['PUT', '/..%2Fvictim/planted', 'InvalidBucketName'],
    ['PUT', '/%2E%2E/canary.txt', 'InvalidBucketName'],
    ['PUT', '/../canary.txt', 'InvalidBucketName'],
    ['PUT', '/.local-backend/planted', 'InvalidBucketName'],
    ['PUT', '/..', 'InvalidBucketName'],
    ['DELETE', `/${layer.bucket}/..%2F..%2Fcanary.txt`, 'InvalidArgument'],
    ['DELETE', '/..%2F..%2Fcanary.txt/x', 'InvalidBucketName'],
    ['DELETE', '/..', 'InvalidBucketName'],
    ['GET', `/${layer.bucket}/..%2F..%2Fcanary.txt`, 'InvalidArgument'],
    ['GET', '/..%2Fdata/not-a-bucket.txt', 'InvalidBucketName'],
    ['PUT', `/${layer.bucket}/x%00y`, 'InvalidArgument'],
    ['PUT', `/${layer.bucket}/%E0%A4%A`, 'InvalidURI'],
  ];
  for (const [method, requestPath, code] of attempts) {
    const response = await layer.raw({
      method,
      path: requestPath,
      body: method === 'PUT' ? 'planted' : undefined,
    });
    assert.equal(
      response.code,
      code,
      `${method} ${requestPath}: ${response.status} ${response.body}`,
    );
    assert.equal(response.status, 400, `${method} ${requestPath}`);
  }
  await assertOutsideUntouched();
  await assertStillServing();
});

test('upload IDs and part numbers never become paths', async () => {
  const key = 'public/mp.bin';
  const { UploadId } = await layer.s3.send(
    new CreateMultipartUploadCommand({ Bucket: layer.bucket, Key: key }),
  );
  const evilIds = [
    '..%2F..%2F..%2Fcanary.txt',
    '..',
    '%2Ftmp',
    encodeURIComponent(canaryPath),
    `${UploadId}%2F..`,
    `..%2F${UploadId}`,
    'a'.repeat(43) + '%2F',
  ];
  for (const id of evilIds) {
    for (const [method, query] of [
      ['PUT', `partNumber=1&uploadId=${id}`],
      ['POST', `uploadId=${id}`],
      ['DELETE', `uploadId=${id}`],
      ['GET', `uploadId=${id}`],
    ]) {
      const body =
        method === 'POST'
          ? '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>'
          : 'planted';
      const response = await layer.raw({
        method,
        path: `/${layer.bucket}/${key}?${query}`,
        body: method === 'PUT' || method === 'POST' ? body : undefined,
      });
      assert.equal(
        response.code,
        'NoSuchUpload',
        `${method} ?${query}: ${response.status} ${response.body}`,
      );
      assert.equal(response.status, 404);
    }
  }
  for (const partNumber of [
    '..%2F..%2Fcanary.txt',
    '0',
    '10001',
    '-1',
    '1.5',
    '01',
    '%2Ftmp%2Fx',
    '',
  ]) {
    const response = await layer.raw({
      method: 'PUT',
      path: `/${layer.bucket}/${key}?partNumber=${partNumber}&uploadId=${UploadId}`,
      body: 'planted',
    });
    assert.equal(response.code, 'InvalidArgument', `partNumber=${partNumber}: ${response.body}`);
  }
  await assertOutsideUntouched();
  await assertStillServing();
});

test('copy sources that leave the bucket are refused, for CopyObject and UploadPartCopy', async () => {
  const { UploadId } = await layer.s3.send(
    new CreateMultipartUploadCommand({ Bucket: layer.bucket, Key: 'public/dest' }),
  );
  const sources = [
    `/${layer.bucket}/..%2F..%2Fcanary.txt`,
    `/${layer.bucket}/../../canary.txt`,
    '/..%2F..%2F/canary.txt',
    `/${layer.bucket}/%2F${encodeURIComponent(canaryPath.slice(1))}`,
    `/${layer.bucket}/public/x?versionId=null&uploadId=..%2F..`,
  ];
  for (const source of sources) {
    for (const query of ['', `?partNumber=1&uploadId=${UploadId}`]) {
      const response = await layer.raw({
        method: 'PUT',
        path: `/${layer.bucket}/public/dest${query}`,
        headers: { 'x-amz-copy-source': source },
      });
      assert.equal(response.status, 400, `${source} ${query}: ${response.body}`);
      assert.match(response.code, /^(InvalidArgument|InvalidBucketName)$/);
    }
  }
  const destination = await layer.raw({
    method: 'PUT',
    path: `/${layer.bucket}/..%2F..%2Fcopied`,
    headers: { 'x-amz-copy-source': `/${layer.bucket}/still/serving` },
  });
  assert.equal(destination.code, 'InvalidArgument');
  await assertOutsideUntouched();
});

test('a copy source in the query string is refused (s3rver would take it over the checked header)', async () => {
  const response = await layer.raw({
    method: 'PUT',
    path: `/${layer.bucket}/public/dest?x-amz-copy-source=${encodeURIComponent(`/${layer.bucket}/..%2F..%2Fcanary.txt`)}`,
    headers: { 'x-amz-copy-source': `/${layer.bucket}/still/serving` },
  });
  assert.deepEqual([response.status, response.code], [400, 'InvalidArgument']);
  assert.equal(
    (await layer.raw({ method: 'HEAD', path: `/${layer.bucket}/public/dest` })).status,
    404,
  );
});

test('browser form uploads (POST) with a key that leaves the bucket are refused', async () => {
  const boundary = '----confine';
  const field = (name, value) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  for (const key of ['../../canary.txt', '../not-a-bucket.txt', 'public/../../canary.txt']) {
    const body =
      field('key', key) +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\nContent-Type: application/octet-stream\r\n\r\nplanted\r\n--${boundary}--\r\n`;
    const response = await layer.raw({
      method: 'POST',
      path: `/${layer.bucket}`,
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.deepEqual(
      [response.status, response.code],
      [400, 'InvalidArgument'],
      `${key}: ${response.body}`,
    );
  }
  assert.equal(await readFile(path.join(layer.dataDir, 'not-a-bucket.txt'), 'utf8'), CANARY);
  await assertOutsideUntouched();
  await assertStillServing();
});

test('DeleteObjects keys that leave the bucket are refused', async () => {
  const xml = `<Delete><Object><Key>../../canary.txt</Key></Object><Object><Key>../not-a-bucket.txt</Key></Object></Delete>`;
  const response = await layer.raw({
    method: 'POST',
    path: `/${layer.bucket}?delete`,
    body: xml,
    headers: { 'content-type': 'application/xml' },
  });
  assert.equal(response.status, 400, response.body);
  assert.equal(await readFile(path.join(layer.dataDir, 'not-a-bucket.txt'), 'utf8'), CANARY);
  await assertOutsideUntouched();
});

test('the backend state folder is never a bucket', async () => {
  await layer.s3.send(
    new CreateMultipartUploadCommand({ Bucket: layer.bucket, Key: 'public/state-exists' }),
  );
  const { Buckets } = await layer.s3.send(new ListBucketsCommand({}));
  assert.deepEqual(
    Buckets.map((bucket) => bucket.Name),
    [layer.bucket],
  );
  const listing = await layer.raw({ path: '/.local-backend?list-type=2' });
  assert.equal(listing.code, 'InvalidBucketName');
});
