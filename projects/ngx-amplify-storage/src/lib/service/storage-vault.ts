import { Observable } from 'rxjs';
import type { StorageService } from './storage.service';
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

/** Options of a vault call: those of the service's call, less the level (always `private`). */
export type VaultOptions<Options> = Omit<Options, 'level'>;

/** One end of a vault copy: a key of the current user's private files. */
export type VaultCopyEnd = Omit<CopyEnd, 'level' | 'identityId'>;

/**
 * The StorageService API fixed to the `private` level, like Amplify's `Storage.vault`: every
 * operation of the service (a spec fails if the service gains one the vault lacks), except
 * `configure`, which sets the whole app's configuration rather than making a call.
 */
export class StorageVault {
  constructor(private readonly storage: StorageService) {}

  /** The identity ID of the current user, the owner of the vault's files. */
  identityId(): Observable<string | undefined> {
    return this.storage.identityId();
  }

  /** Uploads to the current user's private files. */
  put(
    key: string,
    body: StorageBody,
    options: VaultOptions<PutOptions> = {},
  ): Observable<PutEvent> {
    return this.storage.put(key, body, { ...options, level: 'private' });
  }

  /** A presigned URL of one of the current user's private files. */
  get(key: string, options?: VaultOptions<GetUrlOptions>): Observable<GetUrlResult>;
  /** Downloads one of the current user's private files. */
  get(key: string, options: VaultOptions<DownloadOptions>): Observable<DownloadEvent>;
  get(
    key: string,
    options: VaultOptions<GetUrlOptions> | VaultOptions<DownloadOptions> = {},
  ): Observable<GetUrlResult | DownloadEvent> {
    return options.download
      ? this.storage.get(key, { ...options, level: 'private' })
      : this.storage.get(key, { ...options, level: 'private' });
  }

  /** Lists the current user's private files under `path`. */
  list(path: string, options: VaultOptions<ListOptions> = {}): Observable<ListResult> {
    return this.storage.list(path, { ...options, level: 'private' });
  }

  /** Deletes one of the current user's private files. */
  remove(key: string, options?: VaultOptions<RemoveOptions>): Observable<RemoveResult>;
  /** Deletes every private file of the current user under the folder `path`. */
  remove(path: string, options: VaultOptions<RemovePrefixOptions>): Observable<RemovePrefixEvent>;
  remove(
    key: string,
    options: VaultOptions<RemoveOptions> | VaultOptions<RemovePrefixOptions> = {},
  ): Observable<RemoveResult | RemovePrefixEvent> {
    return options.prefix
      ? this.storage.remove(key, { ...options, level: 'private' })
      : this.storage.remove(key, { ...options, level: 'private' });
  }

  /** Copies one of the current user's private files to another private key. */
  copy(
    from: VaultCopyEnd,
    to: VaultCopyEnd,
    options: CopyOptions = {},
  ): Observable<{ key: string }> {
    return this.storage.copy({ ...from, level: 'private' }, { ...to, level: 'private' }, options);
  }

  /** The properties of one of the current user's private files. */
  getProperties(
    key: string,
    options: VaultOptions<Omit<ReadOptions, 'identityId'>> = {},
  ): Observable<ObjectProperties> {
    return this.storage.getProperties(key, { ...options, level: 'private' });
  }

  /** Replaces the user metadata of one of the current user's private files. */
  updateMetadata(
    key: string,
    metadata: Record<string, string>,
    options: VaultOptions<LevelOptions> = {},
  ): Observable<ObjectProperties> {
    return this.storage.updateMetadata(key, metadata, { ...options, level: 'private' });
  }
}
