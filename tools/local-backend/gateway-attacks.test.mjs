// Run with: node --test tools/local-backend/
// The enforcing gateway, attacked: every request here is one a caller with free guest credentials
// (or a signed-in user's) could send to read, write or delete what the policies deny, by making
// the gateway and the S3 server behind it read the same request differently. Each was observed
// to work before the gateway rebuilt what it forwards (issue 10). Effects are checked on the S3
// server itself (directS3Endpoint) and on the disk around the data folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  FOREIGN_ORIGIN,
  ORIGIN,
  codeOf,
  encodeKey,
  headerLines,
  listTree,
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
const secretOf = (name) => `private/${kit.ids[name]}/secret.txt`;

before(async () => {
  kit = await startKit();
  ({ backend, Bucket } = kit);
  await seed(backend, secretOf('alice'), "alice's secret");
});

after(() => stopKit(kit));

const client = (name, options) =>
  s3Client(backend, kit.providers[name], {
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...options,
  });

/** An SDK call's outcome: 'ok' or the S3 error code with its status. */
async function outcome(promise) {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    return `${err.name} ${err.$metadata?.httpStatusCode}`;
  }
}

describe('copy sources', () => {
  test('a copy source smuggled into the query string (a presigned CopyObject) is refused', async () => {
    // The presigner hoists x-amz-copy-source into the query, where the S3 server reads it as a copy.
    const url = await getSignedUrl(
      client('bob'),
      new CopyObjectCommand({
        Bucket,
        Key: 'public/stolen-by-query.txt',
        CopySource: `${Bucket}/${secretOf('alice')}`,
      }),
      { expiresIn: 60 },
    );
    assert.match(url, /x-amz-copy-source=/);
    const res = await fetch(url, { method: 'PUT' });
    const text = await res.text();
    assert.deepEqual([res.status, codeOf(text)], [400, 'InvalidArgument'], text);
    assert.match(text, /x-amz-\* query parameters are only presigned-URL authentication/);
    assert.equal((await peek(backend, 'public/stolen-by-query.txt')).status, 404);
  });

  test("a copy source with '?' and dot segments after an allowed public key is refused", async () => {
    await seed(backend, 'public/innocent.txt', 'public');
    for (const [CopySource, expected] of [
      [`${Bucket}/public/innocent.txt?/../../${secretOf('alice')}`, 'InvalidArgument 400'],
      [`/${Bucket}/public/innocent.txt%3F/../../${secretOf('alice')}`, 'InvalidArgument 400'],
      [
        `${Bucket}/public/innocent.txt?versionId=null&x=/../../${secretOf('alice')}`,
        'InvalidArgument 400',
      ],
      // A version ID is a version ID, slashes and all: s3:GetObjectVersion, which no one has.
      [
        `${Bucket}/public/innocent.txt?versionId=x/../../../${secretOf('alice')}`,
        'AccessDenied 403',
      ],
    ]) {
      const result = await outcome(
        client('bob').send(
          new CopyObjectCommand({ Bucket, Key: 'public/stolen-by-dots.txt', CopySource }),
        ),
      );
      assert.equal(result, expected, CopySource);
    }
    assert.equal((await peek(backend, 'public/stolen-by-dots.txt')).status, 404);
  });

  test('a copy source is authorized as GetObject on exactly the key copied: encoded names decode once', async () => {
    const odd = `public/odd %3F?#&+ name.txt`;
    await seed(backend, odd, 'odd');
    await client('bob').send(
      new CopyObjectCommand({
        Bucket,
        Key: 'public/odd-copy.txt',
        CopySource: `${Bucket}/${encodeURIComponent(odd)}`,
      }),
    );
    assert.deepEqual(await peek(backend, 'public/odd-copy.txt'), { status: 200, text: 'odd' });
    // The private key fully encoded (':' and '/' included) is still the private key: denied.
    const result = await outcome(
      client('bob').send(
        new CopyObjectCommand({
          Bucket,
          Key: 'public/enc.txt',
          CopySource: encodeURIComponent(`${Bucket}/${secretOf('alice')}`),
        }),
      ),
    );
    assert.equal(result, 'AccessDenied 403');
    assert.equal((await peek(backend, 'public/enc.txt')).status, 404);
  });
});

/** Sends a DeleteObjects body as `name`, signed; resolves to { status, text }. */
function deleteObjects(name, xml) {
  const body = Buffer.from(xml);
  return signedFetch(backend, kit.providers[name], {
    method: 'POST',
    path: `/${Bucket}`,
    query: [['delete', '']],
    headers: {
      'content-md5': createHash('md5').update(body).digest('base64'),
      'content-type': 'application/xml',
    },
    body,
  });
}

describe('DeleteObjects bodies', () => {
  const victim = () => secretOf('alice');
  const assertSurvives = async () =>
    assert.deepEqual(await peek(backend, victim()), { status: 200, text: "alice's secret" });

  test('an HTML entity the S3 server decodes (&period;) cannot turn a public key into a traversal', async () => {
    await seed(backend, 'public/decoy.txt', 'decoy');
    const res = await deleteObjects(
      'guest',
      `<Delete><Object><Key>public/&period;&period;/${victim()}</Key></Object></Delete>`,
    );
    assert.deepEqual([res.status, codeOf(res.text)], [400, 'MalformedXML'], res.text);
    await assertSurvives();
  });

  test('whitespace inside tags hides no object from the gateway', async () => {
    await seed(backend, 'public/ws.txt', 'ws');
    const res = await deleteObjects(
      'guest',
      `<Delete><Object><Key>public/ws.txt</Key></Object><Object ><Key >${victim()}</Key ></Object\n></Delete>`,
    );
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<Deleted><Key>public\/ws.txt<\/Key><\/Deleted>/);
    assert.match(res.text, new RegExp(`<Error><Key>${victim()}</Key><Code>AccessDenied</Code>`));
    assert.equal((await peek(backend, 'public/ws.txt')).status, 404);
    await assertSurvives();
  });

  test('a key inside a comment or CDATA of another element is not the key deleted', async () => {
    for (const xml of [
      `<Delete><Object><!-- <Key>public/c.txt</Key> --><Key>${victim()}</Key></Object></Delete>`,
      `<Delete><Object><ETag><![CDATA[<Key>public/c.txt</Key>]]></ETag><Key>${victim()}</Key></Object></Delete>`,
    ]) {
      const res = await deleteObjects('guest', xml);
      // Either refused as a whole, or the key really named is the one denied.
      assert.ok(
        res.status === 400 ||
          new RegExp(`<Error><Key>${victim()}</Key><Code>AccessDenied`).test(res.text),
        res.text,
      );
      await assertSurvives();
    }
  });

  test('CDATA, character references and comments inside a key are read as XML defines them', async () => {
    await seed(backend, 'public/x&y <z>.txt', 'cdata');
    await seed(backend, 'public/AB.txt', 'refs');
    const res = await deleteObjects(
      'guest',
      '<Delete><Quiet>false</Quiet><Object><Key><![CDATA[public/x&y <z>.txt]]></Key></Object>' +
        '<Object><Key>public/&#x41;<!-- no -->&#66;.txt</Key></Object></Delete>',
    );
    assert.equal(res.status, 200, res.text);
    assert.equal((await peek(backend, 'public/x&y <z>.txt')).status, 404);
    assert.equal((await peek(backend, 'public/AB.txt')).status, 404);
  });

  test('DTDs and entity declarations are refused', async () => {
    const res = await deleteObjects(
      'guest',
      `<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY k "${victim()}">]><Delete><Object><Key>public/&k;</Key></Object></Delete>`,
    );
    assert.deepEqual([res.status, codeOf(res.text)], [400, 'MalformedXML'], res.text);
    await assertSurvives();
  });

  test('a key the S3 server would read otherwise (trimmed, or as a number) is refused, not sent', async () => {
    await seed(backend, 'public/trailing', 'trailing');
    const res = await deleteObjects(
      'alice',
      '<Delete><Object><Key>public/trailing </Key></Object></Delete>',
    );
    assert.deepEqual([res.status, codeOf(res.text)], [400, 'InvalidArgument'], res.text);
    assert.equal((await peek(backend, 'public/trailing')).status, 200);
  });

  test('two <Key> elements in one object, unknown elements and more than 1000 keys are MalformedXML', async () => {
    const bodies = [
      `<Delete><Object><Key>public/a</Key><Key>${victim()}</Key></Object></Delete>`,
      `<Delete><Object><Key>public/a</Key><Evil/></Object></Delete>`,
      `<Delete>${Array.from({ length: 1001 }, (_, i) => `<Object><Key>public/many-${i}</Key></Object>`).join('')}</Delete>`,
    ];
    for (const xml of bodies) {
      const res = await deleteObjects('guest', xml);
      assert.deepEqual([res.status, codeOf(res.text)], [400, 'MalformedXML'], xml.slice(0, 80));
    }
    await assertSurvives();
  });
});
