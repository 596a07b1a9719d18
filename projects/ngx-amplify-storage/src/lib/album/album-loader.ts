import { Signal, computed, effect, signal, untracked } from '@angular/core';
import { EMPTY, Observable, tap } from 'rxjs';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { AlbumListing, AlbumQuery } from './album-listing';
import { AlbumUrlCache } from './album-url-cache';
import { renderedInBrowser } from '../ssr/in-browser';

/** The album inputs that say what to list and how to sign its URLs. */
export interface AlbumLoaderInputs {
  /** The folder listed: `path`, or the folder opened under it. */
  folder: Signal<string>;
  folders: Signal<boolean>;
  level: Signal<AccessLevel | undefined>;
  identityId: Signal<string | undefined>;
  track: Signal<boolean | undefined>;
  pageSize: Signal<number>;
  expires: Signal<number | undefined>;
}

/** What the album does when a listing starts afresh and when one settles. */
export interface AlbumLoaderHooks {
  /** Another album or folder is listed: nothing of the previous one may show. */
  fresh(): void;
  /** The listing ended, `listed` when it succeeded. */
  settled(listed: boolean): void;
}

/**
 * Keeps an album listed: lists again whenever what it shows changes (folder, level, owner, user,
 * page size) or on `refresh()`, and keeps its URL cache to the owner and validity in force.
 * Create it in an injection context: it runs effects.
 */
export class AlbumLoader {
  /** The items and folders listed, and where the listing stands. */
  readonly listing: AlbumListing;
  /** The tiles' URLs and previews. */
  readonly cache: AlbumUrlCache;
  /** Everything the listing depends on. */
  readonly query: Signal<AlbumQuery>;
  private readonly reloads = signal(0);
  // Listing starts in the browser only: a server render shows the loading placeholder.
  private readonly inBrowser = renderedInBrowser();

  constructor(
    storage: StorageService,
    inputs: AlbumLoaderInputs,
    private readonly hooks: AlbumLoaderHooks,
  ) {
    this.listing = new AlbumListing(storage);
    this.query = computed<AlbumQuery>(() => ({
      path: inputs.folder(),
      folders: inputs.folders(),
      level: inputs.level(),
      identityId: inputs.identityId(),
      track: inputs.track(),
      pageSize: inputs.pageSize(),
      // A new user sees their own files, with URLs signed with their own credentials.
      user: storage.userChanges(),
    }));
    this.cache = new AlbumUrlCache(storage, () => {
      const { level, identityId, track } = untracked(this.query);
      return { level, identityId, track, expires: untracked(inputs.expires) };
    });

    // A new validity applies to the next URLs; those shown are renewed on their own schedule.
    effect(() => {
      inputs.expires();
      storage.userChanges();
      this.cache.clearUrls();
    });

    effect((onCleanup) => {
      const query = this.query();
      this.reloads();
      if (!this.inBrowser()) return;
      untracked(() => {
        const subscription = this.list(query).subscribe();
        onCleanup(() => subscription.unsubscribe());
      });
    });
  }

  /** Lists again, keeping what is shown until each page replaces it. */
  refresh(): void {
    this.reloads.update((count) => count + 1);
  }

  /** Shows a file the album's picker stored at once, with what a listing says about it; never fails. */
  showUpload(key: string): Observable<void> {
    const query = untracked(this.query);
    if (!this.listing.acceptUpload(key, query)) return EMPTY;
    this.cache.forget(key);
    return this.listing.readBack(key, query);
  }

  /** Every page of `query` into the tiles, then the `settled` hook. */
  private list(query: AlbumQuery): Observable<unknown> {
    const { fresh, pages } = this.listing.start(query);
    if (fresh) {
      this.hooks.fresh();
      this.cache.clearPreviews();
    }
    // URLs depend only on whose files these are, so a folder opened again reuses them (and the
    // browser's cache); another level or owner needs URLs of its own.
    this.cache.useScope([query.level, query.identityId, query.user]);
    return pages.pipe(
      tap({ complete: () => this.hooks.settled(this.listing.status() === 'done') }),
    );
  }
}
