import { StorageError } from '../errors/storage-error';
import { ObjectLocation, presignGetUrl } from '../presign/presign-url';
import type { SdkHttpRequest, SdkHttpResponse } from '../transport/browser-http-handler';
import type { AwsCredentials } from '../credentials/credentials-provider';
import { sameETag } from './object-check';
import { PartRunner } from './part-runner';
import { TransferControl } from './transfer-control';
import { TransferOptions } from './transfer-options';
import { SendCommand, SendSigned } from './transfer-steps';

/**
 * Asks S3 to answer with `Cache-Control: no-store`, so that the browser never reuses a download
 * (its answer carries Last-Modified, enough for heuristic caching) nor patches one range with
 * another's cached bytes.
 */
const NO_STORE: [string, string] = ['response-cache-control', 'no-store'];

/** Lifetime of the URL of each request: it is signed in its slot, just before it is sent. */
const URL_SECONDS = 300;

/** Everything one download needs. */
export interface DownloadJob {
  send: SendCommand;
  sendSigned: SendSigned;
  /** The object: bucket, full key and where the bucket is. */
  location: ObjectLocation;
  options: TransferOptions;
  signal: AbortSignal;
  control: TransferControl | undefined;
  /** Bytes received so far, and the object's size once known. */
  onProgress: (loaded: number, total: number | undefined) => void;
}

/** A downloaded object with what its response said of it. */
export interface DownloadedObject {
  body: Blob;
  size: number;
  contentType: string | undefined;
  eTag: string | undefined;
  lastModified: Date | undefined;
  metadata: Record<string, string>;
}

/** The object's whole size from a `Content-Range: bytes 0-99/1234` header. */
export function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const match = /\/(\d+)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The object's size from the first response, when it tells: a 200 is the whole object; a 206
 * names the size in Content-Range, which a bucket's CORS rules may hide; a range answered short
 * is the whole object. Undefined when only a HEAD can tell (a full first range, size hidden).
 */
export function sizeFromFirstResponse(
  status: number,
  contentRange: string | undefined,
  received: number,
  asked: number,
): number | undefined {
  if (status === 200) return received;
  return totalFromContentRange(contentRange) ?? (received < asked ? received : undefined);
}

/** The `x-amz-meta-*` headers of a response, by metadata key, as the SDK gives `Metadata`. */
export function metadataOf(headers: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  return metadata;
}

/** The presigned GET of the object, with a Range header when `range` is given (a simple request either way). */
export function presignedGet(
  location: ObjectLocation,
  range: string | undefined,
): (credentials: AwsCredentials) => SdkHttpRequest {
  return (credentials) => {
    const url = new URL(presignGetUrl(location, credentials, URL_SECONDS, undefined, [NO_STORE]));
    const headers: Record<string, string> = range === undefined ? {} : { range };
    return {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
    };
  };
}

/** The error for an object rewritten between two requests of one download. */
export function objectChanged(
  key: string,
  from: string | undefined,
  to: string | undefined,
): StorageError {
  const change =
    to === undefined ? `its ETag is no longer ${from}` : `its ETag went from ${from} to ${to}`;
  return new StorageError(
    'ObjectChanged',
    `The object ${key} changed while it was being downloaded (${change}); download it again to get the new version.`,
    {
      status: 412,
    },
  );
}

function isPreconditionFailed(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return failure.$metadata?.httpStatusCode === 412 || failure.name === 'PreconditionFailed';
}

function isInvalidRange(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return failure?.name === 'InvalidRange' || failure?.$metadata?.httpStatusCode === 416;
}

/** The size from a HEAD pinned to the first response's ETag: the fallback when Content-Range is hidden. */
async function objectSize(job: DownloadJob, eTag: string | undefined): Promise<number> {
  const { bucket, key } = job.location;
  try {
    const output = await job.send(
      (sdk) => new sdk.HeadObjectCommand({ Bucket: bucket, Key: key, IfMatch: eTag }),
      job.signal,
    );
    if (eTag !== undefined && output.ETag !== undefined && !sameETag(output.ETag, eTag))
      throw objectChanged(key, eTag, output.ETag);
    return output.ContentLength ?? 0;
  } catch (error) {
    if (isPreconditionFailed(error)) throw objectChanged(key, eTag, undefined);
    throw error;
  }
}

/**
 * Downloads an object: one presigned GET (no preflight, no HEAD) for objects up to
 * `rangedDownloadThreshold`, which the first request asks as its range. Beyond it, the first
 * response's Content-Range tells the size (a HEAD when the bucket's CORS rules hide it) and the
 * rest comes in ranges of `downloadChunkSize`, a few at a time, each retried on its own; a range
 * whose ETag is not the first's fails the download instead of mixing versions. A pause aborts
 * the requests in flight; after resume only the ranges not yet received are fetched.
 */
export async function downloadInRanges(job: DownloadJob): Promise<DownloadedObject> {
  const { options, location } = job;
  const firstSize = options.rangedDownloadThreshold;
  const chunk = options.downloadChunkSize;
  const received = new Map<number, number>();
  let total: number | undefined;
  const report = () =>
    job.onProgress(
      [...received.values()].reduce((sum, n) => sum + n, 0),
      total,
    );
  const watch = (piece: number) => (loaded: number) => {
    received.set(piece, loaded);
    report();
  };
  const runner = new PartRunner(job.signal, job.control);
  const pieces: Blob[] = [];
  let first: SdkHttpResponse | undefined;
  try {
    await runner.run([1], 1, async (_, signal) => {
      received.set(1, 0);
      try {
        first = await job.sendSigned(
          presignedGet(location, `bytes=0-${firstSize - 1}`),
          signal,
          watch(1),
        );
      } catch (error) {
        // An empty object has no byte 0 to range over.
        if (!isInvalidRange(error)) throw error;
        first = await job.sendSigned(presignedGet(location, undefined), signal, watch(1));
      }
    });
    const head = first as SdkHttpResponse;
    const eTag = head.headers['etag'];
    pieces[0] = head.body as Blob;
    total =
      sizeFromFirstResponse(
        head.statusCode,
        head.headers['content-range'],
        pieces[0].size,
        firstSize,
      ) ?? (await objectSize(job, eTag));
    received.set(1, pieces[0].size);
    report();
    const rest = Array.from(
      { length: Math.max(0, Math.ceil((total - pieces[0].size) / chunk)) },
      (_, i) => i + 2,
    );
    await runner.run(rest, options.partConcurrency, async (piece, signal) => {
      const start = firstSize + (piece - 2) * chunk;
      const end = Math.min(start + chunk, total as number) - 1;
      received.set(piece, 0);
      // No If-Match: it would cost each range a preflight. The ETag is checked on arrival instead.
      const response = await job.sendSigned(
        presignedGet(location, `bytes=${start}-${end}`),
        signal,
        watch(piece),
      );
      const rangeETag = response.headers['etag'];
      if (eTag !== undefined && rangeETag !== undefined && !sameETag(rangeETag, eTag))
        throw objectChanged(location.key, eTag, rangeETag);
      pieces[piece - 1] = response.body as Blob;
      received.set(piece, end - start + 1);
      report();
    });
    const contentType = head.headers['content-type'];
    const lastModified = head.headers['last-modified'];
    return {
      body: pieces.length === 1 ? pieces[0] : new Blob(pieces, { type: contentType ?? '' }),
      size: total,
      contentType,
      eTag,
      lastModified: lastModified ? new Date(lastModified) : undefined,
      metadata: metadataOf(head.headers),
    };
  } finally {
    runner.dispose();
  }
}
