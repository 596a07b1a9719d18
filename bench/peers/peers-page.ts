// The page of the peers section of `npm run bench` (issue 13): the same workloads run by
// ngx-amplify-storage, AWS Amplify v6 (aws-amplify/storage) and the raw AWS SDK v3 (client-s3,
// lib-storage, s3-request-presigner and fetch), all against the same s3rver. The page only times;
// bench/peers/peers.mjs chooses the order, the rounds and the statistics.
//
// Every side talks to http://localhost:20005, the one endpoint Amplify's
// `dangerouslyConnectToHttpEndpointForTesting` knows, which Chromium maps to the bench's s3rver
// (--host-resolver-rules): the same URL, host and connection pool for all three sides.
import '@angular/compiler';
import { lastValueFrom } from 'rxjs';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Amplify } from 'aws-amplify';
import { downloadData, getUrl, list, uploadData } from 'aws-amplify/storage';
import { StorageService } from '../../projects/ngx-amplify-storage/src/public-api';
import { type Backend, CREDENTIALS, benchStorage, directClient } from '../lib/bench-storage';

/** The three sides every workload runs on. */
type Side = 'library' | 'amplify' | 'sdk';
/** The payload types of the upload workloads. */
type Payload = 'blob' | 'bytes';

const MiB = 1024 * 1024;
/** Where every key lives: the library's public level ('public/' prefix) and the same keys for the peers. */
const ROOT = 'public/bench/peers';
const W1_SIZE = 4 * 1024;
const W1_IN_FLIGHT = 8;
const BIG = 64 * MiB;

let storage: StorageService;
let sdk: ReturnType<typeof directClient>;
let bucket = '';
const big: Record<Payload, Blob | Uint8Array> = { blob: new Blob(), bytes: new Uint8Array() };
const small: Record<Payload, Blob | Uint8Array> = { blob: new Blob(), bytes: new Uint8Array() };
let huge: Blob | undefined;

/** `size` incompressible bytes (xorshift32), the same every time for the same seed. */
function generated(size: number, seed = 0x9e3779b9): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  const words = new Uint32Array(bytes.buffer, 0, size >>> 2);
  let x = seed;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return bytes;
}

async function setup(backend: Backend): Promise<Record<string, unknown>> {
  bucket = backend.bucket;
  storage = (await benchStorage(backend)).storage;
  sdk = directClient(backend);
  Amplify.configure(
    {
      Storage: {
        S3: {
          bucket: backend.bucket,
          region: backend.region,
          // Any value: Amplify always uses http://localhost:20005, path-style.
          dangerouslyConnectToHttpEndpointForTesting: 'true',
        },
      },
    },
    {
      // Static credentials, as the other two sides use: s3rver's built-in key.
      Auth: {
        credentialsProvider: {
          getCredentialsAndIdentityId: async () => ({ credentials: { ...CREDENTIALS } }),
          clearCredentialsAndIdentityId: () => undefined,
        },
      },
    },
  );
  const bytes = generated(BIG);
  big.bytes = bytes;
  big.blob = new Blob([bytes]);
  const smallBytes = generated(W1_SIZE, 7);
  small.bytes = smallBytes;
  small.blob = new Blob([smallBytes]);
  return { crossOriginIsolated: globalThis.crossOriginIsolated };
}

/** Runs `task(i)` for i < count with at most `width` promises pending, as an app asking for 8 at once. */
async function pool(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** One upload of `body` to the full key `key` (under ROOT) by `side`. */
function upload(side: Side, key: string, body: Blob | Uint8Array): Promise<unknown> {
  if (side === 'library') return lastValueFrom(storage.put(key.replace(/^public\//, ''), body));
  if (side === 'amplify') return uploadData({ path: key, data: body }).result;
  const size = body instanceof Blob ? body.size : body.byteLength;
  if (size > 5 * MiB)
    return new Upload({
      client: sdk,
      params: { Bucket: bucket, Key: key, Body: body },
      partSize: 5 * MiB,
      queueSize: 4,
    }).done();
  return sdk.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/**
 * W1: `count` PUTs of 4 KiB, 8 requested at a time, under the full key prefix `folder`. Resolves
 * to ms. The keys are unique; peers.mjs puts most under W3's prefix, so that W1's objects are most
 * of the 5,000 that W3 lists (seeding through s3rver is slow on a busy machine).
 */
async function w1(
  side: Side,
  payload: Payload,
  round: number,
  count: number,
  folder: string,
): Promise<number> {
  const body = small[payload];
  const start = performance.now();
  await pool(count, W1_IN_FLIGHT, (i) =>
    upload(side, `${folder}${side}-${payload}-${round}-${i}.bin`, body),
  );
  return performance.now() - start;
}

/** W2: one 64 MiB upload. Resolves to ms. */
async function w2(side: Side, payload: Payload): Promise<number> {
  const start = performance.now();
  await upload(side, `${ROOT}/w2/${side}-${payload}.bin`, big[payload]);
  return performance.now() - start;
}

/** Stores `count` small objects under `prefix` for W3 (SDK, 16 at a time). */
async function seedListing(prefix: string, count: number): Promise<void> {
  await pool(count, 16, (i) =>
    sdk.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}${String(i).padStart(5, '0')}.txt`,
        Body: 'x',
      }),
    ),
  );
}

/** W3: list every key under `prefix`. Resolves to { ms, count }. */
async function w3(side: Side, prefix: string): Promise<{ ms: number; count: number }> {
  const start = performance.now();
  let count = 0;
  if (side === 'library') {
    count = (await lastValueFrom(storage.list(prefix.replace(/^public\//, '')))).items.length;
  } else if (side === 'amplify') {
    count = (await list({ path: prefix, options: { listAll: true } })).items.length;
  } else {
    let token: string | undefined;
    do {
      const page = await sdk.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      count += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
  }
  return { ms: performance.now() - start, count };
}

/** A presigned GET URL of the full key `key`, as `side` makes it. */
async function presign(side: Side, key: string): Promise<string> {
  if (side === 'library')
    return (await lastValueFrom(storage.get(key.replace(/^public\//, '')))).url;
  if (side === 'amplify') return (await getUrl({ path: key })).url.href;
  return getSignedUrl(sdk, new GetObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: 900,
  });
}

/** W4: presign `count` URLs one after another. Resolves to ms. */
async function w4(side: Side, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await presign(side, `${ROOT}/w4/photo-${i}.jpg`);
  return performance.now() - start;
}

/** W5: download the 64 MiB object at `key`; the SDK side is one fetch of a presigned URL. */
async function w5(side: Side, key: string): Promise<{ ms: number; size: number }> {
  const start = performance.now();
  let body: Blob;
  if (side === 'library') {
    const events = storage.get(key.replace(/^public\//, ''), { download: true });
    const last = await lastValueFrom(events);
    if (last.type !== 'result') throw new Error(`library download ended with ${last.type}`);
    body = last.body as Blob;
  } else if (side === 'amplify') {
    body = await (await downloadData({ path: key }).result).body.blob();
  } else {
    body = await (await fetch(await presign('sdk', key))).blob();
  }
  return { ms: performance.now() - start, size: body.size };
}

/** A 1 GiB Blob made in the page from 16 MiB pieces (the heap workload), kept for every side. */
function hugeBlob(): number {
  const piece = generated(16 * MiB, 11);
  huge ??= new Blob(Array.from({ length: 64 }, () => piece));
  return huge.size;
}

/** Uploads the 1 GiB Blob with `side`; the heap is sampled from outside. Resolves to ms. */
async function w6(side: Side): Promise<number> {
  const start = performance.now();
  await upload(side, `${ROOT}/heap/${side}.bin`, huge!);
  return performance.now() - start;
}

/** Lets the 1 GiB Blob go once every side has uploaded it. */
function dropHuge(): void {
  huge = undefined;
}

/**
 * Stores a 64 MiB object for round `round` of W5 (one PutObject); resolves to its key. A copy per
 * round: Amplify's GET has the same URL every time and no no-store, so Chromium's HTTP cache
 * answered its later rounds from disk (the library's and the SDK's presigned URLs differ per call).
 */
async function storeDownload(round: number): Promise<string> {
  const key = `${ROOT}/w5/download-${round}.bin`;
  await sdk.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: big.blob }));
  return key;
}

Object.assign(window, {
  peers: { setup, w1, w2, seedListing, w3, w4, w5, storeDownload, hugeBlob, w6, dropHuge },
});
document.title = 'ready';
