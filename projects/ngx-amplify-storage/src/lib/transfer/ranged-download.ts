import type { S3Sdk } from '../service/s3-session';
import type * as S3 from '@aws-sdk/client-s3';
import { StorageError } from '../errors/storage-error';
import { sameETag } from './object-check';
import { PartRunner } from './part-runner';
import { TransferControl } from './transfer-control';
import { TransferOptions } from './transfer-options';
import { SendCommand } from './transfer-steps';

/**
 * Asks S3 to answer with `Cache-Control: no-store`: a cached partial response makes the browser
 * rewrite the next request's signed Range header, and S3 then refuses its signature.
 */
const NO_STORE = 'no-store';

/** Everything one download needs. */
export interface DownloadJob {
  sdk: S3Sdk;
  send: SendCommand;
  bucket: string;
  /** Full object key. */
  key: string;
  options: TransferOptions;
  signal: AbortSignal;
  control: TransferControl | undefined;
  /** Bytes received so far, and the object's size once known. */
  onProgress: (loaded: number, total: number | undefined) => void;
}

/** A downloaded object with its headers. */
export interface DownloadedObject {
  body: Blob;
  output: S3.GetObjectCommandOutput;
  size: number;
}

/** The object's whole size from a `Content-Range: bytes 0-99/1234` header. */
export function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const match = /\/(\d+)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : undefined;
}

async function objectSize(job: DownloadJob, eTag: string | undefined): Promise<number> {
  const output = await pinned(job, eTag, () =>
    job.send(
      () => new job.sdk.HeadObjectCommand({ Bucket: job.bucket, Key: job.key, IfMatch: eTag }),
      job.signal,
    ),
  );
  return output.ContentLength ?? 0;
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

/**
 * Runs a request sent with `If-Match: eTag` and checks its answer's ETag too: S3 refuses a
 * changed object with 412, but some S3-compatible servers ignore If-Match and answer anyway.
 */
async function pinned<T extends { ETag?: string }>(
  job: DownloadJob,
  eTag: string | undefined,
  request: () => Promise<T>,
): Promise<T> {
  let output: T;
  try {
    output = await request();
  } catch (error) {
    const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (failure.$metadata?.httpStatusCode === 412 || failure.name === 'PreconditionFailed')
      throw objectChanged(job.key, eTag, undefined);
    throw error;
  }
  if (eTag !== undefined && output.ETag !== undefined && !sameETag(output.ETag, eTag))
    throw objectChanged(job.key, eTag, output.ETag);
  return output;
}

function isInvalidRange(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return failure?.name === 'InvalidRange' || failure?.$metadata?.httpStatusCode === 416;
}

/**
 * Downloads an object in ranges of `downloadChunkSize`: the first range tells the size, the rest
 * go a few at a time, each retried on its own, pinned to the first range's ETag so that an object
 * rewritten meanwhile fails instead of mixing versions.
 */
export async function downloadInRanges(job: DownloadJob): Promise<DownloadedObject> {
  const { sdk, send, bucket, key, options } = job;
  const chunk = options.downloadChunkSize;
  const received = new Map<number, number>();
  let total: number | undefined;
  const report = () =>
    job.onProgress(
      [...received.values()].reduce((sum, n) => sum + n, 0),
      total,
    );
  const runner = new PartRunner(job.signal, job.control);
  const pieces: Blob[] = [];
  let first: S3.GetObjectCommandOutput | undefined;
  try {
    await runner.run([1], 1, async (_, signal) => {
      received.set(1, 0);
      const onProgress = (loaded: number) => {
        received.set(1, loaded);
        report();
      };
      try {
        first = await send(
          () =>
            new sdk.GetObjectCommand({
              Bucket: bucket,
              Key: key,
              Range: `bytes=0-${chunk - 1}`,
              ResponseCacheControl: NO_STORE,
            }),
          signal,
          onProgress,
        );
      } catch (error) {
        // An empty object has no byte 0 to range over.
        if (!isInvalidRange(error)) throw error;
        first = await send(
          () =>
            new sdk.GetObjectCommand({ Bucket: bucket, Key: key, ResponseCacheControl: NO_STORE }),
          signal,
          onProgress,
        );
      }
    });
    const head = first as S3.GetObjectCommandOutput;
    pieces[0] = head.Body as unknown as Blob;
    // Content-Range is not a CORS-safelisted header: buckets that do not expose it hide the size.
    // A short first range is the whole object; a full one needs a HEAD to learn the size.
    total =
      totalFromContentRange(head.ContentRange) ??
      (pieces[0].size < chunk ? pieces[0].size : await objectSize(job, head.ETag));
    received.set(1, pieces[0].size);
    report();
    const rest = Array.from({ length: Math.ceil(total / chunk) - 1 }, (_, i) => i + 2);
    await runner.run(rest, options.partConcurrency, async (piece, signal) => {
      const start = (piece - 1) * chunk;
      const end = Math.min(start + chunk, total as number) - 1;
      received.set(piece, 0);
      // A range cut off mid-stream is sent again whole (up to the retry policy's attempts).
      const output = await pinned(job, head.ETag, () =>
        send(
          () =>
            new sdk.GetObjectCommand({
              Bucket: bucket,
              Key: key,
              Range: `bytes=${start}-${end}`,
              IfMatch: head.ETag,
              ResponseCacheControl: NO_STORE,
            }),
          signal,
          (loaded) => {
            received.set(piece, loaded);
            report();
          },
        ),
      );
      pieces[piece - 1] = output.Body as unknown as Blob;
      received.set(piece, end - start + 1);
      report();
    });
    const body =
      pieces.length === 1 ? pieces[0] : new Blob(pieces, { type: head.ContentType ?? '' });
    return { body, output: head, size: total };
  } finally {
    runner.dispose();
  }
}
