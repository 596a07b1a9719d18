// If the S3 server child dies anyway, the backend starts a new one on the same port (so the
// gateway's upstream stays valid), gives it the access keys in force, and says so on stderr.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Layer } from './s3/testing.mjs';

let layer;
before(async () => {
  layer = await startS3Layer();
});
after(() => layer.close());

test('a killed S3 server process is restarted on the same port, and the next requests succeed', async (t) => {
  const { backend } = layer;
  const guest = new S3Client({
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
    credentials: fromCognitoIdentityPool({
      identityPoolId: backend.identityPoolId,
      clientConfig: { region: backend.region, endpoint: backend.identityEndpoint },
    }),
  });
  t.after(() => guest.destroy());
  await guest.send(
    new PutObjectCommand({ Bucket: backend.bucket, Key: 'public/before-crash.txt', Body: 'kept' }),
  );

  const logged = [];
  const consoleError = console.error;
  console.error = (...args) => logged.push(args.join(' '));
  t.after(() => {
    console.error = consoleError;
  });
  const pid = backend.s3Process.pid;
  process.kill(pid, 'SIGKILL');
  const newPid = await backend.s3Process.restartedAfter(pid);
  console.error = consoleError;

  assert.notEqual(newPid, pid);
  assert.equal(backend.s3Process.pid, newPid);
  assert.ok(
    logged.some((line) => line.includes(`S3 server process ${pid} exited`)),
    logged.join('\n'),
  );
  assert.ok(
    logged.some((line) => line.includes(`restarted (pid ${newPid}`)),
    logged.join('\n'),
  );
  // Directly, on the same endpoint as before:
  const direct = await layer.s3.send(
    new GetObjectCommand({ Bucket: backend.bucket, Key: 'public/before-crash.txt' }),
  );
  assert.equal(await direct.Body.transformToString(), 'kept');
  // Through the gateway, with credentials issued before the crash:
  await guest.send(
    new PutObjectCommand({ Bucket: backend.bucket, Key: 'public/after-crash.txt', Body: 'new' }),
  );
  const got = await guest.send(
    new GetObjectCommand({ Bucket: backend.bucket, Key: 'public/after-crash.txt' }),
  );
  assert.equal(await got.Body.transformToString(), 'new');
});
