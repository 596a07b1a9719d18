import { fileFingerprint } from '../../transfer/file-fingerprint';
import { uploadInParts } from '../../transfer/multipart-upload';
import { resumableUploadId, uploadTarget } from '../../transfer/resumable-upload-store';
import { ResumeStore } from '../../transfer/resume-store';
import { TransferOptions } from '../../transfer/transfer-options';
import { CallContext } from '../call-template';
import { PutOptions, StorageBody } from '../storage-types';
import type { ObjectParams } from './storage-kit';

/** Multipart uploads of one service: resumable after a reload, and cleaned up when cancelled or expired. */
export class MultipartUploads {
  /** The purge of expired resume records, done once, when the first multipart upload starts. */
  private purge: Promise<void> | undefined;

  constructor(
    private readonly store: ResumeStore,
    private readonly transfers: TransferOptions,
  ) {}

  /**
   * A multipart upload. If it is cancelled or unsubscribed, the parts already stored are deleted
   * with AbortMultipartUpload (best effort: some servers lack it and S3 lifecycle rules clean up).
   */
  async upload(
    context: CallContext,
    fullKey: string,
    blob: Blob,
    original: StorageBody,
    objectParams: ObjectParams,
    options: PutOptions,
    progress: (loaded: number) => void,
  ): Promise<{ eTag?: string }> {
    const resumeId =
      original instanceof File
        ? resumableUploadId({
            bucket: context.config.bucket,
            key: fullKey,
            identityId: context.identity.identityId,
            file: original,
          })
        : undefined;
    const fingerprint = original instanceof File ? await fileFingerprint(original) : undefined;
    await (this.purge ??= this.purgeExpired(context));
    let uploadId: string | undefined;
    try {
      return await uploadInParts({
        send: context.send,
        bucket: context.config.bucket,
        key: fullKey,
        body: blob,
        objectParams,
        options: this.transfers,
        store: this.store,
        resumeId,
        fingerprint,
        signal: context.signal,
        control: options.control,
        onProgress: progress,
        onStarted: (id) => (uploadId = id),
      });
    } catch (error) {
      if (context.signal.aborted) {
        if (resumeId) void this.store.delete(resumeId);
        if (uploadId) void abortMultipart(context, fullKey, uploadId);
      }
      throw error;
    }
  }

  /**
   * Forgets resume records past `resumeExpiryMs` and deletes their parts (best effort) where the
   * current identity can: without this, a record nobody resumes would stay in IndexedDB for good.
   */
  private async purgeExpired(context: CallContext): Promise<void> {
    const expired = await this.store.purgeExpired(this.transfers.resumeExpiryMs).catch(() => []);
    for (const upload of expired) {
      const target = uploadTarget(upload.id);
      const ours =
        target?.bucket === context.config.bucket &&
        target.identityId === (context.identity.identityId ?? '');
      if (target && ours) void abortMultipart(context, target.key, upload.uploadId);
    }
  }
}

/** Deletes the stored parts of an upload, best effort. */
async function abortMultipart(
  context: CallContext,
  fullKey: string,
  uploadId: string,
): Promise<void> {
  try {
    await context.send(
      (sdk) =>
        new sdk.AbortMultipartUploadCommand({
          Bucket: context.config.bucket,
          Key: fullKey,
          UploadId: uploadId,
        }),
      new AbortController().signal,
    );
  } catch {
    // s3rver and some other S3-compatible servers lack AbortMultipartUpload; nothing else to do.
  }
}
