// Run with: node --test tools/local-backend/
// Multipart uploads, attacked: upload IDs and part numbers that the S3 server would turn into
// file paths, and uploads of one identity used by another. The gateway checks the form of both
// and binds each upload ID to the bucket, key and identity that created it (issue 10).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  codeOf,
  listTree,
  peek,
  s3Client,
  signedFetch,
  startKit,
  stopKit,
} from './testing/gateway-kit.mjs';
import { startLocalBackend } from './backend.mjs';

let kit;
let backend;
let Bucket;

before(async () => {
  kit = await startKit();
  ({ backend, Bucket } = kit);
});

after(() => stopKit(kit));

const client = (name) =>
  s3Client(backend, kit.providers[name], { requestChecksumCalculation: 'WHEN_REQUIRED' });
const privateKey = (name, file) => `private/${kit.ids[name]}/${file}`;

/** An SDK call's outcome: 'ok' or the S3 error code with its status. */
async function outcome(promise) {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    return `${err.name} ${err.$metadata?.httpStatusCode}`;
  }
}

/** Alice's upload with one part uploaded: { Key, UploadId, ETag }. */
async function alicesUpload(file) {
  const Key = privateKey('alice', file);
  const { UploadId } = await client('alice').send(
    new CreateMultipartUploadCommand({ Bucket, Key }),
  );
  const { ETag } = await client('alice').send(
    new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1024) }),
  );
  return { Key, UploadId, ETag };
}

describe('upload IDs and part numbers as paths', () => {
  test('path-like upload IDs are NoSuchUpload and write nothing, inside or outside the data folder', async () => {
    const before = await listTree(kit.parent);
    for (const uploadId of [
      '../../../escaped',
      '..%2F..%2Fescaped',
      '../../uploads-of-someone',
      'a'.repeat(43).replace(/a$/, '/'),
    ]) {
      const res = await signedFetch(backend, kit.providers.guest, {
        method: 'PUT',
        path: `/${Bucket}/public/planted.txt`,
        query: [
          ['partNumber', '1'],
          ['uploadId', uploadId],
        ],
        body: 'planted',
      });
      assert.deepEqual(
        [res.status, codeOf(res.text)],
        [404, 'NoSuchUpload'],
        `${uploadId}: ${res.text}`,
      );
    }
    for (const method of ['POST', 'DELETE']) {
      const res = await signedFetch(backend, kit.providers.guest, {
        method,
        path: `/${Bucket}/public/planted.txt`,
        query: [['uploadId', '../../..']],
        body: method === 'POST' ? '<CompleteMultipartUpload/>' : undefined,
      });
      assert.deepEqual(
        [res.status, codeOf(res.text)],
        [404, 'NoSuchUpload'],
        `${method}: ${res.text}`,
      );
    }
    assert.deepEqual(await listTree(kit.parent), before);
  });

  test('part numbers other than an integer 1..10000 are InvalidArgument', async () => {
    const { Key, UploadId } = await alicesUpload('parts.bin');
    const before = await listTree(kit.parent);
    for (const partNumber of ['../../x', '0', '10001', '-1', '1.5', '01', ' 1', '1e3', '']) {
      const res = await signedFetch(backend, kit.providers.alice, {
        method: 'PUT',
        path: `/${Bucket}/${Key.split('/').map(encodeURIComponent).join('/')}`,
        query: [
          ['partNumber', partNumber],
          ['uploadId', UploadId],
        ],
        body: 'part',
      });
      assert.deepEqual(
        [res.status, codeOf(res.text)],
        [400, 'InvalidArgument'],
        `${JSON.stringify(partNumber)}: ${res.text}`,
      );
    }
    assert.deepEqual(await listTree(kit.parent), before);
  });
});

describe("another identity's upload", () => {
  test('cannot be completed into your own key', async () => {
    const { UploadId, ETag } = await alicesUpload('to-steal.bin');
    const stolen = privateKey('bob', 'stolen.bin');
    const result = await outcome(
      client('bob').send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: stolen,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
        }),
      ),
    );
    assert.equal(result, 'NoSuchUpload 404');
    assert.equal((await peek(backend, stolen)).status, 404);
  });

  test('cannot be uploaded into or aborted, from your own key', async () => {
    const { UploadId } = await alicesUpload('to-spoil.bin');
    const own = privateKey('bob', 'spoil.bin');
    assert.equal(
      await outcome(
        client('bob').send(
          new UploadPartCommand({ Bucket, Key: own, UploadId, PartNumber: 2, Body: 'bob' }),
        ),
      ),
      'NoSuchUpload 404',
    );
    assert.equal(
      await outcome(
        client('bob').send(new AbortMultipartUploadCommand({ Bucket, Key: own, UploadId })),
      ),
      'NoSuchUpload 404',
    );
    // Nor by a guest at a public key.
    assert.equal(
      await outcome(
        client('guest').send(
          new UploadPartCommand({
            Bucket,
            Key: 'public/spoil.bin',
            UploadId,
            PartNumber: 1,
            Body: 'x',
          }),
        ),
      ),
      'NoSuchUpload 404',
    );
  });

  test('an upload ID is bound to its key: the owner cannot complete it into another key either', async () => {
    const { UploadId, ETag } = await alicesUpload('bound.bin');
    const other = privateKey('alice', 'elsewhere.bin');
    assert.equal(
      await outcome(
        client('alice').send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: other,
            UploadId,
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
          }),
        ),
      ),
      'NoSuchUpload 404',
    );
  });

  test('the owner completes it; then the ID is forgotten', async () => {
    const { Key, UploadId, ETag } = await alicesUpload('mine.bin');
    const parts = { Parts: [{ PartNumber: 1, ETag }] };
    await client('alice').send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: parts }),
    );
    assert.equal((await peek(backend, Key)).status, 200);
    const bindings = JSON.parse(
      await readFile(path.join(kit.dataDir, '.local-backend', 'gateway-uploads.json'), 'utf8'),
    );
    assert.equal(bindings[UploadId], undefined);
  });

  test('bindings survive a restart of the backend', async () => {
    const { Key, UploadId, ETag } = await alicesUpload('restart.bin');
    await backend.stop();
    backend = await startLocalBackend({
      s3Port: 0,
      identityPort: 0,
      dataDir: kit.dataDir,
      silent: true,
    });
    kit.backend = backend;
    const alice = (await import('./testing/gateway-kit.mjs')).credentialsProvider(backend, 'alice');
    const bob = (await import('./testing/gateway-kit.mjs')).credentialsProvider(backend, 'bob');
    const parts = { Parts: [{ PartNumber: 1, ETag }] };
    assert.equal(
      await outcome(
        s3Client(backend, bob).send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: privateKey('bob', 'late.bin'),
            UploadId,
            MultipartUpload: parts,
          }),
        ),
      ),
      'NoSuchUpload 404',
    );
    await s3Client(backend, alice).send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: parts }),
    );
    assert.equal((await peek(backend, Key)).status, 200);
  });
});
