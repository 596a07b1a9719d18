// The browser side of `npm run bench`. bench/run.mjs bundles this file with esbuild, serves it on
// loopback and drives it through `page.evaluate(() => window.bench.…)`; every figure is timed here,
// in the page, with performance.now(), and returned as plain numbers.
//
// The library is used from its TypeScript source through Angular DI. A plain esbuild bundle has no
// Angular AOT compiler, so @angular/compiler is imported for JIT: it compiles the library's
// @Injectable classes (and Angular's own partially compiled declarations) once, at start-up. Only
// injector creation runs through JIT; a storage call executes the same code as in an AOT build.
import '@angular/compiler';
import { lastValueFrom } from 'rxjs';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3RequestPresigner, getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { formatUrl } from '@aws-sdk/core/util';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { Sha256 } from '@smithy/core/checksum';
import { StorageService } from '../../projects/ngx-amplify-storage/src/public-api';
// Not public API: the presigner itself, timed against the SDK's.
import { presignGetUrl } from '../../projects/ngx-amplify-storage/src/lib/presign/presign-url';
// Not public API: used only for the "SDK client on the library's transport" column.
import { BrowserHttpHandler } from '../../projects/ngx-amplify-storage/src/lib/transport/browser-http-handler';
import { CREDENTIALS, type Backend, benchStorage, directClient } from '../lib/bench-storage';

export type Op = 'put' | 'getUrl' | 'download' | 'list';
export type Side = 'library' | 'sdk' | 'sdkXhr';

const PUBLIC = 'public/';
const PUT_KEYS = 8;
const LIST_OBJECTS = 20;
const BODY = new Uint8Array(1024).map((_, i) => (i * 31) & 0xff);
const CONTENT_TYPE = 'application/octet-stream';

let backend: Backend;
let storage: StorageService;
let sdk: S3Client;
let sdkXhr: S3Client;

const putKey = (i: number) => `bench/put/object-${i % PUT_KEYS}.bin`;
const DOWNLOAD_KEY = 'bench/get/object.bin';
const LIST_PATH = 'bench/list/';

/** One call of `op` by `side`; resolves when the call has fully completed (body read, for downloads). */
async function call(op: Op, side: Side, i: number): Promise<unknown> {
  if (side === 'library') {
    switch (op) {
      case 'put':
        return lastValueFrom(storage.put(putKey(i), BODY, { contentType: CONTENT_TYPE }));
      case 'getUrl':
        return lastValueFrom(storage.get(DOWNLOAD_KEY));
      case 'download':
        // The library hands back a Blob that XHR has already read in full.
        return lastValueFrom(storage.get(DOWNLOAD_KEY, { download: true }));
      case 'list':
        return lastValueFrom(storage.list(LIST_PATH));
    }
  }
  const client = side === 'sdk' ? sdk : sdkXhr;
  switch (op) {
    case 'put':
      return client.send(
        new PutObjectCommand({
          Bucket: backend.bucket,
          Key: PUBLIC + putKey(i),
          Body: BODY,
          ContentType: CONTENT_TYPE,
        }),
      );
    case 'getUrl':
      return getSignedUrl(
        client,
        new GetObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + DOWNLOAD_KEY }),
        { expiresIn: 900 },
      );
    case 'download': {
      const output = await client.send(
        new GetObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + DOWNLOAD_KEY }),
      );
      // A download is done when its body is read; the SDK's documented way.
      return output.Body!.transformToByteArray();
    }
    case 'list':
      return client.send(
        new ListObjectsV2Command({
          Bucket: backend.bucket,
          Prefix: PUBLIC + LIST_PATH,
          MaxKeys: 1000,
        }),
      );
  }
}

/** Sets up the injector, the clients and the objects that get and list read. */
async function setup(settings: Backend): Promise<Record<string, unknown>> {
  backend = settings;
  ({ storage } = await benchStorage(backend));
  sdk = directClient(backend);
  sdkXhr = directClient(backend, { requestHandler: new BrowserHttpHandler() as never });

  // Stored no-store, so that no side's download is answered from the browser's HTTP cache: the SDK's
  // GetObject URL is the same on every call, and the library's own reads always go to the server.
  await lastValueFrom(
    storage.put(DOWNLOAD_KEY, BODY, { contentType: CONTENT_TYPE, cacheControl: 'no-store' }),
  );
  for (let i = 0; i < LIST_OBJECTS; i++) {
    await lastValueFrom(
      storage.put(`${LIST_PATH}item-${String(i).padStart(2, '0')}.txt`, `item ${i}`),
    );
  }
  // Checks that every side does the same work before anything is timed.
  const listed = (await call('list', 'library', 0)) as { items: unknown[] };
  const direct = (await call('list', 'sdk', 0)) as { Contents?: unknown[] };
  const downloaded = (await call('download', 'library', 0)) as { body: Blob };
  const downloadedDirect = (await call('download', 'sdk', 0)) as Uint8Array;
  if (listed.items.length !== LIST_OBJECTS || direct.Contents?.length !== LIST_OBJECTS) {
    throw new Error(
      `list fixture: library saw ${listed.items.length}, SDK ${direct.Contents?.length}`,
    );
  }
  if (downloaded.body.size !== BODY.length || downloadedDirect.length !== BODY.length) {
    throw new Error('download fixture has the wrong size');
  }
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    // performance.now() is clamped to 5 µs in cross-origin isolated pages, 100 µs otherwise.
    timerResolutionUs: timerResolution(),
  };
}

function timerResolution(): number {
  let smallest = Infinity;
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    let next = performance.now();
    while (next === start) next = performance.now();
    smallest = Math.min(smallest, next - start);
  }
  return Math.round(smallest * 1000 * 10) / 10;
}

/** `n` sequential calls of `op` by `side`; the duration of each in ms. */
async function calls(op: Op, side: Side, n: number, first: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call(op, side, first + i);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * `n` rounds of one call of `op` per side, sides in rotating order, so that every side sees the
 * same moment-to-moment load of the machine; the duration of each call in ms, per side.
 */
async function interleavedCalls(
  op: Op,
  sides: Side[],
  n: number,
  first: number,
): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = Object.fromEntries(sides.map((side) => [side, []]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < sides.length; j++) {
      const side = sides[(i + j) % sides.length];
      const start = performance.now();
      await call(op, side, first + i);
      times[side].push(performance.now() - start);
    }
  }
  return times;
}

export type PresignSide = 'presignGetUrl' | 'service.get' | 'getSignedUrl';
const presignKey = (i: number) => `bench/presign/photo-${String(i).padStart(4, '0')}.jpg`;

/** Presigns `count` GET URLs one after another, keys from `first` on; total ms. */
async function presign(side: PresignSide, count: number, first = 0): Promise<number> {
  const location = {
    bucket: backend.bucket,
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
  };
  let sink = 0;
  const start = performance.now();
  if (side === 'presignGetUrl') {
    // What StorageService.get does per URL, minus the Observable and the credentials lookup.
    for (let i = 0; i < count; i++) {
      sink += presignGetUrl(
        { ...location, key: PUBLIC + presignKey(first + i) },
        CREDENTIALS,
        900,
        new Date(),
      ).length;
    }
  } else if (side === 'service.get') {
    for (let i = 0; i < count; i++)
      sink += (await lastValueFrom(storage.get(presignKey(first + i)))).url.length;
  } else {
    for (let i = 0; i < count; i++) {
      const command = new GetObjectCommand({
        Bucket: backend.bucket,
        Key: PUBLIC + presignKey(first + i),
      });
      sink += (await getSignedUrl(sdk, command, { expiresIn: 900 })).length;
    }
  }
  const elapsed = performance.now() - start;
  if (sink === 0) throw new Error('no URLs');
  return elapsed;
}

/**
 * Presigns `count` URLs on every side, in blocks of `block` URLs that take turns, so that the
 * sides share the machine's load; total ms per side.
 */
async function interleavedPresign(
  sides: PresignSide[],
  count: number,
  block: number,
): Promise<Record<string, number>> {
  const totals: Record<string, number> = Object.fromEntries(sides.map((side) => [side, 0]));
  for (let b = 0; b < count / block; b++) {
    for (let j = 0; j < sides.length; j++) {
      const side = sides[(b + j) % sides.length];
      totals[side] += await presign(side, block, b * block);
    }
  }
  return totals;
}

/** Presigns `count` URLs all at once (Promise.all), as a gallery would; total ms. */
async function presignConcurrent(
  side: Exclude<PresignSide, 'presignGetUrl'>,
  count: number,
): Promise<number> {
  const start = performance.now();
  const urls = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      side === 'service.get'
        ? lastValueFrom(storage.get(presignKey(i))).then((result) => result.url)
        : getSignedUrl(
            sdk,
            new GetObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + presignKey(i) }),
            { expiresIn: 900 },
          ),
    ),
  );
  const elapsed = performance.now() - start;
  if (urls.length !== count) throw new Error('missing URLs');
  return elapsed;
}

/** Whether both presigners give the very same URL for the same key and signing time. */
async function sameUrl(): Promise<{ identical: boolean; library: string; sdk: string }> {
  const date = new Date('2026-01-02T03:04:05Z');
  const key = PUBLIC + 'bench/presign/some folder/ünïcødé (1).jpg';
  const library = presignGetUrl(
    {
      bucket: backend.bucket,
      key,
      region: backend.region,
      endpoint: backend.s3Endpoint,
      forcePathStyle: true,
    },
    CREDENTIALS,
    900,
    date,
  );
  const signed = await getSignedUrl(
    sdk,
    new GetObjectCommand({ Bucket: backend.bucket, Key: key }),
    {
      expiresIn: 900,
      signingDate: date,
    },
  );
  return { identical: library === signed, library, sdk: signed };
}

/** The names of the middleware getSignedUrl runs before its presign step, from a resolved stack. */
function middlewareBeforeSigning(): string[] {
  const probe = new GetObjectCommand({ Bucket: backend.bucket, Key: 'probe' });
  const stack = sdk.middlewareStack.clone();
  probe.resolveMiddleware(stack, sdk.config, {});
  const names = stack
    .concat(probe.middlewareStack)
    .identify()
    .map((entry) => entry.split(' - ')[0].split(' (a.k.a.')[0]);
  return names.slice(0, names.indexOf('httpSigningMiddleware'));
}

export interface Breakdown {
  /** Summed ms of each step over all URLs, in the order they run. */
  steps: [string, number][];
  /** Summed ms of the steps. */
  total: number;
  /** Summed ms of plain getSignedUrl calls, one after each taken-apart URL. */
  plain: number;
  hashes: number;
  hmacs: number;
  check: string;
}

/**
 * getSignedUrl taken apart: the steps of @aws-sdk/s3-request-presigner's getSignedUrl (3.1169)
 * re-run one by one and timed, for `count` URLs. Inside its middleware chain a marker middleware
 * is added before each middleware, so the time from one marker to the next is the work (before
 * next()) of what lies between; the presigner gets a SHA-256 class that times every digest.
 * After each taken-apart URL a plain getSignedUrl call is timed too, so both see the same load.
 */
async function getSignedUrlBreakdown(count: number): Promise<Breakdown> {
  let hashing = 0;
  let hashes = 0;
  let hmacs = 0;
  class TimedSha256 extends Sha256 {
    private readonly keyed: boolean;
    constructor(secret?: unknown) {
      super(secret as never);
      this.keyed = secret !== undefined;
    }
    override async digest(): Promise<Uint8Array> {
      const start = performance.now();
      const result = await super.digest();
      hashing += performance.now() - start;
      if (this.keyed) hmacs++;
      else hashes++;
      return result;
    }
  }
  const client = sdk;
  const config = client.config as never;
  const names = middlewareBeforeSigning();
  const marks: number[] = [];
  let presignStart = 0;
  let presignEnd = 0;
  let presigner: S3RequestPresigner | undefined;
  let region: string | undefined;
  let signingDate = new Date();
  const intercept =
    (_next: unknown, context: Record<string, unknown>) =>
    async (args: { request: { headers: Record<string, string> } }) => {
      presignStart = performance.now();
      const { request } = args;
      delete request.headers['amz-sdk-invocation-id'];
      delete request.headers['amz-sdk-request'];
      delete request.headers['x-amz-user-agent'];
      const presigned = await presigner!.presign(request as never, {
        expiresIn: 900,
        signingDate,
        signingRegion: (context['signing_region'] as string | undefined) ?? region,
        signingService: context['signing_service'] as string | undefined,
      });
      presignEnd = performance.now();
      return { response: {}, output: { $metadata: { httpStatusCode: 200 }, presigned } };
    };
  const markers = names.map((_, i) => (next: (args: unknown) => unknown) => (args: unknown) => {
    marks[i] = performance.now();
    return next(args);
  });
  const addToStack = (stack: S3Client['middlewareStack']) => {
    stack.addRelativeTo(intercept as never, {
      name: 'presignInterceptMiddleware',
      relation: 'before',
      toMiddleware: 'awsAuthMiddleware',
      override: true,
    });
    names.forEach((name, i) =>
      stack.addRelativeTo(markers[i] as never, {
        name: `benchMarker${i}`,
        relation: 'before',
        toMiddleware: name,
      }),
    );
  };
  // The order the markers really run in, and which middleware lies between each and the next.
  const probe = new GetObjectCommand({ Bucket: backend.bucket, Key: 'probe' });
  const probeStack = client.middlewareStack.clone();
  addToStack(probeStack);
  probe.resolveMiddleware(probeStack, client.config, {});
  const segments: { marker: number; label: string }[] = [];
  for (const entry of probeStack.concat(probe.middlewareStack).identify()) {
    const name = entry.split(' - ')[0].split(' (a.k.a.')[0];
    const marker = /^benchMarker(\d+)$/.exec(name);
    if (marker) segments.push({ marker: Number(marker[1]), label: '' });
    else if (name === 'presignInterceptMiddleware') break;
    else if (segments.length) {
      const last = segments[segments.length - 1];
      last.label += (last.label ? ' + ' : '') + name;
    }
  }

  const steps = new Map<string, number>();
  const add = (step: string, ms: number) => steps.set(step, (steps.get(step) ?? 0) + ms);
  let total = 0;
  let plain = 0;
  let check = '';
  for (let i = 0; i < count; i++) {
    signingDate = new Date();
    const command = new GetObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + presignKey(i) });
    const hashingBefore = hashing;
    const begin = performance.now();
    let t = begin;
    const lap = (step: string) => {
      const now = performance.now();
      add(step, now - t);
      t = now;
    };
    const endpoint = await getEndpointFromInstructions(
      command.input,
      GetObjectCommand as never,
      config,
    );
    lap('getEndpointFromInstructions (endpoint rules; cached)');
    const authScheme = (
      endpoint.properties?.['authSchemes'] as
        { signingRegion?: string; signingName?: string }[] | undefined
    )?.[0];
    region = authScheme?.signingRegion;
    presigner = new S3RequestPresigner({
      ...(client.config as object),
      sha256: TimedSha256,
      signingName: authScheme?.signingName,
      region: async () => region,
    } as never);
    lap('new S3RequestPresigner (a new SignatureV4 per URL)');
    const stack = client.middlewareStack.clone();
    addToStack(stack);
    lap('middlewareStack.clone() + addRelativeTo');
    const handler = command.resolveMiddleware(stack, client.config, {});
    lap('command.resolveMiddleware (sort the stack, compose the chain)');
    const { output } = (await handler({ input: command.input })) as unknown as {
      output: { presigned: never };
    };
    const handlerEnd = performance.now();
    add('chain: entering', marks[segments[0].marker] - t);
    segments.forEach((segment, s) => {
      const next = s + 1 < segments.length ? marks[segments[s + 1].marker] : presignStart;
      add(`chain: ${segment.label || '(nothing)'}`, next - marks[segment.marker]);
    });
    const hashed = hashing - hashingBefore;
    add('presign: SHA-256/HMAC digests (WebCrypto, awaited)', hashed);
    add('presign: the rest (canonical request, query, dates)', presignEnd - presignStart - hashed);
    add('chain: unwinding (after next(), promise hops)', handlerEnd - presignEnd);
    t = handlerEnd;
    const url = formatUrl(output.presigned);
    lap('formatUrl');
    total += t - begin;

    const plainStart = performance.now();
    const reference = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + presignKey(i) }),
      {
        expiresIn: 900,
        signingDate,
      },
    );
    plain += performance.now() - plainStart;
    if (i === 0) check = url === reference ? 'identical' : `DIFFERENT: ${url} vs ${reference}`;
  }
  return { steps: [...steps], total, plain, hashes, hmacs, check };
}

declare global {
  interface Window {
    bench: typeof api;
  }
}

const api = {
  setup,
  calls,
  interleavedCalls,
  presign,
  interleavedPresign,
  presignConcurrent,
  sameUrl,
  getSignedUrlBreakdown,
};
window.bench = api;
document.title = 'ready';
