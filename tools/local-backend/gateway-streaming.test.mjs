// Run with: node --test tools/local-backend/
// Streaming uploads through the gateway (Content-Encoding: aws-chunked), as real clients send
// them: the AWS SDK v3 in Node with its default settings (a stream body goes out as
// STREAMING-UNSIGNED-PAYLOAD-TRAILER with a trailing x-amz-checksum-crc32), and the signed forms
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], built here by hand from the SigV4 streaming
// specification (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html), so the
// gateway's decoder is checked against an independent encoder. The S3 server must receive the
// plain bytes exactly; a bad chunk or trailer signature stores nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  PutObjectCommand,
  UploadPartCommand,
  CreateMultipartUploadCommand,
  CompleteMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createAwsChunkedDecoder } from './gateway/aws-chunked.mjs';
import {
  codeOf,
  encodeKey,
  peek,
  s3Client,
  seed,
  signRequest,
  startKit,
  stopKit,
} from './testing/gateway-kit.mjs';

let kit;
let backend;
let Bucket;

before(async () => {
  kit = await startKit();
  ({ backend, Bucket } = kit);
});

after(() => stopKit(kit));

/** Reads an object's bytes straight from s3rver. */
async function stored(key) {
  const res = await fetch(`${backend.directS3Endpoint}/${Bucket}/${encodeKey(key)}`);
  return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : res.status;
}

/** Adds a middleware that records the signed request's headers. */
function recordHeaders(client, into) {
  client.middlewareStack.addRelativeTo(
    (next) => async (args) => {
      Object.assign(into, args.request.headers);
      return next(args);
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'record' },
  );
  return client;
}

describe('the AWS SDK v3 in Node, default settings', () => {
  test('a stream body (STREAMING-UNSIGNED-PAYLOAD-TRAILER, trailing CRC32) arrives byte for byte', async () => {
    const data = randomBytes(300 * 1024 + 3);
    const file = path.join(kit.parent, 'seed.bin');
    await writeFile(file, data);
    const sent = {};
    const s3 = recordHeaders(s3Client(backend, kit.providers.alice), sent);
    const Key = `private/${kit.ids.alice}/from-file.bin`;
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: createReadStream(file) }));
    assert.equal(sent['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    assert.equal(sent['content-encoding'], 'aws-chunked');
    assert.equal(sent['x-amz-trailer'], 'x-amz-checksum-crc32');
    assert.ok((await stored(Key)).equals(data));

    const Key2 = `private/${kit.ids.alice}/from-readable.bin`;
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: Key2,
        Body: Readable.from([data.subarray(0, 5), data.subarray(5)]),
        ContentLength: data.length,
      }),
    );
    assert.ok((await stored(Key2)).equals(data));
  });

  test('Buffer and string bodies, lib-storage and streamed parts', async () => {
    const s3 = s3Client(backend, kit.providers.bob);
    const own = (name) => `private/${kit.ids.bob}/${name}`;
    await s3.send(
      new PutObjectCommand({ Bucket, Key: own('string.txt'), Body: 'a string body é' }),
    );
    assert.equal((await stored(own('string.txt'))).toString(), 'a string body é');
    const data = randomBytes(11 * 1024 * 1024);
    await new Upload({
      client: s3,
      params: { Bucket, Key: own('lib-storage.bin'), Body: Readable.from([data]) },
      partSize: 5 * 1024 * 1024,
    }).done();
    assert.ok((await stored(own('lib-storage.bin'))).equals(data));
    // A part streamed from a Readable: UploadPart with the trailing checksum.
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key: own('parts.bin') }),
    );
    const part = randomBytes(64 * 1024);
    const { ETag } = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: own('parts.bin'),
        UploadId,
        PartNumber: 1,
        Body: Readable.from([part]),
        ContentLength: part.length,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: own('parts.bin'),
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
      }),
    );
    assert.ok((await stored(own('parts.bin'))).equals(part));
  });

  test('a streamed upload where the policy denies it is AccessDenied before any body is stored', async () => {
    const s3 = s3Client(backend, kit.providers.bob);
    const Key = `private/${kit.ids.alice}/streamed-by-bob.bin`;
    await assert.rejects(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key,
          Body: Readable.from([randomBytes(1000)]),
          ContentLength: 1000,
        }),
      ),
      {
        name: 'AccessDenied',
      },
    );
    assert.equal(await stored(Key), 404);
  });
});

// The signed streaming forms, encoded here from the specification.
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const crc32Base64 = (data) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(data) >>> 0);
  return b.toString('base64');
};

/**
 * Encodes `data` as a signed aws-chunked body: { headers, body }. `tamper` may change the chunk
 * list ({ data, signature }[]) or the trailer after signing.
 */
async function signedChunkedRequest(
  provider,
  key,
  data,
  { chunkSize = 64 * 1024, trailer = false, tamper = {}, decodedLength = data.length } = {},
) {
  const credentials = await provider(); // once: the seed and the chunks need the same secret
  const payload = trailer
    ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
    : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const pieces = [];
  for (let at = 0; at < data.length; at += chunkSize)
    pieces.push(data.subarray(at, at + chunkSize));
  pieces.push(Buffer.alloc(0));
  const checksum = crc32Base64(data);
  // The encoded length is needed before signing: signature lines have a fixed length.
  const chunkLength = (n) => n.toString(16).length + ';chunk-signature='.length + 64 + 2 + n + 2;
  const trailerText = trailer
    ? `x-amz-checksum-crc32:${checksum}\r\nx-amz-trailer-signature:${'0'.repeat(64)}\r\n`
    : '';
  const encodedLength =
    pieces.reduce((sum, p) => sum + chunkLength(p.length), 0) -
    (trailer ? 2 : 0) +
    trailerText.length +
    (trailer ? 2 : 0);
  const path = `/${Bucket}/${encodeKey(key)}`;
  const { url, headers } = await signRequest(backend, async () => credentials, {
    method: 'PUT',
    path,
    payloadHash: payload,
    headers: {
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(decodedLength),
      'content-length': String(encodedLength),
      ...(trailer && { 'x-amz-trailer': 'x-amz-checksum-crc32' }),
    },
  });
  const longDate = headers['x-amz-date'];
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/${backend.region}/s3/aws4_request`;
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, shortDate), backend.region), 's3'),
    'aws4_request',
  );
  let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization)[1];
  const chunks = pieces.map((piece) => {
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      longDate,
      scope,
      previous,
      sha256Hex(''),
      sha256Hex(piece),
    ].join('\n');
    previous = hmac(signingKey, stringToSign).toString('hex');
    return { data: piece, signature: previous };
  });
  let trailerLines = '';
  if (trailer) {
    const canonical = `x-amz-checksum-crc32:${tamper.trailerValue ?? checksum}\n`;
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      longDate,
      scope,
      previous,
      sha256Hex(canonical),
    ].join('\n');
    const trailerSignature = hmac(signingKey, stringToSign).toString('hex');
    trailerLines = `x-amz-checksum-crc32:${checksum}\r\nx-amz-trailer-signature:${trailerSignature}\r\n\r\n`;
  }
  tamper.chunks?.(chunks);
  const parts = chunks.map(({ data: piece, signature }, i) => {
    const last = i === chunks.length - 1;
    const head = Buffer.from(`${piece.length.toString(16)};chunk-signature=${signature}\r\n`);
    return last && trailer ? head : Buffer.concat([head, piece, Buffer.from('\r\n')]);
  });
  const body = Buffer.concat([...parts, Buffer.from(trailerLines)]);
  assert.equal(body.length, encodedLength, 'encoded length');
  return { url, headers, body };
}

test("the decoder accepts AWS's documented example (sigv4-streaming.html) and refuses it altered", async () => {
  // The example's credentials, time and signatures, as AWS publishes them for checking code.
  const signingKey = hmac(
    hmac(hmac(hmac('AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524'), 'us-east-1'), 's3'),
    'aws4_request',
  );
  const signatures = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];
  const decode = async (body) => {
    const decoder = createAwsChunkedDecoder({
      payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      decodedLength: 66560,
      signing: {
        signingKey,
        longDate: '20130524T000000Z',
        scope: '20130524/us-east-1/s3/aws4_request',
        seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
      },
    });
    decoder.end(body);
    const out = [];
    for await (const chunk of decoder) out.push(chunk);
    return Buffer.concat(out);
  };
  const example = (sigs) =>
    Buffer.concat([
      Buffer.from(`10000;chunk-signature=${sigs[0]}\r\n`),
      Buffer.alloc(65536, 'a'),
      Buffer.from(`\r\n400;chunk-signature=${sigs[1]}\r\n`),
      Buffer.alloc(1024, 'a'),
      Buffer.from(`\r\n0;chunk-signature=${sigs[2]}\r\n\r\n`),
    ]);
  assert.ok((await decode(example(signatures))).equals(Buffer.alloc(66560, 'a')));
  await assert.rejects(decode(example([signatures[0], signatures[2], signatures[1]])), {
    code: 'SignatureDoesNotMatch',
  });
});

describe('signed aws-chunked bodies', () => {
  const key = (name) => `protected/${kit.ids.alice}/${name}`;
  const send = ({ url, headers, body }) => fetch(url, { method: 'PUT', headers, body });

  test('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk signature checked, the bytes stored exactly', async () => {
    const data = randomBytes(200 * 1024 + 11);
    const res = await send(
      await signedChunkedRequest(kit.providers.alice, key('signed.bin'), data),
    );
    assert.equal(res.status, 200, await res.text());
    assert.ok((await stored(key('signed.bin'))).equals(data));
  });

  test('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: the trailer signature checked too', async () => {
    const data = randomBytes(100 * 1024);
    const res = await send(
      await signedChunkedRequest(kit.providers.alice, key('trailer.bin'), data, { trailer: true }),
    );
    assert.equal(res.status, 200, await res.text());
    assert.ok((await stored(key('trailer.bin'))).equals(data));
  });

  test('a bad chunk signature, swapped chunks or a bad trailer signature are SignatureDoesNotMatch; nothing is stored', async () => {
    await seed(backend, key('kept.bin'), 'original');
    const data = randomBytes(150 * 1024);
    const tampers = [
      {
        chunks: (c) =>
          (c[1].signature = c[1].signature.replace(/^./, (x) => (x === '0' ? '1' : '0'))),
      },
      { chunks: (c) => ([c[0].data, c[1].data] = [c[1].data, c[0].data]) },
      { chunks: (c) => (c[c.length - 1].signature = c[0].signature) },
    ];
    for (const tamper of tampers) {
      const res = await send(
        await signedChunkedRequest(kit.providers.alice, key('kept.bin'), data, { tamper }),
      );
      const text = await res.text();
      assert.deepEqual([res.status, codeOf(text)], [403, 'SignatureDoesNotMatch'], text);
    }
    const badTrailer = await send(
      await signedChunkedRequest(kit.providers.alice, key('kept.bin'), data, {
        trailer: true,
        tamper: { trailerValue: 'AAAAAA==' },
      }),
    );
    assert.deepEqual(
      [badTrailer.status, codeOf(await badTrailer.text())],
      [403, 'SignatureDoesNotMatch'],
    );
    assert.deepEqual(await peek(backend, key('kept.bin')), { status: 200, text: 'original' });
  });

  test('x-amz-decoded-content-length must match the decoded bytes', async () => {
    const data = randomBytes(1000);
    for (const decodedLength of [data.length + 10, data.length - 10]) {
      const res = await send(
        await signedChunkedRequest(kit.providers.alice, key('length.bin'), data, { decodedLength }),
      );
      const text = await res.text();
      assert.deepEqual([res.status, codeOf(text)], [400, 'IncompleteBody'], text);
    }
    assert.equal(await stored(key('length.bin')), 404);
  });
});
