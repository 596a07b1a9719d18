// Run with: node --test tools/local-backend/real-clients.test.mjs
// S3 clients that no one here wrote, against the enforcing local backend as they come: the AWS SDK
// for JavaScript v3 in Node with its default settings (streaming aws-chunked uploads with trailing
// CRC32 checksums, response checksum validation) and the AWS CLI. Each works in alice's private
// folder with alice's Cognito credentials, so every request also passes the gateway's checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LOCAL_LOGIN_PROVIDER, startLocalBackend } from './backend.mjs';

const run = promisify(execFile);
const MiB = 1024 * 1024;
let dataDir;
let workDir;
let backend;
let credentials; // alice's temporary credentials
let home; // alice's private folder: private/<identity ID>/
let s3;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'real-clients-data-'));
  workDir = await mkdtemp(path.join(tmpdir(), 'real-clients-work-'));
  backend = await startLocalBackend({ s3Port: 0, identityPort: 0, dataDir, silent: true });
  const provider = fromCognitoIdentityPool({
    identityPoolId: backend.identityPoolId,
    logins: { [LOCAL_LOGIN_PROVIDER]: 'alice' },
    clientConfig: { region: backend.region, endpoint: backend.identityEndpoint },
  });
  credentials = await provider();
  home = `private/${credentials.identityId}/`;
  // Default settings but for where the server is: no checksum or signing options changed.
  s3 = new S3Client({
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
    credentials: provider,
  });
});

after(async () => {
  s3?.destroy();
  await backend?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
});

const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');

/** The object's bytes as GetObject returns them (the SDK validates their checksum by default). */
async function download(key) {
  const out = await s3.send(new GetObjectCommand({ Bucket: backend.bucket, Key: key }));
  return Buffer.from(await out.Body.transformToByteArray());
}

/** S3's ETag of a multipart object: MD5 of the parts' binary MD5s, then -N. */
function multipartETag(parts) {
  const digests = parts.map((part) => createHash('md5').update(part).digest());
  return `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${parts.length}"`;
}

describe('AWS SDK for JavaScript v3 in Node, default settings', () => {
  test('puts string, Buffer and stream bodies and reads them back byte for byte', async () => {
    const text = 'héllo, wörld\n';
    const buffer = randomBytes(300 * 1024);
    const file = path.join(workDir, 'stream-body.bin');
    const streamed = randomBytes(2 * MiB + 123);
    await writeFile(file, streamed);
    await s3.send(
      new PutObjectCommand({ Bucket: backend.bucket, Key: `${home}sdk/string.txt`, Body: text }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: backend.bucket, Key: `${home}sdk/buffer.bin`, Body: buffer }),
    );
    // A stream body is what makes the SDK send aws-chunked with a trailing x-amz-checksum-crc32.
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: backend.bucket,
        Key: `${home}sdk/stream.bin`,
        Body: createReadStream(file),
      }),
    );
    assert.equal(put.ETag, `"${md5(streamed)}"`);
    assert.ok(put.ChecksumCRC32, 'the CRC32 the SDK sent is returned, as S3 returns it');
    assert.equal((await download(`${home}sdk/string.txt`)).toString('utf8'), text);
    assert.ok((await download(`${home}sdk/buffer.bin`)).equals(buffer));
    assert.ok((await download(`${home}sdk/stream.bin`)).equals(streamed));
  });

  test('lib-storage uploads a 12 MiB stream in parts; the ETag has S3 multipart form', async () => {
    const body = randomBytes(12 * MiB);
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: backend.bucket,
        Key: `${home}sdk/multipart.bin`,
        Body: Readable.from([body]),
      },
      partSize: 5 * MiB,
    });
    const result = await upload.done();
    const parts = [
      body.subarray(0, 5 * MiB),
      body.subarray(5 * MiB, 10 * MiB),
      body.subarray(10 * MiB),
    ];
    assert.equal(result.ETag, multipartETag(parts));
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: backend.bucket, Key: `${home}sdk/multipart.bin` }),
    );
    assert.equal(head.ContentLength, body.length);
    assert.ok((await download(`${home}sdk/multipart.bin`)).equals(body));
  });

  test('copies with CopyObject and with UploadPartCopy ranges', async () => {
    const source = randomBytes(6 * MiB + 17);
    await s3.send(
      new PutObjectCommand({
        Bucket: backend.bucket,
        Key: `${home}sdk/copy-source.bin`,
        Body: source,
      }),
    );
    const copySource = `${backend.bucket}/${encodeURIComponent(`${home}sdk/copy-source.bin`)}`;
    await s3.send(
      new CopyObjectCommand({
        Bucket: backend.bucket,
        Key: `${home}sdk/copy.bin`,
        CopySource: copySource,
      }),
    );
    assert.ok((await download(`${home}sdk/copy.bin`)).equals(source));

    const key = `${home}sdk/part-copy.bin`;
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: backend.bucket, Key: key }),
    );
    const ranges = [
      [0, 5 * MiB - 1],
      [5 * MiB, source.length - 1],
    ];
    const parts = [];
    for (const [index, [first, last]] of ranges.entries()) {
      const out = await s3.send(
        new UploadPartCopyCommand({
          Bucket: backend.bucket,
          Key: key,
          UploadId,
          PartNumber: index + 1,
          CopySource: copySource,
          CopySourceRange: `bytes=${first}-${last}`,
        }),
      );
      parts.push({ PartNumber: index + 1, ETag: out.CopyPartResult.ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: backend.bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    assert.ok((await download(key)).equals(source));
  });

  test('presigned GET and PUT URLs work with plain fetch', async () => {
    const body = randomBytes(64 * 1024);
    const key = `${home}sdk/presigned.bin`;
    // With default settings the presigner puts the CRC32 of an empty body (x-amz-checksum-crc32=
    // AAAAAA==) into a PUT URL, which S3 holds against the body: 400 BadDigest for any non-empty
    // one, here as on AWS. Presigned PUTs need checksums left to the uploader (WHEN_REQUIRED).
    const defaultPutUrl = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: backend.bucket, Key: key }),
      { expiresIn: 300 },
    );
    assert.match(defaultPutUrl, /x-amz-checksum-crc32=/);
    const refused = await fetch(defaultPutUrl, { method: 'PUT', body });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /<Code>BadDigest<\/Code>/);
    const presigner = new S3Client({
      region: backend.region,
      endpoint: backend.s3Endpoint,
      forcePathStyle: true,
      credentials: async () => credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const putUrl = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: backend.bucket, Key: key }),
      { expiresIn: 300 },
    );
    presigner.destroy();
    const put = await fetch(putUrl, { method: 'PUT', body });
    assert.equal(put.status, 200, await put.text());
    const getUrl = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: backend.bucket, Key: key }),
      { expiresIn: 300 },
    );
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(body));
  });

  test('GetObjectTagging is decided by IAM: the committed policies grant it to no one', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: backend.bucket, Key: `${home}sdk/tagged.txt`, Body: 'x' }),
    );
    await assert.rejects(
      s3.send(
        new GetObjectTaggingCommand({ Bucket: backend.bucket, Key: `${home}sdk/tagged.txt` }),
      ),
      (err) => err.name === 'AccessDenied' && err.$metadata.httpStatusCode === 403,
    );
  });

  test('DeleteObjects removes several keys at once', async () => {
    const keys = ['a.txt', 'b c.txt', 'd&e<f>.txt'].map((name) => `${home}sdk/batch/${name}`);
    for (const key of keys)
      await s3.send(new PutObjectCommand({ Bucket: backend.bucket, Key: key, Body: key }));
    const out = await s3.send(
      new DeleteObjectsCommand({
        Bucket: backend.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })) },
      }),
    );
    assert.deepEqual(out.Errors ?? [], []);
    assert.deepEqual(out.Deleted.map((d) => d.Key).sort(), [...keys].sort());
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: backend.bucket, Prefix: `${home}sdk/batch/` }),
    );
    assert.equal(listed.KeyCount, 0);
  });

  test('AbortMultipartUpload ends an upload: its ID is gone afterwards', async () => {
    const key = `${home}sdk/aborted.bin`;
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: backend.bucket, Key: key }),
    );
    await s3.send(
      new UploadPartCommand({
        Bucket: backend.bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: randomBytes(1024),
      }),
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket: backend.bucket, Key: key, UploadId }));
    await assert.rejects(
      s3.send(
        new UploadPartCommand({
          Bucket: backend.bucket,
          Key: key,
          UploadId,
          PartNumber: 2,
          Body: 'late',
        }),
      ),
      (err) => err.name === 'NoSuchUpload',
    );
    await assert.rejects(
      s3.send(new HeadObjectCommand({ Bucket: backend.bucket, Key: key })),
      (err) => err.name === 'NotFound',
    );
  });
});

// Debian's package (/usr/bin/aws) first: the one the README's seeding commands are written for.
const AWS_CLI = ['/usr/bin/aws', '/usr/local/bin/aws'].find((candidate) => existsSync(candidate));

describe(
  'AWS CLI',
  { skip: AWS_CLI ? false : 'no AWS CLI installed (apt-get install -y awscli)' },
  () => {
    let env;
    before(async () => {
      const config = path.join(workDir, 'aws-config');
      // Path-style addressing, as the local backend serves only http://host/bucket/key.
      await writeFile(config, '[default]\ns3 =\n  addressing_style = path\n');
      env = {
        PATH: process.env.PATH,
        HOME: workDir,
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: path.join(workDir, 'no-credentials'),
        AWS_DEFAULT_REGION: backend.region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_PAGER: '',
      };
    });

    /** Runs `aws <args> --endpoint-url <gateway>`; resolves to its stdout. */
    async function aws(...args) {
      const { stdout } = await run(AWS_CLI, [...args, '--endpoint-url', backend.s3Endpoint], {
        env,
        maxBuffer: 16 * MiB,
      });
      return stdout;
    }
    const s3Url = (key) => `s3://${backend.bucket}/${key}`;

    test('cp uploads and downloads, small and multipart, and copies between keys', async () => {
      const small = randomBytes(10 * 1024);
      const large = randomBytes(20 * MiB + 5); // over the CLI's 8 MB threshold: multipart
      await writeFile(path.join(workDir, 'small.bin'), small);
      await writeFile(path.join(workDir, 'large.bin'), large);
      await aws('s3', 'cp', path.join(workDir, 'small.bin'), s3Url(`${home}cli/small.bin`));
      await aws('s3', 'cp', path.join(workDir, 'large.bin'), s3Url(`${home}cli/large.bin`));
      assert.ok((await download(`${home}cli/small.bin`)).equals(small));
      assert.ok((await download(`${home}cli/large.bin`)).equals(large));
      // Between keys, over 8 MB, the CLI copies with UploadPartCopy. By default it first reads the
      // source's tags, which the committed policies do not grant (no s3:GetObjectTagging): refused
      // as on AWS, so the copy keeps the properties the metadata directive covers, without tags.
      await assert.rejects(
        aws('s3', 'cp', s3Url(`${home}cli/large.bin`), s3Url(`${home}cli/large-copy.bin`)),
        (err) => /GetObjectTagging/.test(err.stderr) && /AccessDenied/.test(err.stderr),
      );
      await aws(
        's3',
        'cp',
        '--copy-props',
        'metadata-directive',
        s3Url(`${home}cli/large.bin`),
        s3Url(`${home}cli/large-copy.bin`),
      );
      await aws(
        's3',
        'cp',
        s3Url(`${home}cli/large-copy.bin`),
        path.join(workDir, 'large-back.bin'),
      );
      assert.ok((await readFile(path.join(workDir, 'large-back.bin'))).equals(large));
    });

    test('sync uploads a folder tree, and rm --recursive removes it', async () => {
      const tree = path.join(workDir, 'tree');
      await mkdir(path.join(tree, 'sub dir'), { recursive: true });
      await writeFile(path.join(tree, 'one.txt'), 'one');
      await writeFile(path.join(tree, 'sub dir', 'two.txt'), 'two');
      await aws('s3', 'sync', tree, s3Url(`${home}cli/tree/`));
      assert.equal((await download(`${home}cli/tree/sub dir/two.txt`)).toString(), 'two');
      const back = path.join(workDir, 'tree-back');
      await aws('s3', 'sync', s3Url(`${home}cli/tree/`), back);
      assert.deepEqual((await readdir(back)).sort(), ['one.txt', 'sub dir']);
      await aws('s3', 'rm', '--recursive', s3Url(`${home}cli/tree/`));
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: backend.bucket, Prefix: `${home}cli/tree/` }),
      );
      assert.equal(listed.KeyCount, 0);
    });

    test('presign makes a URL that fetch can read', async () => {
      await s3.send(
        new PutObjectCommand({
          Bucket: backend.bucket,
          Key: `${home}cli/presigned.txt`,
          Body: 'signed by the CLI',
        }),
      );
      const url = (
        await aws('s3', 'presign', s3Url(`${home}cli/presigned.txt`), '--expires-in', '300')
      ).trim();
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'signed by the CLI');
    });

    test("cannot reach another user's private folder", async () => {
      await writeFile(path.join(workDir, 'intruder.txt'), 'x');
      await assert.rejects(
        aws(
          's3',
          'cp',
          path.join(workDir, 'intruder.txt'),
          s3Url('private/us-east-1:00000000-0000-4000-8000-000000000000/x.txt'),
        ),
        (err) => /AccessDenied|Forbidden|403/.test(err.stderr),
      );
    });
  },
);
