// The browser side of the transfer figures of `npm run bench` (bench/transfers/transfers.mjs).
// It runs in a Chromium page opened over a raw DevTools pipe, without the Network domain (see
// raw-chromium.mjs), and is driven with Runtime.evaluate(`transfers.…`); every duration is timed
// here with performance.now() and returned as plain numbers. Memory is sampled from outside.
//
// As in bench/page/bench-page.ts, the library is used from its TypeScript source through Angular
// DI, with @angular/compiler for JIT of the @Injectable classes at start-up only.
import '@angular/compiler';
import { lastValueFrom, tap } from 'rxjs';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetBucketCorsCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CORSRule,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  StorageService,
  withTransferOptions,
} from '../../projects/ngx-amplify-storage/src/public-api';
// Not public API: for the "SDK parts on the library's transport" diagnostic.
import { BrowserHttpHandler } from '../../projects/ngx-amplify-storage/src/lib/transport/browser-http-handler';
import { type Backend, benchStorage, directClient } from '../lib/bench-storage';

const PUBLIC = 'public/';
const MiB = 1024 * 1024;
/** The library's defaults, given to every uploader: 5 MiB parts, 4 at a time. */
const PART_SIZE = 5 * MiB;
const CONCURRENCY = 4;
/** The library's default range size for downloads (downloadChunkSize). */
const RANGE = 16 * MiB;
const SMALL_SIZE = 1024;

export type UploadSide = 'library' | 'libStorage' | 'sdkSlices' | 'sdkSlicesXhr';
export type DownloadSide =
  | 'library'
  | 'libraryExposed'
  | 'libraryOneRange'
  | 'fetch'
  | 'fetchRanges'
  | 'fetchRangesFirstAlone'
  | 'xhr';

let backend: Backend;
let storage: StorageService;
/** A second StorageService whose ranges are larger than any object here: one GET, no HEAD. */
let storageOneRange: StorageService;
/** Configured like the library's client (checksums only when required), on the SDK's fetch handler. */
let sdk: S3Client;
/** Configured like `sdk`, on the library's transport (XHR with upload progress where a listener is set). */
let sdkXhr: S3Client;
let transport: BrowserHttpHandler;
let file: File | undefined;
const small = new Uint8Array(SMALL_SIZE).map((_, i) => (i * 7) & 0xff);

const uploadKey = (side: UploadSide) => `bench/transfer/upload-${side}.bin`;
const BIG_KEY = 'bench/transfer/download-64MiB.bin';
const SMALL_KEY = 'bench/transfer/download-1KiB.bin';

async function setup(settings: Backend): Promise<Record<string, unknown>> {
  backend = settings;
  const app = await benchStorage(backend);
  storage = app.storage;
  // A second app, configured the supported way (StorageFeature is opaque): its own transfer
  // queue, which changes nothing here since downloads run one at a time.
  storageOneRange = (
    await benchStorage(backend, withTransferOptions({ downloadChunkSize: 1024 * MiB }))
  ).storage;
  sdk = directClient(backend);
  transport = new BrowserHttpHandler();
  sdkXhr = directClient(backend, { requestHandler: transport as never });
  // Stored no-store, so that no side's 1 KiB download is answered from the browser's HTTP cache (a
  // presigned URL repeats within a second); the library's own reads always go to the server.
  await lastValueFrom(
    storage.put(SMALL_KEY, small, {
      contentType: 'application/octet-stream',
      cacheControl: 'no-store',
    }),
  );
  return { crossOriginIsolated: globalThis.crossOriginIsolated, userAgent: navigator.userAgent };
}

/**
 * Takes the File that every upload sends from the page's file input, where bench/transfers has put
 * a file from disk with DevTools' DOM.setFileInputFiles: the same kind of File a user's pick gives
 * (its bytes stay in the file on disk until read), not bytes in the page's memory.
 */
function pickedFile(): { name: string; size: number; type: string } {
  const picked = (document.getElementById('file') as HTMLInputElement).files?.[0];
  if (!picked) throw new Error('no file in the input');
  file = picked;
  return { name: picked.name, size: picked.size, type: picked.type };
}

/** One upload of the File by `side`: ms, and how many progress events the app received. */
async function upload(side: UploadSide): Promise<{ ms: number; progressEvents: number }> {
  const body = file!;
  let progressEvents = 0;
  const start = performance.now();
  switch (side) {
    case 'library':
      // A File: the library remembers the upload in IndexedDB part by part (resume after a reload).
      await lastValueFrom(
        storage
          .put(uploadKey(side), body)
          .pipe(tap((event) => event.type === 'progress' && progressEvents++)),
      );
      break;
    case 'libStorage': {
      const upload = new Upload({
        client: sdk,
        params: {
          Bucket: backend.bucket,
          Key: PUBLIC + uploadKey(side),
          Body: body,
          ContentType: body.type,
        },
        partSize: PART_SIZE,
        queueSize: CONCURRENCY,
      });
      upload.on('httpUploadProgress', () => progressEvents++);
      await upload.done();
      break;
    }
    case 'sdkSlices':
    case 'sdkSlicesXhr':
      await uploadSlicesWithSdk(
        body,
        PUBLIC + uploadKey(side),
        side === 'sdkSlicesXhr',
        () => progressEvents++,
      );
      break;
  }
  return { ms: performance.now() - start, progressEvents };
}

/**
 * The least a multipart upload of a Blob can do with the SDK: blob.slice() parts, 4 at a time; no
 * retries, no resume state, no Observable. On the SDK's fetch handler (no progress), or with
 * `xhr` on the library's BrowserHttpHandler with a progress listener per part (XHR upload
 * progress, as the library sends parts). A floor for the library, and its transport's share.
 */
async function uploadSlicesWithSdk(
  body: Blob,
  key: string,
  xhr: boolean,
  onProgress: () => void,
): Promise<void> {
  const client = xhr ? sdkXhr : sdk;
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: backend.bucket, Key: key, ContentType: body.type }),
  );
  const count = Math.ceil(body.size / PART_SIZE);
  const parts: CompletedPart[] = [];
  let next = 1;
  const worker = async () => {
    for (let n = next++; n <= count; n = next++) {
      const abortSignal = new AbortController().signal;
      if (xhr) transport.watch(abortSignal, onProgress);
      const output = await client.send(
        new UploadPartCommand({
          Bucket: backend.bucket,
          Key: key,
          UploadId,
          PartNumber: n,
          Body: body.slice((n - 1) * PART_SIZE, n * PART_SIZE),
        }),
        { abortSignal },
      );
      parts.push({ PartNumber: n, ETag: output.ETag });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: backend.bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

/** Size and ETag of what each side stored: equal ETags mean the same bytes in the same parts. */
async function uploaded(
  sides: UploadSide[],
): Promise<Record<string, { size?: number; eTag?: string }>> {
  const result: Record<string, { size?: number; eTag?: string }> = {};
  for (const side of sides) {
    const head = await sdk.send(
      new HeadObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + uploadKey(side) }),
    );
    result[side] = { size: head.ContentLength, eTag: head.ETag };
  }
  return result;
}

/** Stores the File as the object the 64 MiB downloads read (one PutObject, not multipart). */
async function storeDownloadObject(): Promise<void> {
  await sdk.send(
    new PutObjectCommand({
      Bucket: backend.bucket,
      Key: PUBLIC + BIG_KEY,
      Body: file!,
      ContentType: file!.type,
    }),
  );
}

/** One download by `side` of the 64 MiB object (`big`) or the 1 KiB one: ms, and the Blob. */
async function downloadBlob(
  side: DownloadSide,
  big: boolean,
): Promise<{ ms: number; blob: Blob; progressEvents: number }> {
  const key = big ? BIG_KEY : SMALL_KEY;
  let progressEvents = 0;
  const start = performance.now();
  let blob: Blob;
  switch (side) {
    case 'library':
    case 'libraryExposed':
    case 'libraryOneRange': {
      if (side === 'libraryExposed') await exposeContentRange(true);
      const service = side === 'libraryOneRange' ? storageOneRange : storage;
      const events = service
        .get(key, { download: true })
        .pipe(tap((event) => event.type === 'progress' && progressEvents++));
      const timed = performance.now();
      const result = await lastValueFrom(events);
      const ms = performance.now() - timed;
      if (side === 'libraryExposed') await exposeContentRange(false);
      if (result.type !== 'result') throw new Error('no result');
      return { ms, blob: result.body, progressEvents };
    }
    case 'fetch': {
      // The presigned URL comes from the library's presigner: the same one StorageService uses.
      const { url } = await lastValueFrom(storage.get(key));
      const response = await fetch(url);
      if (!response.ok) throw new Error(`fetch: HTTP ${response.status}`);
      blob = await response.blob();
      break;
    }
    case 'fetchRanges':
    case 'fetchRangesFirstAlone':
      blob = await fetchInRanges(key, side === 'fetchRangesFirstAlone');
      break;
    case 'xhr': {
      const { url } = await lastValueFrom(storage.get(key));
      blob = await new Promise<Blob>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', url);
        xhr.responseType = 'blob';
        xhr.onprogress = () => progressEvents++;
        xhr.onload = () =>
          xhr.status === 200
            ? resolve(xhr.response as Blob)
            : reject(new Error(`XHR: HTTP ${xhr.status}`));
        xhr.onerror = () => reject(new Error('XHR failed'));
        xhr.send();
      });
      break;
    }
  }
  return { ms: performance.now() - start, blob, progressEvents };
}

/**
 * A ranged download with plain fetch of the presigned URL, 16 MiB ranges, at most 4 at once.
 * With `firstAlone`, in the library's order: the first range alone, then a HEAD for the size,
 * then the rest; without, the HEAD first and then all ranges at once.
 */
async function fetchInRanges(key: string, firstAlone: boolean): Promise<Blob> {
  const { url } = await lastValueFrom(storage.get(key));
  const range = async (start: number, end: number) => {
    const response = await fetch(url, { headers: { Range: `bytes=${start}-${end}` } });
    if (response.status !== 206) throw new Error(`fetch range: HTTP ${response.status}`);
    return response.blob();
  };
  const size = async () =>
    (await sdk.send(new HeadObjectCommand({ Bucket: backend.bucket, Key: PUBLIC + key })))
      .ContentLength!;
  const pieces: Blob[] = [];
  let total: number;
  let from = 0;
  if (firstAlone) {
    pieces[0] = await range(0, RANGE - 1);
    total = await size();
    from = 1;
  } else {
    total = await size();
  }
  const count = Math.ceil(total / RANGE);
  let next = from;
  const worker = async () => {
    for (let i = next++; i < count; i = next++)
      pieces[i] = await range(i * RANGE, Math.min((i + 1) * RANGE, total) - 1);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return new Blob(pieces);
}

let bucketCors: CORSRule[] | undefined;

/**
 * Adds Content-Range to the bucket's exposed headers (or takes it out again), so that the library
 * can read the object's size from its first range instead of sending a HEAD. Outside the timing.
 */
async function exposeContentRange(expose: boolean): Promise<void> {
  bucketCors ??=
    (await sdk.send(new GetBucketCorsCommand({ Bucket: backend.bucket }))).CORSRules ?? [];
  const rules = expose
    ? bucketCors.map((rule) => ({
        ...rule,
        ExposeHeaders: [...(rule.ExposeHeaders ?? []), 'Content-Range'],
      }))
    : bucketCors;
  await sdk.send(
    new PutBucketCorsCommand({ Bucket: backend.bucket, CORSConfiguration: { CORSRules: rules } }),
  );
}

export interface RequestSpan {
  /** GetObject, HeadObject (SDK requests), or GET (a presigned URL). */
  op: string;
  /** ms from the first request of the download. */
  start: number;
  end: number;
}

/** One download by `side`: ms, size, progress events and the requests it made. */
async function download(
  side: DownloadSide,
  big: boolean,
): Promise<{ ms: number; size: number; progressEvents: number; requests: RequestSpan[] }> {
  performance.setResourceTimingBufferSize(10_000);
  performance.clearResourceTimings();
  const { ms, blob, progressEvents } = await downloadBlob(side, big);
  return { ms, size: blob.size, progressEvents, requests: requestSpans() };
}

/**
 * The requests to S3 since Resource Timing was last cleared, in the order they started: what they
 * were, and when they started and ended, in ms from the first (a CORS change is left out).
 */
function requestSpans(): RequestSpan[] {
  const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((entry) => entry.name.startsWith(backend.s3Endpoint) && !entry.name.includes('?cors'))
    .sort((a, b) => a.startTime - b.startTime);
  const first = entries[0]?.startTime ?? 0;
  return entries.map((entry) => ({
    op: entry.name.includes('x-id=GetObject')
      ? 'GetObject'
      : entry.name.includes('X-Amz-Signature')
        ? 'GET'
        : 'HeadObject',
    start: entry.startTime - first,
    end: entry.responseEnd - first,
  }));
}

/**
 * `n` rounds of one 1 KiB download per side, sides in rotating order (as bench-page.ts does for
 * calls), so that all sides see the same moment-to-moment load; ms of each download, per side.
 */
async function smallDownloads(sides: DownloadSide[], n: number): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = Object.fromEntries(sides.map((side) => [side, []]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < sides.length; j++) {
      const side = sides[(i + j) % sides.length];
      const { ms, blob } = await downloadBlob(side, false);
      if (blob.size !== SMALL_SIZE)
        throw new Error(`${side}: ${blob.size} bytes, expected ${SMALL_SIZE}`);
      times[side].push(ms);
    }
  }
  return times;
}

/**
 * Downloads the 64 MiB object once by `side` and compares it with the File around every 16 MiB
 * range boundary and at both ends: the ranges must be put together in order.
 */
async function checkDownload(side: DownloadSide): Promise<string> {
  const { blob } = await downloadBlob(side, true);
  const original = file!;
  if (blob.size !== original.size) return `size ${blob.size}, expected ${original.size}`;
  const offsets = [0, RANGE - 32, 2 * RANGE - 32, 3 * RANGE - 32, original.size - 64];
  for (const offset of offsets) {
    const [a, b] = await Promise.all([
      blob.slice(offset, offset + 64).arrayBuffer(),
      original.slice(offset, offset + 64).arrayBuffer(),
    ]);
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    if (x.some((value, i) => value !== y[i])) return `bytes differ at ${offset}`;
  }
  return 'ok';
}

declare global {
  interface Window {
    transfers: typeof api;
    benchStartError?: string;
  }
}

const api = {
  setup,
  pickedFile,
  upload,
  uploaded,
  storeDownloadObject,
  download,
  smallDownloads,
  checkDownload,
};
window.transfers = api;
const input = document.createElement('input');
input.type = 'file';
input.id = 'file';
document.body.append(input);
document.title = 'ready';
