import { Injectable, inject } from '@angular/core';
import type { S3Client } from '@aws-sdk/client-s3';
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
import { TransferProgress, XhrTransport } from '../transport/xhr-transport';
import { TransferQueue } from '../upload/transfer-queue';
import { toStorageError } from './errors';
import { assertBody, assertPutOptions, bodySize, contentTypeOf } from './put-body';
import { StorageEvent, StorageMethod } from './storage-event';
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
  RemoveOptions,
  RemoveResult,
  StorageBody,
} from './storage-types';
import { StorageVault } from './storage-vault';

type S3Sdk = typeof import('@aws-sdk/client-s3');

/** Everything a call needs once its input is checked and the user is known. */
interface CallContext {
  config: StorageConfig;
  identity: StorageIdentity;
  client: S3Client;
  sdk: S3Sdk;
  /** The level's key prefix, identity included. */
  prefix: string;
  signal: AbortSignal;
}

/** A call's checked input, worked out before anything is sent. */
interface CallPlan {
  method: StorageMethod;
  key: string;
  level: AccessLevel;
  options: ReadOptions;
  track: boolean;
}

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
  private readonly transport = new XhrTransport();
  private readonly queue = inject(TransferQueue);
  private readonly trackedEvents = new Subject<StorageEvent>();
  private sdk: Promise<S3Sdk> | undefined;
  private client: { id: string; client: S3Client } | undefined;

  /** Tracking events of calls made with `track` on. */
  readonly events$: Observable<StorageEvent> = this.trackedEvents.asObservable();

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

  /** Uploads `body` to `key`; emits upload progress, then `{ type: 'result', key }`. */
  put(key: string, body: StorageBody, options: PutOptions = {}): Observable<PutEvent> {
    return this.queue.run(this.call<PutEvent>('put', key, options, false, (plan) => {
      const content = assertBody(body);
      assertPutOptions(options);
      return async (context, emit) => {
        const { PutObjectCommand } = context.sdk;
        this.transport.watch(context.signal, (progress) => emitProgress(progress, 'upload', emit));
        const output = await context.client.send(
          new PutObjectCommand({
            Bucket: context.config.bucket,
            Key: objectKey(context.prefix, plan.key),
            Body: content,
            ContentType: contentTypeOf(body, options.contentType),
            ContentDisposition: options.contentDisposition,
            CacheControl: options.cacheControl,
            Expires: options.expires,
            Metadata: options.metadata,
          }),
          { abortSignal: context.signal },
        );
        emit({ type: 'result', key: plan.key, eTag: output.ETag });
        return bodySize(content);
      };
    }));
  }

  /** A presigned GET URL for `key`, or with `download: true` the object itself, with progress. */
  get(key: string, options?: GetUrlOptions): Observable<GetUrlResult>;
  /** Downloads `key`; emits download progress, then the body and metadata. */
  get(key: string, options: DownloadOptions): Observable<DownloadEvent>;
  get(key: string, options: GetUrlOptions | DownloadOptions = {}): Observable<GetUrlResult | DownloadEvent> {
    return options.download ? this.download(key, options) : this.getUrl(key, options);
  }

  /** Deletes `key`. Deleting a key that does not exist succeeds, as in S3. */
  remove(key: string, options: RemoveOptions = {}): Observable<RemoveResult> {
    return this.call<RemoveResult>('remove', key, options, false, (plan) => async (context, emit) => {
      await context.client.send(
        new context.sdk.DeleteObjectCommand({ Bucket: context.config.bucket, Key: objectKey(context.prefix, plan.key) }),
        { abortSignal: context.signal },
      );
      emit({ key: plan.key });
      return undefined;
    });
  }

  /**
   * Lists the objects under `path` (keys relative to the level's prefix). With `pageSize`, one page
   * and a `nextToken`; without it, every page, however many objects there are.
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
        let token = nextToken;
        do {
          const page = await context.client.send(
            new context.sdk.ListObjectsV2Command({
              Bucket: context.config.bucket,
              Prefix: objectKey(context.prefix, path),
              MaxKeys: pageSize ?? LIST_PAGE_LIMIT,
              ContinuationToken: token,
            }),
            { abortSignal: context.signal },
          );
          for (const object of page.Contents ?? []) {
            items.push({
              key: relativeKey(context.prefix, object.Key ?? ''),
              size: object.Size ?? 0,
              eTag: object.ETag ?? '',
              lastModified: object.LastModified ?? new Date(0),
            });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token !== undefined && pageSize === undefined);
        emit({ items, nextToken: token });
        return undefined;
      };
    });
  }

  private getUrl(key: string, options: GetUrlOptions): Observable<GetUrlResult> {
    return this.call<GetUrlResult>('get', key, options, false, (plan) => {
      const expires = options.expires === undefined ? DEFAULT_URL_EXPIRES_SECONDS : assertExpires(options.expires);
      return async (context, emit) => {
        const fullKey = objectKey(context.prefix, plan.key);
        if (options.validateObjectExistence) {
          await context.client.send(new context.sdk.HeadObjectCommand({ Bucket: context.config.bucket, Key: fullKey }), {
            abortSignal: context.signal,
          });
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
    return this.queue.run(this.call<DownloadEvent>('download', key, options, false, (plan) => async (context, emit) => {
      this.transport.watch(context.signal, (progress) => emitProgress(progress, 'download', emit));
      const output = await context.client.send(
        new context.sdk.GetObjectCommand({ Bucket: context.config.bucket, Key: objectKey(context.prefix, plan.key) }),
        { abortSignal: context.signal },
      );
      const body = output.Body as unknown as Blob;
      emit({
        type: 'result',
        key: plan.key,
        body,
        contentType: output.ContentType,
        size: output.ContentLength ?? body.size,
        eTag: output.ETag,
        lastModified: output.LastModified,
        metadata: output.Metadata ?? {},
      });
      return body.size;
    }));
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
    check: (plan: CallPlan) => (context: CallContext, emit: (value: T) => void) => Promise<number | undefined>,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      const started = performance.now();
      const abort = new AbortController();
      let plan: CallPlan | undefined;
      const report = (result: string, size?: number) => {
        if (plan?.track) {
          this.trackedEvents.next({ method, result, level: plan.level, key: plan.key, size, durationMs: performance.now() - started });
        }
      };
      let step: (context: CallContext, emit: (value: T) => void) => Promise<number | undefined>;
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
      this.context(checkedPlan, config, abort.signal)
        .then((context) => step(context, (value) => subscriber.next(value)))
        .then(
          (size) => {
            report('success', size);
            subscriber.complete();
          },
          (error) => {
            if (abort.signal.aborted) return;
            const storageError = toStorageError(error, describe(checkedPlan), config.endpoint ?? `S3 in ${config.region}`);
            report(storageError.code);
            subscriber.error(storageError);
          },
        );
      return () => abort.abort();
    });
  }

  /** Validates the parts of a call that every method shares. */
  private plan(method: StorageMethod, key: string, options: ReadOptions, isPath: boolean, config: StorageConfig): CallPlan {
    const checkedKey = isPath ? assertPath(key) : assertKey(key);
    const level = options.level === undefined ? config.level : assertAccessLevel(options.level);
    if (options.customPrefix !== undefined) assertCustomPrefix(options.customPrefix);
    if (options.identityId !== undefined) assertIdentityId(options.identityId);
    return { method, key: checkedKey, level, options, track: options.track ?? config.track };
  }

  private async context(plan: CallPlan, config: StorageConfig, signal: AbortSignal): Promise<CallContext> {
    const [identity, sdk] = await Promise.all([this.credentials.getIdentity(), this.loadSdk()]);
    const owner = plan.level === 'public' ? undefined : (plan.options.identityId ?? identity.identityId);
    const prefix = levelPrefix(plan.level, owner, { ...config.customPrefix, ...plan.options.customPrefix });
    if (signal.aborted) throw new Error('aborted');
    return { config, identity, sdk, prefix, signal, client: this.clientFor(sdk, config, identity) };
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
          maxAttempts: 4,
        }),
      };
    }
    return this.client.client;
  }
}

function emitProgress<T>(progress: TransferProgress, direction: TransferProgress['direction'], emit: (value: T) => void): void {
  if (progress.direction === direction) {
    emit({ type: 'progress', loaded: progress.loaded, total: progress.total } as T);
  }
}

function describe(plan: CallPlan): string {
  return `${plan.level} ${plan.method === 'list' ? 'path' : 'key'} "${plan.key}"`;
}

