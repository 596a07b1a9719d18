import { Signal, effect, untracked } from '@angular/core';
import { Observable, Subject, map, take, tap } from 'rxjs';
import { just, lazy, sharedLast, switchTo } from '../observables/plain-operators';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { UrlGrant, stampIssued } from '../presign/renewing-url';
import { isUrlFresh } from '../presign/url-expiry';
import { firstCharacters, textPrefix, utf8BytesFor } from '../display/text-prefix';
import { AlbumItem, SelectedAlbumItem } from './album-item';
import type { AlbumListStatus } from './album-listing';
import type { AlbumTileSource } from './album-tile';

/** Characters of a text item shown on its tile. */
const PREVIEW_CHARACTERS = 280;

/** Whose objects an album's URLs and previews are for, read when a request is made. */
export interface AlbumRequestScope {
  /** Access level; undefined for the configured level. */
  level: AccessLevel | undefined;
  /** Owner of a protected album; undefined for the current user. */
  identityId: string | undefined;
  /** Emit tracking events; undefined for the configured `track`. */
  track: boolean | undefined;
  /** Seconds each URL stays valid; undefined for the service's default. */
  expires: number | undefined;
}

/**
 * An album's URLs by key and text previews by version, shared by its tiles so that a row scrolled
 * back into view reuses its URLs (and the browser's cache) and never downloads a preview twice.
 * S3Image keeps no such cache (it checks its one object on every new URL), so only the URL
 * primitives of presign/renewing-url are shared with it.
 */
export class AlbumUrlCache {
  private readonly urls = new Map<string, Observable<UrlGrant>>();
  private readonly previews = new Map<string, Observable<string>>();
  private scopeId = '';

  /** `scope` is read at each request, so it must not track signals (read them untracked). */
  constructor(
    private readonly storage: StorageService,
    private readonly scope: () => AlbumRequestScope,
  ) {}

  /** Drops every URL, e.g. for a new validity or user: the next requests get new ones. */
  clearUrls(): void {
    this.urls.clear();
  }

  /** Drops every preview, for another folder or album. */
  clearPreviews(): void {
    this.previews.clear();
  }

  /**
   * Keeps the URLs while `owner` (level, identity, user...) stays the same, so that a folder opened
   * again reuses them; another owner needs URLs of its own.
   */
  useScope(owner: unknown): void {
    const id = JSON.stringify(owner);
    if (id === this.scopeId) return;
    this.scopeId = id;
    this.urls.clear();
  }

  /** Forgets the URL of `key`: a new version must not be shown from a URL the browser has cached. */
  forget(key: string): void {
    // Previews are kept by version (key and ETag), so a new version never meets an old preview.
    this.urls.delete(key);
  }

  /** A URL for `key`: the cached one while fresh, else a new one (checked first when `recheck`). */
  url(key: string, recheck: boolean): Observable<UrlGrant> {
    return lazy(() => {
      const cached = this.urls.get(key);
      if (!cached || recheck) return this.requestUrl(key, recheck);
      // A cached URL past its renewal time is replaced, so that a tile never starts on a dying URL.
      return cached.pipe(
        switchTo((grant) =>
          isUrlFresh(grant.issuedAt, grant.expiresAt.getTime(), Date.now())
            ? just(grant)
            : this.requestUrl(key, false),
        ),
      );
    });
  }

  /** `item` with a URL to fetch it (presigning is local: no request). */
  withUrl(item: AlbumItem): Observable<SelectedAlbumItem> {
    return this.url(item.key, false).pipe(map((grant) => ({ ...item, url: grant.url })));
  }

  /** The first characters of a text item, fetched once per version. */
  preview(item: AlbumItem): Observable<string> {
    const id = `${item.key}\n${item.eTag}`;
    let preview = this.previews.get(id);
    if (!preview) {
      const { level, identityId, track } = this.scope();
      // Only the bytes that can hold the characters shown, with a Range request.
      const bytes = utf8BytesFor(PREVIEW_CHARACTERS);
      // refCount: a tile scrolled away before its download ends cancels it, and the next one starts over.
      preview = sharedLast(
        textPrefix(this.storage, item.key, { level, identityId, track }, bytes).pipe(
          map((text) => firstCharacters(text, PREVIEW_CHARACTERS)),
          tap({ error: () => this.previews.delete(id) }),
        ),
        true,
      );
      this.previews.set(id, preview);
    }
    return preview;
  }

  /** A new URL for `key`, which becomes the cached one. */
  private requestUrl(key: string, recheck: boolean): Observable<UrlGrant> {
    const { level, identityId, track, expires } = this.scope();
    // Presigning is local and quick, so it may finish even after the tile that asked is gone.
    const request = sharedLast(
      this.storage
        .get(key, { level, identityId, track, expires, validateObjectExistence: recheck })
        .pipe(stampIssued(), tap({ error: () => this.urls.delete(key) })),
      false,
    );
    this.urls.set(key, request);
    return request;
  }
}

/**
 * The tiles' URLs and previews, from `cache` once the listing's `status` has settled (done or
 * failed): with the default newest-first sort, each page that arrives reshuffles the top of the
 * grid, and tiles fetched meanwhile are wasted. Call in an injection context.
 */
export function settledTileSource(
  cache: AlbumUrlCache,
  status: Signal<AlbumListStatus>,
): AlbumTileSource {
  const isSettled = (value: AlbumListStatus) => value === 'done' || value === 'error';
  // One effect for every tile, not toObservable, whose ReplaySubject would join the initial bundle.
  const settles = new Subject<void>();
  effect(() => {
    if (isSettled(status())) settles.next();
  });
  const settled = lazy(() =>
    isSettled(untracked(status)) ? just(undefined) : settles.pipe(take(1)),
  );
  return {
    url: (key, recheck) => settled.pipe(switchTo(() => cache.url(key, recheck))),
    preview: (item) => settled.pipe(switchTo(() => cache.preview(item))),
  };
}
