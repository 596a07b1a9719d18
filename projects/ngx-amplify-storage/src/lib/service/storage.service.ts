import { Injectable, Signal, inject, signal } from '@angular/core';
import { Observable } from 'rxjs';
import { AmplifyStorageConfig, StorageConfig } from '../config/storage-config';
import { StorageConfigStore } from '../config/storage-config-store';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { STORAGE_CREDENTIALS_PROVIDER } from '../credentials/credentials-provider';
import { toStorageError } from '../errors/to-storage-error';
import { STORAGE_EVENT_SINKS } from '../tracking/event-sink';
import { StorageEvent } from '../tracking/storage-event';
import { RESUMABLE_UPLOAD_STORE } from '../transfer/resumable-upload-store';
import { TRANSFER_OPTIONS } from '../transfer/transfer-options';
import { RequestLimiter } from '../transfer/request-limiter';
import { TransferQueue } from '../transfer/transfer-queue';
import { STORAGE_TRANSPORT } from '../transport/storage-transport';
import { CallTemplate } from './call-template';
import { copy } from './operations/copy';
import { download } from './operations/download';
import { getProperties } from './operations/get-properties';
import { getUrl } from './operations/get-url';
import { list } from './operations/list';
import { put } from './operations/put';
import { MultipartUploads } from './operations/put-in-parts';
import { removeKey } from './operations/remove';
import { removePrefix } from './operations/remove-prefix';
import { StorageKit } from './operations/storage-kit';
import { updateMetadata } from './operations/update-metadata';
import { S3Session } from './s3-session';
import {
  CopyEnd,
  CopyOptions,
  DownloadEvent,
  DownloadOptions,
  GetUrlOptions,
  GetUrlResult,
  LevelOptions,
  ListOptions,
  ListResult,
  ObjectProperties,
  PutEvent,
  PutOptions,
  ReadOptions,
  RemoveOptions,
  RemovePrefixEvent,
  RemovePrefixOptions,
  RemoveResult,
  StorageBody,
} from './storage-types';
import { StorageVault } from './storage-vault';

/**
 * User file storage on S3 at the public, protected and private levels. Every method returns a
 * cold Observable: nothing is sent until subscribe, and unsubscribing aborts the request in flight.
 * Every request takes a turn in the app-wide RequestLimiter (6 per host by default), shared
 * round-robin between calls; uploads and downloads also pass the TransferQueue, uncapped unless
 * the app sets withMaxConcurrentTransfers.
 *
 * A facade: the call template (call-template.ts) gives every call its Observable, tracking and
 * errors, the S3 session (s3-session.ts) its client, retries and credentials, and each operation
 * lives in its own file under operations/.
 */
@Injectable({ providedIn: 'root' })
export class StorageService {
  private readonly configStore = inject(StorageConfigStore);
  private readonly credentials =
    inject(STORAGE_CREDENTIALS_PROVIDER, { optional: true }) ?? inject(CognitoCredentials);
  private readonly kit: StorageKit = (() => {
    const transfers = inject(TRANSFER_OPTIONS);
    const session = new S3Session(
      this.credentials,
      inject(STORAGE_TRANSPORT),
      transfers,
      inject(RequestLimiter),
    );
    return {
      calls: new CallTemplate(this.configStore, session, inject(STORAGE_EVENT_SINKS)),
      queue: inject(TransferQueue),
      transfers,
      multipart: new MultipartUploads(inject(RESUMABLE_UPLOAD_STORE), transfers),
    };
  })();

  /** Tracking events of calls made with `track` on (they also reach the sinks of `withTracking()`). */
  readonly events$: Observable<StorageEvent> = this.kit.calls.events$;

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
   * Uploads `body` to `key`; emits `queued` and `started` (its place in the transfer queue),
   * upload progress, then `{ type: 'result', key }`. Bodies above the multipart threshold go in
   * parts, and a File picked again for the same key after a reload resumes. Pass a
   * TransferControl as `control` to pause, resume or cancel.
   */
  put(key: string, body: StorageBody, options: PutOptions = {}): Observable<PutEvent> {
    return put(this.kit, key, body, options);
  }

  /** A presigned GET URL for `key`, or with `download: true` the object itself, with progress. */
  get(key: string, options?: GetUrlOptions): Observable<GetUrlResult>;
  /** Downloads `key`; emits `queued`, `started`, download progress, then the body and metadata. */
  get(key: string, options: DownloadOptions): Observable<DownloadEvent>;
  get(
    key: string,
    options: GetUrlOptions | DownloadOptions = {},
  ): Observable<GetUrlResult | DownloadEvent> {
    return options.download
      ? download(this.kit, key, options)
      : getUrl(this.kit.calls, key, options);
  }

  /**
   * Lists the objects under `path` (keys relative to the level's prefix). With `pageSize`, one page
   * and a `nextToken`; without it, every page, however many objects there are. With
   * `subpaths: false`, keys in deeper folders are folded into `folders`.
   */
  list(path: string, options: ListOptions = {}): Observable<ListResult> {
    return list(this.kit.calls, path, options);
  }

  /** Deletes `key`. Deleting a key that does not exist succeeds, as in S3. */
  remove(key: string, options?: RemoveOptions): Observable<RemoveResult>;
  /**
   * Deletes every object under the folder `path`, in batches of 1000, emitting progress; nothing
   * outside the folder is touched, since `path` must end in '/' (or be '' for the whole level).
   */
  remove(path: string, options: RemovePrefixOptions): Observable<RemovePrefixEvent>;
  remove(
    key: string,
    options: RemoveOptions | RemovePrefixOptions = {},
  ): Observable<RemoveResult | RemovePrefixEvent> {
    return options.prefix
      ? removePrefix(this.kit.calls, key, options)
      : removeKey(this.kit.calls, key, options);
  }

  /** Copies an object, within a level or across levels (as far as the caller's policy allows). */
  copy(from: CopyEnd, to: CopyEnd, options: CopyOptions = {}): Observable<{ key: string }> {
    return copy(this.kit.calls, from, to, options);
  }

  /** The object's size, content type, metadata, ETag and last-modified time, without its content. */
  getProperties(key: string, options: ReadOptions = {}): Observable<ObjectProperties> {
    return getProperties(this.kit.calls, key, options);
  }

  /**
   * Replaces an object's user metadata, keeping its content and headers: S3 has no metadata-only
   * update, so the object is copied onto itself with the new metadata. Names left out are gone,
   * including any that CORS hid from `getProperties`.
   */
  updateMetadata(
    key: string,
    metadata: Record<string, string>,
    options: LevelOptions = {},
  ): Observable<ObjectProperties> {
    return updateMetadata(this.kit.calls, key, metadata, options);
  }
}
