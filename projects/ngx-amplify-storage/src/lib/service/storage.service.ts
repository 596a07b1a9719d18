import { Injectable, Signal, inject, signal } from '@angular/core';
import type {
  CopyObjectCommandOutput,
  DeleteObjectsCommandOutput,
  HeadObjectCommandOutput,
  ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { Observable, Subject } from 'rxjs';
import { AmplifyStorageConfig, StorageConfig } from '../config/storage-config';
import { StorageConfigStore } from '../config/storage-config-store';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { STORAGE_CREDENTIALS_PROVIDER, StorageIdentity } from '../credentials/credentials-provider';
import { StorageError } from '../errors/storage-error';
import { AccessLevel } from '../keys/access-level';
import {
  assertAccessLevel,
  assertCustomPrefix,
  assertIdentityId,
  assertKey,
  assertPath,
  levelPrefix,
  objectKey,
  relativeKey,
} from '../keys/key-rules';
import { presignGetUrl } from '../presign/presign-url';
import { DEFAULT_URL_EXPIRES_SECONDS, assertExpires, effectiveUrlExpiry } from '../presign/url-expiry';
import { fileFingerprint } from '../transfer/file-fingerprint';
import { uploadInParts } from '../transfer/multipart-upload';
import { ObjectTarget, goneDespite, storedDespite } from '../transfer/object-check';
import { PartRunner } from '../transfer/part-runner';
import { downloadInRanges } from '../transfer/ranged-download';
import { ResumableUploadStore, resumableUploadId, uploadTarget } from '../transfer/resumable-upload-store';
import { classifyFailure, retryDelay } from '../transfer/retry-policy';
import { TRANSFER_OPTIONS } from '../transfer/transfer-options';
import { SendCommand } from '../transfer/transfer-steps';
import { BrowserHttpHandler } from '../transport/browser-http-handler';
import { TransferQueue } from '../transfer/transfer-queue';
import { toStorageError } from '../errors/to-storage-error';
import { assertBody, assertPutOptions, bodySize, contentTypeOf } from './put-body';
import { STORAGE_EVENT_SINKS } from '../tracking/event-sink';
import { StorageEvent, StorageMethod } from '../tracking/storage-event';
import {
  DownloadEvent,
  DownloadOptions,
  GetUrlOptions,
  GetUrlResult,
  ListItem,
  ListOptions,
  ListResult,
  PutEvent,
  PutOptions,
  ReadOptions,
  CopyEnd,
  CopyOptions,
  LevelOptions,
  ObjectProperties,
  RemoveOptions,
  RemovePrefixEvent,
  RemovePrefixOptions,
  RemoveResult,
  StorageBody,
} from './storage-types';
import { StorageVault } from './storage-vault';

type S3Sdk = typeof import('@aws-sdk/client-s3');

/** Everything a call needs once its input is checked and the user is known. */
interface CallContext {
  config: StorageConfig;
  identity: StorageIdentity;
  sdk: S3Sdk;
  /** The level's key prefix, identity included. */
  prefix: string;
  /** Aborted when the caller unsubscribes or cancels. */
  signal: AbortSignal;
  /** Sends a command with retries, renewing expired credentials once. */
  send: SendCommand;
  /** Ends the call with a Cancelled error (a TransferControl's cancel). */
  cancel: () => void;
}

/** A call's checked input, worked out before anything is sent. */
interface CallPlan {
  method: StorageMethod;
  key: string;
  level: AccessLevel;
  options: ReadOptions;
  track: boolean;
  /** What error messages name, when the key alone would mislead (a copy has two ends). */
  subject?: string;
}

/** What a finished call reports in its tracking event: bytes moved, or for a prefix delete the objects removed. */
type CallAmount = number | { count: number } | undefined;

const LIST_PAGE_LIMIT = 1000;

/**
 * User file storage on S3 at the public, protected and private levels. Every method returns a
 * cold Observable: nothing is sent until subscribe, and unsubscribing aborts the request in flight.
 * Uploads and downloads share the app's TransferQueue, so only so many run at once.
 */
@Injectable({ providedIn: 'root' })
export class StorageService {
  private readonly configStore = inject(StorageConfigStore);
  private readonly credentials =
    inject(STORAGE_CREDENTIALS_PROVIDER, { optional: true }) ?? inject(CognitoCredentials);
  private readonly transport = new BrowserHttpHandler();
  private readonly queue = inject(TransferQueue);
  private readonly transfers = inject(TRANSFER_OPTIONS);
  private readonly resumableUploads = new ResumableUploadStore();
  /** The purge of expired resume records, done once, when the first multipart upload starts. */
  private purge: Promise<void> | undefined;
  private readonly trackedEvents = new Subject<StorageEvent>();
  private readonly sinks = inject(STORAGE_EVENT_SINKS);
  private sdk: Promise<S3Sdk> | undefined;
  private client: { id: string; client: S3Client } | undefined;

  /** Tracking events of calls made with `track` on (they also reach the sinks of `withTracking()`). */
  readonly events$: Observable<StorageEvent> = this.trackedEvents.asObservable();

  /** Changes whenever the user changes (when the credentials provider can tell); components reload on it. */
  readonly userChanges: Signal<unknown> = this.credentials.userChanges ?? signal(0).asReadonly();

  /** The same API fixed to the `private` level. */
  readonly vault = new StorageVault(this);

  /** Merges `update` into the configuration in force (e.g. `{ level: 'private' }`); throws on an invalid result. */
  configure(update: AmplifyStorageConfig): StorageConfig {
    return this.configStore.configure(update);
  }

  /** The identity ID of the current user (undefined if the provider gives none). */
  identityId(): Observable<string | undefined> {
    return new Observable((subscriber) => {
      this.credentials.getIdentity().then(
        (identity) => {
          subscriber.next(identity.identityId);
          subscriber.complete();
        },
        (error) => subscriber.error(toStorageError(error, 'the identity', 'the identity provider')),
      );
    });
  }

  /**
   * Uploads `body` to `key`; emits upload progress, then `{ type: 'result', key }`. Bodies above
   * the multipart threshold go in parts, and a File picked again for the same key after a reload
   * resumes. Pass a TransferControl as `control` to pause, resume or cancel.
   */
  put(key: string, body: StorageBody, options: PutOptions = {}): Observable<PutEvent> {
    return this.queue.run(
      this.call<PutEvent>('put', key, options, false, (plan) => {
        const content = assertBody(body);
        assertPutOptions(options);
        return async (context, emit) => {
          const size = bodySize(content);
          const fullKey = objectKey(context.prefix, plan.key);
          const objectParams = {
            ContentType: contentTypeOf(body, options.contentType),
            ContentDisposition: options.contentDisposition,
            CacheControl: options.cacheControl,
            Expires: options.expires,
            Metadata: options.metadata,
          };
          const progress = (loaded: number) => emit({ type: 'progress', loaded, total: size });
          const cancelOnCommand = options.control?.commands$.subscribe((command) => command === 'cancel' && context.cancel());
          try {
            const { eTag } =
              size > this.transfers.multipartThreshold
                ? await this.putInParts(context, fullKey, content instanceof Blob ? content : new Blob([content as BlobPart]), body, objectParams, options, progress)
                : await this.putWhole(context, fullKey, content, objectParams, options, progress);
            emit({ type: 'result', key: plan.key, eTag });
          } finally {
            cancelOnCommand?.unsubscribe();
          }
          return size;
        };
      }),
    );
  }

  /** A presigned GET URL for `key`, or with `download: true` the object itself, with progress. */
  get(key: string, options?: GetUrlOptions): Observable<GetUrlResult>;
  /** Downloads `key`; emits download progress, then the body and metadata. */
  get(key: string, options: DownloadOptions): Observable<DownloadEvent>;
  get(key: string, options: GetUrlOptions | DownloadOptions = {}): Observable<GetUrlResult | DownloadEvent> {
    return options.download ? this.download(key, options) : this.getUrl(key, options);
  }

  /**
   * Lists the objects under `path` (keys relative to the level's prefix). With `pageSize`, one page
   * and a `nextToken`; without it, every page, however many objects there are. With
   * `subpaths: false`, keys in deeper folders are folded into `folders`.
   */
  list(path: string, options: ListOptions = {}): Observable<ListResult> {
    return this.call<ListResult>('list', path, options, true, () => {
      const { pageSize, nextToken } = options;
      if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > LIST_PAGE_LIMIT)) {
        throw new StorageError('InvalidOption', `pageSize is ${pageSize}; give a whole number from 1 to ${LIST_PAGE_LIMIT}, or leave it out to list everything.`, {
          field: 'pageSize',
        });
      }
      if (nextToken !== undefined && (typeof nextToken !== 'string' || nextToken === '')) {
        throw new StorageError('InvalidOption', 'nextToken must be the nextToken string of the previous page.', { field: 'nextToken' });
      }
      return async (context, emit) => {
        const items: ListItem[] = [];
        const folders: string[] = [];
        let last: string | undefined;
        for await (const page of this.pages(context, path, { pageSize, nextToken, delimiter: options.subpaths === false ? '/' : undefined })) {
          items.push(...page.items);
          folders.push(...page.folders);
          last = page.nextToken;
        }
        emit(options.subpaths === false ? { items, folders, nextToken: last } : { items, nextToken: last });
        return undefined;
      };
    });
  }

  /** Deletes `key`. Deleting a key that does not exist succeeds, as in S3. */
  remove(key: string, options?: RemoveOptions): Observable<RemoveResult>;
  /**
   * Deletes every object under the folder `path`, in batches of 1000, emitting progress; nothing
   * outside the folder is touched, since `path` must end in '/' (or be '' for the whole level).
   */
  remove(path: string, options: RemovePrefixOptions): Observable<RemovePrefixEvent>;
  remove(key: string, options: RemoveOptions | RemovePrefixOptions = {}): Observable<RemoveResult | RemovePrefixEvent> {
    return options.prefix ? this.removePrefix(key, options) : this.removeKey(key, options);
  }

  /** Copies an object, within a level or across levels (as far as the caller's policy allows). */
  copy(from: CopyEnd, to: CopyEnd, options: CopyOptions = {}): Observable<{ key: string }> {
    return this.call<{ key: string }>('copy', from.key, { ...from, track: options.track }, false, (plan) => {
      const target = this.plan('copy', to.key, to, false, this.configStore.config());
      // S3 does not say which end it refused: the message names both.
      plan.subject = `the copy of ${describe(plan)} to ${describe(target)}`;
      if (to.identityId !== undefined) {
        throw new StorageError('InvalidOption', 'A copy can only be written to the current user\'s own files; leave to.identityId out.', {
          field: 'to.identityId',
        });
      }
      return async (context, emit) => {
        const sourceKey = objectKey(context.prefix, from.key);
        const targetKey = objectKey(this.prefixFor(target, context.config, context.identity.identityId), target.key);
        await context.send(
          () =>
            new context.sdk.CopyObjectCommand({
              Bucket: context.config.bucket,
              Key: targetKey,
              CopySource: `${context.config.bucket}/${encodeKeyPath(sourceKey)}`,
            }),
          context.signal,
        );
        emit({ key: target.key });
        return undefined;
      };
    });
  }

  /** The object's size, content type, metadata, ETag and last-modified time, without its content. */
  getProperties(key: string, options: ReadOptions = {}): Observable<ObjectProperties> {
    return this.call<ObjectProperties>('getProperties', key, options, false, (plan) => async (context, emit) => {
      const output = await context.send<HeadObjectCommandOutput>(
        () => new context.sdk.HeadObjectCommand({ Bucket: context.config.bucket, Key: objectKey(context.prefix, plan.key) }),
        context.signal,
      );
      emit({
        key: plan.key,
        size: output.ContentLength ?? 0,
        contentType: output.ContentType,
        metadata: output.Metadata ?? {},
        eTag: output.ETag,
        lastModified: output.LastModified,
      });
      return undefined;
    });
  }

  /**
   * Replaces an object's user metadata, keeping its content and headers: S3 has no metadata-only
   * update, so the object is copied onto itself with the new metadata. Names left out are gone,
   * including any that CORS hid from `getProperties`.
   */
  updateMetadata(key: string, metadata: Record<string, string>, options: LevelOptions = {}): Observable<ObjectProperties> {
    return this.call<ObjectProperties>('updateMetadata', key, options, false, (plan) => {
      assertPutOptions({ metadata });
      return async (context, emit) => {
        const fullKey = objectKey(context.prefix, plan.key);
        const head = await context.send<HeadObjectCommandOutput>(
          () => new context.sdk.HeadObjectCommand({ Bucket: context.config.bucket, Key: fullKey }),
          context.signal,
        );
        const output = await context.send<CopyObjectCommandOutput>(
          () =>
            new context.sdk.CopyObjectCommand({
              Bucket: context.config.bucket,
              Key: fullKey,
              CopySource: `${context.config.bucket}/${encodeKeyPath(fullKey)}`,
              // Only ETag-guarded: a write between the HEAD and the copy must not be overwritten.
              CopySourceIfMatch: head.ETag,
              MetadataDirective: 'REPLACE',
              Metadata: metadata,
              ContentType: head.ContentType,
              ContentDisposition: head.ContentDisposition,
              CacheControl: head.CacheControl,
              ContentEncoding: head.ContentEncoding,
              Expires: head.Expires,
            }),
          context.signal,
        );
        emit({
          key: plan.key,
          size: head.ContentLength ?? 0,
          contentType: head.ContentType,
          metadata,
          eTag: output.CopyObjectResult?.ETag,
          lastModified: output.CopyObjectResult?.LastModified,
        });
        return undefined;
      };
    });
  }

  private removeKey(key: string, options: RemoveOptions): Observable<RemoveResult> {
    return this.call<RemoveResult>('remove', key, options, false, (plan) => async (context, emit) => {
      const target = this.target(context, objectKey(context.prefix, plan.key), context.signal);
      try {
        await context.send(() => new context.sdk.DeleteObjectCommand({ Bucket: target.bucket, Key: target.key }), context.signal);
      } catch (error) {
        // The answer may be lost after S3 deleted it: a key that is gone is the result asked for.
        if (!(await goneDespite(error, target))) throw error;
      }
      emit({ key: plan.key });
      return undefined;
    });
  }

  private removePrefix(path: string, options: RemovePrefixOptions): Observable<RemovePrefixEvent> {
    return this.call<RemovePrefixEvent>('remove', path, options, true, () => {
      if (path !== '' && !path.endsWith('/')) {
        throw new StorageError(
          'InvalidKey',
          `A prefix delete needs a folder path ending in '/', not ${JSON.stringify(path)}: 'photos' would also delete 'photos-old/…'.`,
          { field: 'path' },
        );
      }
      return async (context, emit) => {
        let found = 0;
        let deleted = 0;
        const failures: string[] = [];
        // Page by page: each page of up to 1000 keys is one DeleteObjects call, the most S3 takes.
        for await (const page of this.pages(context, path, {})) {
          found += page.items.length;
          emit({ type: 'progress', deleted, found });
          if (page.items.length === 0) continue;
          const output = await context.send<DeleteObjectsCommandOutput>(
            () =>
              new context.sdk.DeleteObjectsCommand({
                Bucket: context.config.bucket,
                Delete: { Objects: page.items.map((item) => ({ Key: objectKey(context.prefix, item.key) })), Quiet: true },
              }),
            context.signal,
          );
          const errors = output.Errors ?? [];
          failures.push(...errors.map((error) => `${relativeKey(context.prefix, error.Key ?? '')}: ${error.Code}`));
          deleted += page.items.length - errors.length;
          emit({ type: 'progress', deleted, found });
        }
        if (failures.length > 0) {
          throw new StorageError(
            failures.some((failure) => failure.endsWith('AccessDenied')) ? 'AccessDenied' : 'ServiceError',
            `Deleted ${deleted} of ${found} objects under "${path}"; S3 refused ${failures.length}: ${failures.slice(0, 3).join(', ')}${failures.length > 3 ? ', …' : ''}.`,
          );
        }
        emit({ type: 'result', path, deleted });
        return { count: deleted };
      };
    });
  }

  /** The pages of a listing under `path`, relative to the call's level prefix. */
  private async *pages(
    context: CallContext,
    path: string,
    { pageSize, nextToken, delimiter }: { pageSize?: number; nextToken?: string; delimiter?: string },
  ): AsyncGenerator<{ items: ListItem[]; folders: string[]; nextToken?: string }> {
    let token = nextToken;
    do {
      const continuationToken = token;
      const page = await context.send<ListObjectsV2CommandOutput>(
        () =>
          new context.sdk.ListObjectsV2Command({
            Bucket: context.config.bucket,
            Prefix: objectKey(context.prefix, path),
            MaxKeys: pageSize ?? LIST_PAGE_LIMIT,
            ContinuationToken: continuationToken,
            Delimiter: delimiter,
          }),
        context.signal,
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      yield {
        items: (page.Contents ?? []).map((object) => ({
          key: relativeKey(context.prefix, object.Key ?? ''),
          size: object.Size ?? 0,
          eTag: object.ETag ?? '',
          lastModified: object.LastModified ?? new Date(0),
        })),
        folders: (page.CommonPrefixes ?? []).map((folder) => relativeKey(context.prefix, folder.Prefix ?? '')),
        nextToken: token,
      };
    } while (token !== undefined && pageSize === undefined);
  }

  private getUrl(key: string, options: GetUrlOptions): Observable<GetUrlResult> {
    return this.call<GetUrlResult>('get', key, options, false, (plan) => {
      const expires = options.expires === undefined ? DEFAULT_URL_EXPIRES_SECONDS : assertExpires(options.expires);
      return async (context, emit) => {
        const fullKey = objectKey(context.prefix, plan.key);
        if (options.validateObjectExistence) {
          await context.send(() => new context.sdk.HeadObjectCommand({ Bucket: context.config.bucket, Key: fullKey }), context.signal);
        }
        const now = Date.now();
        const seconds = effectiveUrlExpiry(expires, context.identity.credentials.expiration, now);
        const { config } = context;
        const url = presignGetUrl(
          { bucket: config.bucket, key: fullKey, region: config.region, endpoint: config.endpoint, forcePathStyle: config.forcePathStyle },
          context.identity.credentials,
          seconds,
          new Date(now),
        );
        emit({ url, expiresAt: new Date(now + seconds * 1000) });
        return undefined;
      };
    });
  }

  private download(key: string, options: DownloadOptions): Observable<DownloadEvent> {
    return this.queue.run(
      this.call<DownloadEvent>('download', key, options, false, (plan) => async (context, emit) => {
        const cancelOnCommand = options.control?.commands$.subscribe((command) => command === 'cancel' && context.cancel());
        try {
          const { body, output, size } = await downloadInRanges({
            sdk: context.sdk,
            send: context.send,
            bucket: context.config.bucket,
            key: objectKey(context.prefix, plan.key),
            options: this.transfers,
            signal: context.signal,
            control: options.control,
            onProgress: (loaded, total) => emit({ type: 'progress', loaded, total }),
          });
          emit({
            type: 'result',
            key: plan.key,
            body,
            contentType: output.ContentType,
            size,
            eTag: output.ETag,
            lastModified: output.LastModified,
            metadata: output.Metadata ?? {},
          });
          return size;
        } finally {
          cancelOnCommand?.unsubscribe();
        }
      }),
    );
  }

  /** A single PutObject, which a pause aborts and a resume sends again from the start. */
  private async putWhole(
    context: CallContext,
    fullKey: string,
    content: Blob | Uint8Array,
    objectParams: object,
    options: PutOptions,
    progress: (loaded: number) => void,
  ): Promise<{ eTag?: string }> {
    const runner = new PartRunner(context.signal, options.control);
    let eTag: string | undefined;
    try {
      await runner.run([1], 1, async (_, signal) => {
        progress(0);
        try {
          const output = await context.send<{ ETag?: string }>(
            () => new context.sdk.PutObjectCommand({ ...objectParams, Bucket: context.config.bucket, Key: fullKey, Body: content }),
            signal,
            (loaded) => progress(loaded),
          );
          eTag = output.ETag;
        } catch (error) {
          // The answer may be lost after S3 stored the body: a key holding exactly it is the result.
          eTag = await storedDespite(error, this.target(context, fullKey, signal), content);
          if (eTag === undefined) throw error;
        }
        // Small bodies report no progress of their own while under way.
        progress(content instanceof Blob ? content.size : content.byteLength);
      });
    } finally {
      runner.dispose();
    }
    return { eTag };
  }

  /**
   * A multipart upload. If it is cancelled or unsubscribed, the parts already stored are deleted
   * with AbortMultipartUpload (best effort: some servers lack it and S3 lifecycle rules clean up).
   */
  private async putInParts(
    context: CallContext,
    fullKey: string,
    blob: Blob,
    original: StorageBody,
    objectParams: object,
    options: PutOptions,
    progress: (loaded: number) => void,
  ): Promise<{ eTag?: string }> {
    const resumeId =
      original instanceof File
        ? resumableUploadId({ bucket: context.config.bucket, key: fullKey, identityId: context.identity.identityId, file: original })
        : undefined;
    const fingerprint = original instanceof File ? await fileFingerprint(original) : undefined;
    await (this.purge ??= this.purgeExpiredUploads(context));
    let uploadId: string | undefined;
    try {
      return await uploadInParts({
        sdk: context.sdk,
        send: context.send,
        bucket: context.config.bucket,
        key: fullKey,
        body: blob,
        objectParams,
        options: this.transfers,
        store: this.resumableUploads,
        resumeId,
        fingerprint,
        signal: context.signal,
        control: options.control,
        onProgress: progress,
        onStarted: (id) => (uploadId = id),
      });
    } catch (error) {
      if (context.signal.aborted) {
        if (resumeId) void this.resumableUploads.delete(resumeId);
        if (uploadId) void this.abortMultipart(context, fullKey, uploadId);
      }
      throw error;
    }
  }

  /**
   * Forgets resume records past `resumeExpiryMs` and deletes their parts (best effort) where the
   * current identity can: without this, a record nobody resumes would stay in IndexedDB for good.
   */
  private async purgeExpiredUploads(context: CallContext): Promise<void> {
    const expired = await this.resumableUploads.purgeExpired(this.transfers.resumeExpiryMs).catch(() => []);
    for (const upload of expired) {
      const target = uploadTarget(upload.id);
      const ours = target?.bucket === context.config.bucket && target.identityId === (context.identity.identityId ?? '');
      if (target && ours) void this.abortMultipart(context, target.key, upload.uploadId);
    }
  }

  /** What object-check needs to HEAD `fullKey` in this call. */
  private target(context: CallContext, fullKey: string, signal: AbortSignal): ObjectTarget {
    return { sdk: context.sdk, send: context.send, bucket: context.config.bucket, key: fullKey, signal };
  }

  private async abortMultipart(context: CallContext, fullKey: string, uploadId: string): Promise<void> {
    try {
      await context.send(
        () => new context.sdk.AbortMultipartUploadCommand({ Bucket: context.config.bucket, Key: fullKey, UploadId: uploadId }),
        new AbortController().signal,
      );
    } catch {
      // s3rver and some other S3-compatible servers lack AbortMultipartUpload; nothing else to do.
    }
  }

  /**
   * The shape of every call: `check` validates the input synchronously on subscribe (so bad
   * input never sends a request), then the returned step runs with credentials, client and an
   * AbortSignal that unsubscribing fires.
   */
  private call<T>(
    method: StorageMethod,
    key: string,
    options: ReadOptions,
    isPath: boolean,
    check: (plan: CallPlan) => (context: CallContext, emit: (value: T) => void) => Promise<CallAmount>,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      const started = performance.now();
      const abort = new AbortController();
      let plan: CallPlan | undefined;
      let reported = false;
      /** Set once the call has given its result (any value but a progress event): only its clean-up is left. */
      let resultSent = false;
      // One event per call, however it ends: success, failure, cancel, or unsubscribe mid-call.
      const report = (result: string, amount?: CallAmount) => {
        if (reported) return false;
        reported = true;
        if (plan?.track) {
          const measured = typeof amount === 'number' ? { size: amount } : amount;
          this.track({ method, result, level: plan.level, key: plan.key, ...measured, durationMs: performance.now() - started });
        }
        return true;
      };
      let step: (context: CallContext, emit: (value: T) => void) => Promise<CallAmount>;
      let config: StorageConfig;
      try {
        config = this.configStore.config();
        plan = this.plan(method, key, options, isPath, config);
        step = check(plan);
      } catch (error) {
        report(error instanceof StorageError ? error.code : 'Error');
        subscriber.error(error);
        return undefined;
      }
      const checkedPlan = plan;
      let cancelled = false;
      const cancel = () => {
        cancelled = true;
        abort.abort();
      };
      this.context(checkedPlan, config, abort.signal, cancel)
        .then((context) =>
          step(context, (value) => {
            if (!isProgressEvent(value)) resultSent = true;
            subscriber.next(value);
          }),
        )
        .then(
          (amount) => {
            if (report('success', amount)) subscriber.complete();
          },
          (error) => {
            if (cancelled) {
              if (report('Cancelled')) subscriber.error(new StorageError('Cancelled', `The transfer of ${describe(checkedPlan)} was cancelled.`));
              return;
            }
            // Unsubscribed: before the result, the teardown below reported a cancel; after it
            // (firstValueFrom, take(1)), the call did what it was asked.
            if (abort.signal.aborted) {
              if (resultSent) report('success');
              return;
            }
            const storageError = toStorageError(error, describe(checkedPlan), config.endpoint ?? `S3 in ${config.region}`);
            if (report(storageError.code)) subscriber.error(storageError);
          },
        );
      return () => {
        // Runs after completion and errors too, when the event is already out. Unsubscribing
        // before the result is a cancel; after it, success is reported once the call settles.
        if (!resultSent) report('Cancelled');
        abort.abort();
      };
    });
  }

  /** The key prefix of a call: its level, its owner (the caller unless `identityId` names another), its custom prefix. */
  private prefixFor(plan: CallPlan, config: StorageConfig, callerIdentityId: string | undefined): string {
    const owner = plan.level === 'public' ? undefined : (plan.options.identityId ?? callerIdentityId);
    return levelPrefix(plan.level, owner, { ...config.customPrefix, ...plan.options.customPrefix });
  }

  /** Sends a tracking event to `events$` and every sink; a failing sink never fails the call. */
  private track(event: StorageEvent): void {
    this.trackedEvents.next(event);
    for (const sink of this.sinks) {
      try {
        sink.record(event);
      } catch {
        // Tracking is a side channel: losing an event beats breaking the user's upload.
      }
    }
  }

  /** Validates the parts of a call that every method shares. */
  private plan(method: StorageMethod, key: string, options: ReadOptions, isPath: boolean, config: StorageConfig): CallPlan {
    const checkedKey = isPath ? assertPath(key) : assertKey(key);
    const level = options.level === undefined ? config.level : assertAccessLevel(options.level);
    if (options.customPrefix !== undefined) assertCustomPrefix(options.customPrefix);
    if (options.identityId !== undefined) assertIdentityId(options.identityId);
    return { method, key: checkedKey, level, options, track: options.track ?? config.track };
  }

  private async context(plan: CallPlan, config: StorageConfig, signal: AbortSignal, cancel: () => void): Promise<CallContext> {
    const [identity, sdk] = await Promise.all([this.credentials.getIdentity(), this.loadSdk()]);
    const prefix = this.prefixFor(plan, config, identity.identityId);
    if (signal.aborted) throw new Error('aborted');
    const session = { identity, client: this.clientFor(sdk, config, identity) };
    const send: SendCommand = (makeCommand, requestSignal, onProgress) =>
      this.sendWithRetries(session, sdk, config, makeCommand, requestSignal, onProgress);
    return { config, identity, sdk, prefix, signal, send, cancel };
  }

  /**
   * Sends a command, retrying network errors, 5xx and throttling with jittered back-off up to
   * the policy's attempts, and renewing expired credentials once. Other errors fail at once.
   */
  private async sendWithRetries<Output>(
    session: { identity: StorageIdentity; client: S3Client },
    sdk: S3Sdk,
    config: StorageConfig,
    makeCommand: () => object,
    signal: AbortSignal,
    onProgress?: (loaded: number, total: number | undefined) => void,
  ): Promise<Output> {
    const policy = this.transfers.retry;
    if (onProgress) this.transport.watch(signal, (progress) => onProgress(progress.loaded, progress.total));
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await session.client.send(makeCommand() as never, { abortSignal: signal })) as Output;
      } catch (error) {
        if (signal.aborted) throw error;
        const decision = classifyFailure(error);
        if (decision === 'renew-credentials' && !renewed) {
          renewed = true;
          const identity = await this.credentials.getIdentity({ forceRefresh: true });
          if (identity.identityId !== session.identity.identityId) {
            throw new StorageError('NoIdentity', 'The user changed while the call was under way; start it again.', { cause: error });
          }
          session.identity = identity;
          session.client = this.clientFor(sdk, config, identity);
          attempt--;
          continue;
        }
        if (decision !== 'retry' || attempt >= policy.maxAttempts) {
          throw Object.assign(error as object, { attempts: attempt });
        }
        await abortableDelay(retryDelay(attempt, policy, Math.random()), signal);
      }
    }
  }

  // The SDK is loaded on first use, so that apps do not pay for it in their initial bundle.
  private loadSdk(): Promise<S3Sdk> {
    this.sdk ??= import('@aws-sdk/client-s3');
    return this.sdk;
  }

  /**
   * One client per set of credentials and bucket settings: a user change gets a new client,
   * so nothing signed for one user is reused for the next.
   */
  private clientFor(sdk: S3Sdk, config: StorageConfig, identity: StorageIdentity): S3Client {
    const { accessKeyId, secretAccessKey, sessionToken } = identity.credentials;
    const id = JSON.stringify([accessKeyId, sessionToken, config.region, config.endpoint, config.forcePathStyle]);
    if (this.client?.id !== id) {
      this.client?.client.destroy();
      this.client = {
        id,
        client: new sdk.S3Client({
          region: config.region,
          endpoint: config.endpoint,
          forcePathStyle: config.forcePathStyle,
          // No expiration here: renewal is the provider's job, and a new client follows new credentials.
          credentials: { accessKeyId, secretAccessKey, sessionToken },
          requestHandler: this.transport,
          // The default CRC32 checksums fail on Blob bodies in browsers (aws-sdk-js-v3 #6834) and
          // would read every upload into memory; S3 does not require them.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          // Retries are the service's own (sendWithRetries), per part and per range.
          maxAttempts: 1,
        }),
      };
    }
    return this.client.client;
  }
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** True for the progress events of transfers and prefix deletes, which come before a call's result. */
function isProgressEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'progress';
}

/** A key as a CopySource wants it: each segment URL-encoded, the slashes kept. */
function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function describe(plan: CallPlan): string {
  return plan.subject ?? `${plan.level} ${plan.method === 'list' ? 'path' : 'key'} "${plan.key}"`;
}

