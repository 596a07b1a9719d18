import { Injectable, Injector, Signal, inject, runInInjectionContext, signal } from '@angular/core';
import { Observable } from 'rxjs';
import { AmplifyStorageConfig, StorageConfig } from '../config/storage-config';
import { StorageConfigStore } from '../config/storage-config-store';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { STORAGE_CREDENTIALS_PROVIDER } from '../credentials/credentials-provider';
import { toStorageError } from '../errors/to-storage-error';
import { StorageEvent } from '../tracking/storage-event';
import type { StorageKit } from './operations/storage-kit';
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
import { onFirstUse } from './on-first-use';

/** The lazy module of the service (storage-engine.ts): its operations and its kit's factory. */
type StorageEngine = typeof import('./storage-engine');

/** Runs a call on the engine, loaded once for the whole app on the first call. */
const withEngine = onFirstUse<StorageEngine>(() => import('./storage-engine'));

/**
 * User file storage on S3 at the public, protected and private levels. Every method returns a
 * cold Observable: nothing is sent until subscribe, and unsubscribing aborts the request in flight.
 * Every request takes a turn in the app-wide RequestLimiter (6 per host by default), shared
 * round-robin between calls; uploads and downloads also pass the TransferQueue, uncapped unless
 * the app sets withMaxConcurrentTransfers.
 *
 * A facade: the call template (call-template.ts) gives every call its Observable, tracking and
 * errors, the S3 session (s3-session.ts) its client, retries and credentials, and each operation
 * lives in its own file under operations/. All of that is loaded with import() on the first
 * call (storage-engine.ts), so an app pays for it in its initial bundle only with this facade.
 */
@Injectable({ providedIn: 'root' })
export class StorageService {
  private readonly configStore = inject(StorageConfigStore);
  private readonly credentials =
    inject(STORAGE_CREDENTIALS_PROVIDER, { optional: true }) ?? inject(CognitoCredentials);
  private readonly injector = inject(Injector);
  private kit: StorageKit | undefined;

  /** Tracking events of calls made with `track` on (they also reach the sinks of `withTracking()`). */
  readonly events$: Observable<StorageEvent> = this.#withEngine((_, kit) => kit.calls.events$);

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
    return this.#withEngine((engine, kit) => engine.put(kit, key, body, options));
  }

  /** A presigned GET URL for `key`, or with `download: true` the object itself, with progress. */
  get(key: string, options?: GetUrlOptions): Observable<GetUrlResult>;
  /** Downloads `key`; emits `queued`, `started`, download progress, then the body and metadata. */
  get(key: string, options: DownloadOptions): Observable<DownloadEvent>;
  get(
    key: string,
    options: GetUrlOptions | DownloadOptions = {},
  ): Observable<GetUrlResult | DownloadEvent> {
    return this.#withEngine<GetUrlResult | DownloadEvent>((engine, kit) =>
      options.download
        ? engine.download(kit, key, options)
        : engine.getUrl(kit.calls, key, options),
    );
  }

  /**
   * Lists the objects under `path` (keys relative to the level's prefix). With `pageSize`, one page
   * and a `nextToken`; without it, every page, however many objects there are. With `eachPage`,
   * every page, each emitted as it arrives. With `subpaths: false`, keys in deeper folders are
   * folded into `folders`.
   */
  list(path: string, options: ListOptions = {}): Observable<ListResult> {
    return this.#withEngine((engine, kit) => engine.list(kit.calls, path, options));
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
    return this.#withEngine<RemoveResult | RemovePrefixEvent>((engine, kit) =>
      options.prefix
        ? engine.removePrefix(kit.calls, key, options)
        : engine.removeKey(kit.calls, key, options),
    );
  }

  /** Copies an object, within a level or across levels (as far as the caller's policy allows). */
  copy(from: CopyEnd, to: CopyEnd, options: CopyOptions = {}): Observable<{ key: string }> {
    return this.#withEngine((engine, kit) => engine.copy(kit.calls, from, to, options));
  }

  /** The object's size, content type, metadata, ETag and last-modified time, without its content. */
  getProperties(key: string, options: ReadOptions = {}): Observable<ObjectProperties> {
    return this.#withEngine((engine, kit) => engine.getProperties(kit.calls, key, options));
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
    return this.#withEngine((engine, kit) =>
      engine.updateMetadata(kit.calls, key, metadata, options),
    );
  }

  /**
   * `call` with the engine and this service's kit: at once when the engine is loaded, so that
   * calls stay synchronous on subscribe as before; the first call waits for the chunk. A plain
   * Observable rather than defer/from/switchMap, which would add rxjs's interop code (about 5 kB)
   * to the initial bundle.
   */
  #withEngine<T>(call: (engine: StorageEngine, kit: StorageKit) => Observable<T>): Observable<T> {
    return withEngine((engine) => call(engine, this.#kitOf(engine)));
  }

  #kitOf(engine: StorageEngine): StorageKit {
    this.kit ??= runInInjectionContext(this.injector, () =>
      engine.createKit(this.configStore, this.credentials),
    );
    return this.kit;
  }
}
