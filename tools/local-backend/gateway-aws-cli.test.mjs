// Run with: node --test tools/local-backend/
// The AWS CLI, a client no one here wrote, through the enforcing gateway: every request shape it
// sends for cp (single and multipart), sync, ls, rm --recursive and presign must be one the
// gateway allows and rebuilds faithfully. Skipped where no `aws` is installed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { credentialsProvider, startKit, stopKit } from './testing/gateway-kit.mjs';

const run = promisify(execFile);
let installed = true;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore' });
} catch {
  installed = false;
}

let kit;
let env;
let prefix;
let files;

before(async () => {
  if (!installed) return;
  kit = await startKit();
  const credentials = await credentialsProvider(kit.backend, 'alice')();
  // Presigned URLs in SigV4 (the CLI 1.x default is SigV2, which S3 and the gateway refuse).
  const config = path.join(kit.parent, 'aws-config');
  await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n  signature_version = s3v4\n');
  env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_DEFAULT_REGION: kit.backend.region,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: path.join(kit.parent, 'no-credentials'),
  };
  prefix = `s3://${kit.backend.bucket}/private/${credentials.identityId}`;
  files = path.join(kit.parent, 'files');
  await mkdir(files);
});

after(async () => {
  if (installed) await stopKit(kit);
});

/** Runs the AWS CLI against the gateway (asynchronously: the gateway shares this event loop). */
async function aws(...args) {
  const { stdout } = await run('aws', ['--endpoint-url', kit.backend.s3Endpoint, ...args], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** An object's bytes read straight from s3rver. */
async function stored(key) {
  const url = `${kit.backend.directS3Endpoint}/${kit.backend.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const res = await fetch(url);
  return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : res.status;
}

test(
  'cp up (single and multipart), cp down, sync, ls, presign and rm --recursive',
  { skip: !installed && 'no aws CLI' },
  async () => {
    const key = (name) => `${prefix.slice(`s3://${kit.backend.bucket}/`.length)}/${name}`;
    const small = Buffer.from('hello from the AWS CLI');
    const big = randomBytes(20 * 1024 * 1024 + 5); // above the CLI's 8 MB multipart threshold
    await writeFile(path.join(files, 'small.txt'), small);
    await writeFile(path.join(files, 'big.bin'), big);

    await aws('s3', 'cp', path.join(files, 'small.txt'), `${prefix}/small.txt`);
    await aws('s3', 'cp', path.join(files, 'big.bin'), `${prefix}/big.bin`);
    assert.ok((await stored(key('small.txt'))).equals(small));
    assert.ok((await stored(key('big.bin'))).equals(big));

    await aws('s3', 'cp', `${prefix}/big.bin`, path.join(kit.parent, 'down.bin'));
    assert.ok((await readFile(path.join(kit.parent, 'down.bin'))).equals(big));
    await aws('s3', 'cp', `${prefix}/small.txt`, `${prefix}/copy.txt`);
    assert.ok((await stored(key('copy.txt'))).equals(small));

    await aws('s3', 'sync', files, `${prefix}/synced/`);
    assert.ok((await stored(key('synced/big.bin'))).equals(big));
    const listing = await aws('s3', 'ls', '--recursive', `${prefix}/`);
    for (const name of ['small.txt', 'big.bin', 'copy.txt', 'synced/small.txt', 'synced/big.bin'])
      assert.match(listing, new RegExp(name.replace('.', '\\.')));

    const url = (await aws('s3', 'presign', `${prefix}/small.txt`, '--expires-in', '60')).trim();
    assert.match(url, /X-Amz-Signature=/);
    assert.equal(await (await fetch(url)).text(), small.toString());

    await aws('s3', 'rm', '--recursive', `${prefix}/`);
    // (`s3 ls` exits with 1 on an empty listing; list-objects-v2 says it plainly.)
    const left = await aws(
      's3api',
      'list-objects-v2',
      '--bucket',
      kit.backend.bucket,
      '--prefix',
      key(''),
      '--output',
      'json',
    );
    assert.doesNotMatch(left, /"Key"/);
    assert.equal(await stored(key('synced/big.bin')), 404);
  },
);
