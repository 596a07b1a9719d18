import type * as S3 from '@aws-sdk/client-s3';
import { StorageError } from '../errors/storage-error';
import { multipartETag } from './md5';
import { headObject, holdsBody } from './object-check';
import { PartRunner } from './part-runner';
import { partRange, planParts } from './part-plan';
import { CompletedPart, ResumableUpload, ResumeStore } from './resume-store';
import { TransferControl } from './transfer-control';
import { TransferOptions } from './transfer-options';
import { SendCommand } from './transfer-steps';

/** Everything one multipart upload needs. */
export interface MultipartUploadJob {
  send: SendCommand;
  bucket: string;
  /** Full object key. */
  key: string;
  body: Blob;
  /** Headers stored with the object (content type, metadata, ...). */
  objectParams: Partial<S3.CreateMultipartUploadCommandInput>;
  options: TransferOptions;
  store: ResumeStore;
  /** Where to remember the upload for resuming after a reload; none for bodies that are not Files. */
  resumeId: string | undefined;
  /** The File's content fingerprint (fileFingerprint): a record with another one is not resumed. */
  fingerprint: string | undefined;
  signal: AbortSignal;
  control: TransferControl | undefined;
  /** Bytes confirmed or in flight, summed over the parts. */
  onProgress: (loaded: number) => void;
  /** Called with the upload ID as soon as S3 gives (or the store recalls) it, so a cancel can abort it. */
  onStarted: (uploadId: string) => void;
}

/** The CORS rule's ExposeHeaders as Amplify's docs wrote it, with the ETag that multipart uploads need. */
export const EXPOSE_HEADERS_WITH_ETAG = [
  'x-amz-server-side-encryption',
  'x-amz-request-id',
  'x-amz-id-2',
  'ETag',
];

/**
 * The error of a part whose ETag the browser could not read. The usual cause is the seed's CORS
 * rule taken as written, which exposes no ETag: the message names the header and the fix.
 */
export function missingETag(partNumber: number): StorageError {
  return new StorageError(
    'MissingETag',
    `S3 stored part ${partNumber} of a multipart upload (over 5 MiB), but the browser could not read its ETag header: the bucket's CORS rule does not list "ETag" in ExposeHeaders (the rule in Amplify's docs leaves it out). Add "ETag" to ExposeHeaders in the bucket's CORS configuration, e.g. "ExposeHeaders": ${JSON.stringify(EXPOSE_HEADERS_WITH_ETAG)}, then upload again.`,
    { field: 'ExposeHeaders' },
  );
}

function isNoSuchUpload(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'NoSuchUpload';
}

/**
 * Uploads `body` in parts, a few at a time, remembering each confirmed part so that the same
 * File picked again after a reload resumes where it stopped, without ListParts.
 */
export async function uploadInParts(job: MultipartUploadJob): Promise<{ eTag?: string }> {
  const remembered = await rememberedUpload(job);
  try {
    return await runUpload(job, remembered);
  } catch (error) {
    if (!isNoSuchUpload(error) || job.signal.aborted) throw error;
    // The server forgot the upload (expired or aborted elsewhere): its record is of no more use,
    // and a remembered one starts again from nothing, once.
    if (job.resumeId) await job.store.delete(job.resumeId);
    if (!remembered) throw error;
    return runUpload(job, undefined);
  }
}

/**
 * The remembered upload of this File, if any. One remembered for another file that only shares
 * name, size and time (another fingerprint, or none from an older version) is forgotten and its
 * parts deleted, never stitched onto this file's.
 */
async function rememberedUpload(job: MultipartUploadJob): Promise<ResumableUpload | undefined> {
  const remembered = job.resumeId
    ? await job.store.find(job.resumeId, job.options.resumeExpiryMs)
    : undefined;
  if (!remembered || (job.fingerprint !== undefined && remembered.fingerprint === job.fingerprint))
    return remembered;
  await job.store.delete(remembered.id);
  await job
    .send(
      (sdk) =>
        new sdk.AbortMultipartUploadCommand({
          Bucket: job.bucket,
          Key: job.key,
          UploadId: remembered.uploadId,
        }),
      job.signal,
    )
    .catch(() => undefined); // best effort: lifecycle rules clean up after servers without Abort
  return undefined;
}

async function runUpload(
  job: MultipartUploadJob,
  remembered: ResumableUpload | undefined,
): Promise<{ eTag?: string }> {
  const { send, bucket, key, body, signal } = job;
  const upload = remembered ?? (await startUpload(job));
  job.onStarted(upload.uploadId);
  const plan = {
    partSize: upload.partSize,
    partCount: Math.max(1, Math.ceil(body.size / upload.partSize)),
  };
  const done = new Map<number, string>(upload.parts.map((part) => [part.PartNumber, part.ETag]));
  const inFlight = new Map<number, number>();
  let confirmedBytes = [...done.keys()].reduce((sum, n) => sum + partSize(n), 0);
  const report = () =>
    job.onProgress(confirmedBytes + [...inFlight.values()].reduce((sum, n) => sum + n, 0));
  function partSize(partNumber: number): number {
    const [start, end] = partRange(partNumber, plan, body.size);
    return end - start;
  }

  report();
  const pending = Array.from({ length: plan.partCount }, (_, i) => i + 1).filter(
    (n) => !done.has(n),
  );
  const runner = new PartRunner(signal, job.control);
  try {
    await runner.run(pending, job.options.partConcurrency, async (partNumber, partSignal) => {
      const [start, end] = partRange(partNumber, plan, body.size);
      inFlight.set(partNumber, 0);
      try {
        const output = await send(
          (sdk) =>
            new sdk.UploadPartCommand({
              Bucket: bucket,
              Key: key,
              UploadId: upload.uploadId,
              PartNumber: partNumber,
              Body: body.slice(start, end),
            }),
          partSignal,
          (loaded) => {
            inFlight.set(partNumber, loaded);
            report();
          },
        );
        if (!output.ETag) throw missingETag(partNumber);
        done.set(partNumber, output.ETag);
        confirmedBytes += end - start;
      } finally {
        inFlight.delete(partNumber);
        report();
      }
      if (job.resumeId) await job.store.save({ ...upload, parts: completedParts(done) });
    });
  } finally {
    runner.dispose();
  }
  const eTag = await completeUpload(job, upload.uploadId, completedParts(done));
  if (job.resumeId) await job.store.delete(job.resumeId);
  return { eTag };
}

/**
 * Sends CompleteMultipartUpload. If it fails (its answer lost, then a retry refused as
 * NoSuchUpload or a 500 because the upload is already complete), the object itself tells the
 * truth: when the key holds exactly this body, the upload is complete and that is the result.
 */
async function completeUpload(
  job: MultipartUploadJob,
  uploadId: string,
  parts: CompletedPart[],
): Promise<string | undefined> {
  try {
    const output = await job.send(
      (sdk) =>
        new sdk.CompleteMultipartUploadCommand({
          Bucket: job.bucket,
          Key: job.key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      job.signal,
    );
    return output.ETag;
  } catch (error) {
    if (job.signal.aborted) throw error;
    const stored = await headObject(job).catch(() => undefined);
    // S3 gives `-N` multipart ETags; servers that give a plain MD5 are checked by hashing the body.
    if (
      stored &&
      (await holdsBody(stored, job.body, multipartETag(parts.map((part) => part.ETag))))
    )
      return stored.eTag;
    throw error;
  }
}

async function startUpload(job: MultipartUploadJob): Promise<ResumableUpload> {
  const output = await job.send(
    (sdk) =>
      new sdk.CreateMultipartUploadCommand({
        ...job.objectParams,
        Bucket: job.bucket,
        Key: job.key,
      }),
    job.signal,
  );
  if (!output.UploadId)
    throw new StorageError(
      'ServiceError',
      'S3 started a multipart upload but returned no upload ID.',
    );
  const upload: ResumableUpload = {
    id: job.resumeId ?? '',
    fingerprint: job.fingerprint,
    uploadId: output.UploadId,
    partSize: planParts(job.body.size, job.options.partSize).partSize,
    parts: [],
    createdAt: Date.now(),
  };
  if (job.resumeId) await job.store.save(upload);
  return upload;
}

function completedParts(done: Map<number, string>): CompletedPart[] {
  return [...done.entries()]
    .sort(([a], [b]) => a - b)
    .map(([PartNumber, ETag]) => ({ PartNumber, ETag }));
}
