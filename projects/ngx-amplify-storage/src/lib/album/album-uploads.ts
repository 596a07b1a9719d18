import { WritableSignal } from '@angular/core';
import { EMPTY, Observable, map } from 'rxjs';
import { recover } from '../observables/plain-operators';
import { StorageService } from '../service/storage.service';
import { mergeFolders, placeOfKey } from './album-folder';
import { AlbumItem, toAlbumItem, upsertByKey } from './album-item';
import type { AlbumQuery } from './album-listing';

/** What an album shows, which its own uploads add to. */
export interface AlbumShown {
  /** Every item listed so far. */
  entries: WritableSignal<readonly AlbumItem[]>;
  /** The sub-folders listed so far, when browsing folders. */
  folderKeys: WritableSignal<readonly string[]>;
}

/**
 * The files an album's own picker stored during the listing under way: shown at once (read back
 * with a one-key listing), and kept by the listing's merge even when its pages missed them.
 */
export class AlbumUploads {
  /** Keys added by the album's uploads since the listing started. */
  keys = new Set<string>();
  /** Sub-folders created by the album's uploads since the listing started. */
  folders = new Set<string>();

  constructor(
    private readonly storage: StorageService,
    private readonly shown: AlbumShown,
  ) {}

  /** Forgets the uploads, for a new listing: its pages will have them. */
  reset(): void {
    this.keys = new Set();
    this.folders = new Set();
  }

  /**
   * Takes in a key the album's picker stored: a sub-folder it created shows at once. Returns true
   * when the file itself belongs in the folder listed, to be read back with `readBack`.
   */
  accept(key: string, query: AlbumQuery): boolean {
    const place = query.folders
      ? placeOfKey(query.path, key)
      : { place: key.startsWith(query.path) ? ('file' as const) : ('elsewhere' as const) };
    if (place.place !== 'folder') return place.place === 'file';
    // Stored in a sub-folder (by `fileToKey`): that folder now exists, whatever the listing says.
    this.folders.add(place.folder);
    this.shown.folderKeys.update((keys) => mergeFolders(keys, [], true, new Set([place.folder])));
    return false;
  }

  /** Lists `key` alone and shows it with what the listing says about it; never fails. */
  readBack(key: string, query: AlbumQuery): Observable<void> {
    const { level, identityId, track } = query;
    return this.storage.list(key, { level, identityId, track, pageSize: 1 }).pipe(
      map((result) => {
        // A prefix listing starts with the key itself, when it exists.
        const listed = result.items.find((item) => item.key === key);
        if (!listed) return;
        this.keys.add(listed.key);
        this.shown.entries.update((entries) => upsertByKey(entries, toAlbumItem(listed)));
      }),
      // The upload itself succeeded; a later refresh will show the file.
      recover(() => EMPTY),
    );
  }
}
