import { signal } from '@angular/core';
import { EMPTY, Observable, tap } from 'rxjs';
import { recover } from '../observables/plain-operators';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { ListResult } from '../service/storage-types';
import { DisplayError, displayErrorOf } from '../display/display-error';
import { StorageIntl } from '../i18n/storage-intl';
import { mergeFolders } from './album-folder';
import { AlbumItem, mergeListing, toAlbumItem } from './album-item';
import { AlbumUploads } from './album-uploads';

/** Where an album's listing stands. */
export type AlbumListStatus = 'loading' | 'more' | 'done' | 'error';

/** The status line: a count once listed, so that screen readers are not told of every page. */
export function listingStatusText(
  status: AlbumListStatus,
  files: number,
  folders: number,
  intl: StorageIntl,
): string {
  switch (status) {
    case 'loading':
    case 'more':
      return intl.loadingFiles;
    case 'error':
      return '';
    case 'done':
      return intl.fileCount(files, folders);
  }
}

/** Everything a listing depends on: a change to any of it lists again. */
export interface AlbumQuery {
  /** The folder listed: `path`, or the folder opened under it when browsing folders. */
  path: string;
  /** Lists one folder at a time (S3's delimiter), with its sub-folders. */
  folders: boolean;
  level: AccessLevel | undefined;
  identityId: string | undefined;
  track: boolean | undefined;
  pageSize: number;
  /** The signed-in user, only so that a change of user lists again. */
  user: unknown;
}

/**
 * An album's listing: every page of a folder, merged into the items (and sub-folders) shown as it
 * arrives, plus the files the album's own picker stored, which a listing under way must not drop.
 */
export class AlbumListing {
  /** Every item listed so far, in the order S3 lists them. */
  readonly entries = signal<readonly AlbumItem[]>([]);
  /** The sub-folders listed so far, when browsing folders. */
  readonly folderKeys = signal<readonly string[]>([]);
  /** Where the listing stands. */
  readonly status = signal<AlbumListStatus>('loading');
  /** Why the listing failed, when it did. */
  readonly error = signal<DisplayError | undefined>(undefined);

  /** The files this album's own picker stored during the listing under way. */
  private readonly uploads: AlbumUploads;
  private listedQuery = '';

  constructor(private readonly storage: StorageService) {
    this.uploads = new AlbumUploads(storage, this);
  }

  /**
   * Lists every page of `query` on subscribe. Returns true in `fresh` when the query differs from
   * the last one, whose items have then been cleared: nothing of another folder may show.
   */
  start(query: AlbumQuery): { fresh: boolean; pages: Observable<ListResult> } {
    const id = JSON.stringify(query);
    const fresh = id !== this.listedQuery;
    if (fresh) {
      this.listedQuery = id;
      this.entries.set([]);
      this.folderKeys.set([]);
    }
    this.uploads.reset();
    this.status.set(
      this.entries().length === 0 && this.folderKeys().length === 0 ? 'loading' : 'more',
    );
    this.error.set(undefined);
    return { fresh, pages: this.pages(query) };
  }

  /**
   * Takes in a key the album's picker stored: a sub-folder it created shows at once. Returns true
   * when the file itself belongs in the folder listed, to be read back with `readBack`.
   */
  acceptUpload(key: string, query: AlbumQuery): boolean {
    return this.uploads.accept(key, query);
  }

  /** Lists `key` alone and shows it with what the listing says about it; never fails. */
  readBack(key: string, query: AlbumQuery): Observable<void> {
    return this.uploads.readBack(key, query);
  }

  /** Every page of `query`, each merged into the items shown as it arrives. */
  private pages(query: AlbumQuery): Observable<ListResult> {
    const { path, folders, level, identityId, track, pageSize } = query;
    const listed: AlbumItem[] = [];
    const listedFolders: string[] = [];
    const subpaths = folders ? false : undefined;
    // One call that emits each page as it arrives: the first page shows while the rest are fetched.
    const options = { level, identityId, track, pageSize, subpaths, eachPage: true };
    return this.storage.list(path, options).pipe(
      tap((result) => {
        for (const item of result.items) listed.push(toAlbumItem(item));
        listedFolders.push(...(result.folders ?? []));
        const complete = result.nextToken === undefined;
        this.entries.set(mergeListing(listed, this.entries(), complete, this.uploads.keys));
        if (folders) {
          this.folderKeys.set(
            mergeFolders(listedFolders, this.folderKeys(), complete, this.uploads.folders),
          );
        }
        this.status.set(complete ? 'done' : 'more');
      }),
      recover((error: unknown) => {
        this.status.set('error');
        // '' names the album at the root of its level (StorageIntl.thisAlbum).
        this.error.set(displayErrorOf(error, path));
        return EMPTY;
      }),
    );
  }
}
