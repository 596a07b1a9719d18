import { Observable } from 'rxjs';
import type { StorageService } from './storage.service';
import {
  DownloadEvent,
  DownloadOptions,
  GetUrlOptions,
  GetUrlResult,
  ListOptions,
  ListResult,
  PutEvent,
  PutOptions,
  RemoveOptions,
  RemoveResult,
  StorageBody,
} from './storage-types';

/** The StorageService API fixed to the `private` level, like Amplify's `Storage.vault`. */
export class StorageVault {
  constructor(private readonly storage: StorageService) {}

  /** Uploads to the current user's private files. */
  put(
    key: string,
    body: StorageBody,
    options: Omit<PutOptions, 'level'> = {},
  ): Observable<PutEvent> {
    return this.storage.put(key, body, { ...options, level: 'private' });
  }

  /** A presigned URL of one of the current user's private files. */
  get(key: string, options?: Omit<GetUrlOptions, 'level'>): Observable<GetUrlResult>;
  /** Downloads one of the current user's private files. */
  get(key: string, options: Omit<DownloadOptions, 'level'>): Observable<DownloadEvent>;
  get(
    key: string,
    options: Omit<GetUrlOptions, 'level'> | Omit<DownloadOptions, 'level'> = {},
  ): Observable<GetUrlResult | DownloadEvent> {
    return options.download
      ? this.storage.get(key, { ...options, level: 'private' })
      : this.storage.get(key, { ...options, level: 'private' });
  }

  /** Deletes one of the current user's private files. */
  remove(key: string, options: Omit<RemoveOptions, 'level'> = {}): Observable<RemoveResult> {
    return this.storage.remove(key, { ...options, level: 'private' });
  }

  /** Lists the current user's private files under `path`. */
  list(path: string, options: Omit<ListOptions, 'level'> = {}): Observable<ListResult> {
    return this.storage.list(path, { ...options, level: 'private' });
  }
}
