import { ListRange } from '@angular/cdk/collections';
import {
  CdkFixedSizeVirtualScroll,
  CdkVirtualForOf,
  CdkVirtualScrollViewport,
} from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  PendingTasks,
  afterNextRender,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  model,
  numberAttribute,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import {
  EMPTY,
  Observable,
  Subject,
  catchError,
  concatMap,
  defer,
  expand,
  forkJoin,
  from,
  map,
  of,
  filter,
  shareReplay,
  switchMap,
  take,
  tap,
} from 'rxjs';
import { AccessLevel } from '../keys/access-level';
import { UploadedFile } from '../pickers/file-upload';
import { Picker } from '../pickers/picker';
import { optionalBooleanAttribute, optionalNumberAttribute } from '../pickers/picker-base';
import { StorageService } from '../service/storage.service';
import { ListResult, transferResult } from '../service/storage-types';
import { PickedFileInfo } from '../upload/file-rules';
import { ProcessFile } from '../upload/process-file';
import {
  AlbumFilter,
  AlbumItem,
  AlbumSort,
  SelectedAlbumItem,
  arrangeAlbum,
  mergeListing,
  newestFirst,
  toAlbumItem,
  upsertByKey,
} from './album-item';
import {
  AlbumCrumb,
  AlbumEntry,
  breadcrumbsOf,
  folderShown,
  mergeFolders,
  parentFolder,
  placeOfKey,
  toAlbumFolder,
} from './album-folder';
import { columnsFor, nextIndex, rowsOf } from './album-grid';
import { AlbumTile, AlbumTileSource } from './album-tile';
import { DisplayError, displayErrorOf } from './display-error';
import { UrlGrant, stampIssued } from './renewing-url';
import { TEXT_PICKER_ACCEPT } from './s3-text';
import { isUrlFresh } from './url-renewal';

/** How many items of an album can be selected: none, one (the default) or any number. */
export type AlbumSelectionMode = 'none' | 'single' | 'multiple';

/** Where an album's listing stands. */
export type AlbumListStatus = 'loading' | 'more' | 'done' | 'error';

/** Characters of a text item shown on its tile. */
const PREVIEW_CHARACTERS = 280;

/** Frames to wait for a tile to be rendered after scrolling to it, before giving up on focusing it. */
const FOCUS_FRAMES = 60;

let nextAlbumId = 0;

/** Everything a listing depends on: a change to any of it lists again. */
interface AlbumQuery {
  /** The folder listed: `path`, or the folder opened under it when browsing folders. */
  path: string;
  folders: boolean;
  level: AccessLevel | undefined;
  identityId: string | undefined;
  track: boolean | undefined;
  pageSize: number;
  user: unknown;
}

/**
 * A grid of the objects under a path, as images, text previews or file tiles. It lists every page
 * of any number of objects, appending each as it arrives, and renders only the rows in view (CDK
 * virtual scrolling), so only visible tiles ask for a URL. Arrow keys, Home, End and the Page keys
 * move focus; Enter, Space or a click select.
 *
 * With `folders`, the album browses like a file manager: it lists one folder at a time (S3's
 * delimiter), shows its sub-folders first as tiles that open on click, Enter or Space, and a
 * breadcrumb trail back up (Backspace goes up one folder). `folder` binds the folder shown two-way.
 *
 * Selection: `(selected)` emits the item just selected, with a URL. `(selectionChange)` emits the
 * whole selection after every change (in `multiple` mode, the array of selected items), and
 * `selectedKeys` binds the selected keys two-way.
 */
@Component({
  selector: 'amplify-s3-album',
  imports: [
    CdkVirtualScrollViewport,
    CdkFixedSizeVirtualScroll,
    CdkVirtualForOf,
    AlbumTile,
    Picker,
  ],
  templateUrl: './s3-album.html',
  styleUrl: './s3-album.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'amplify-s3-album',
    '[attr.data-path]': 'path()',
    '[attr.data-folder]': 'folders() ? currentFolder() : null',
    '[attr.data-status]': 'status()',
  },
})
export class S3Album {
  private readonly storage = inject(StorageService);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly pendingTasks = inject(PendingTasks);
  private readonly destroyRef = inject(DestroyRef);
  private readonly viewport = viewChild.required(CdkVirtualScrollViewport);
  /** URLs by key, shared by the tiles so that a row scrolled back into view reuses its URLs (and the browser's cache). */
  private readonly urls = new Map<string, Observable<UrlGrant>>();
  private readonly previews = new Map<string, Observable<string>>();
  private readonly emissions = new Subject<{ item?: AlbumItem; items: AlbumItem[] }>();
  /** Keys added by this album's own uploads during the listing under way, which it must not drop. */
  private uploadedKeys = new Set<string>();
  /** Sub-folders created by this album's own uploads during the listing under way. */
  private uploadedFolders = new Set<string>();
  /** Selected items by key, so that a selection made in one folder survives opening another. */
  private readonly selectedItems = new Map<string, AlbumItem>();
  private listedQuery = '';
  private listedScope = '';
  /**
   * Set when the user opened a folder, so that focus moves into it once it is listed: to the
   * folder they came up from (a string), or else to the first tile (true).
   */
  private focusAfterListing: string | boolean = false;

  /** Folder to show, ending in `/` (e.g. `photos/`); '' for the whole level. */
  readonly path = input<string>('');
  /** Access level; default the configured level. */
  readonly level = input<AccessLevel | undefined>(undefined);
  /** Owner of a protected album, to show another user's; default the current user. */
  readonly identityId = input<string | undefined>(undefined);
  /** Shows only the items for which this returns true (folders are always shown). */
  readonly filter = input<AlbumFilter | undefined>(undefined);
  /** Orders the items; default newest first by `lastModified`. */
  readonly sort = input<AlbumSort>(newestFirst);
  /** Browses folders one at a time, with folder tiles and a breadcrumb trail, instead of every object under `path` at once. */
  readonly folders = input(false, { transform: booleanAttribute });
  /** The folder shown when browsing `folders`: `path` or a folder under it, ending in `/`; two-way. Default `path`. */
  readonly folder = model<string | undefined>(undefined);
  /** Shows a picker above the grid that uploads to the folder shown (or `fileToKey`); the album then shows the new files. */
  readonly picker = input(false, { transform: booleanAttribute });
  /** Makes the picker's key from the picked file, instead of `path` + file name. */
  readonly fileToKey = input<((file: PickedFileInfo) => string) | undefined>(undefined);
  /** Runs on each picked file before it is keyed and uploaded, e.g. `resizeImage`; see the pickers' `processFile`. */
  readonly processFile = input<ProcessFile | undefined>(undefined);
  /** Emit tracking events for this album's calls; default the configured `track`. */
  readonly track = input<boolean | undefined, unknown>(undefined, {
    transform: optionalBooleanAttribute,
  });
  /** How many items can be selected; default `single`. */
  readonly selection = input<AlbumSelectionMode>('single');
  /** Seconds each URL stays valid; default the service's (900). URLs are renewed before they expire. */
  readonly expires = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });
  /** Objects per listing request (1 to 1000); the album lists page after page until it has them all. */
  readonly pageSize = input(1000, { transform: numberAttribute });
  /** Height of a row and least width of a tile, in pixels; the width is shared out among as many tiles as fit. */
  readonly tileSize = input(160, { transform: numberAttribute });
  /** Accessible name of the grid. */
  readonly label = input('Files');
  /** The keys of the selected items, in the order they were selected. */
  readonly selectedKeys = model<readonly string[]>([]);

  /** The item just selected (by click, Enter or Space), with a URL. */
  readonly selected = output<SelectedAlbumItem>();
  /** The whole selection after each change, in the order selected, with URLs. */
  readonly selectionChange = output<SelectedAlbumItem[]>();
  /** A file the album's picker stored, so that the page can show it elsewhere too. */
  readonly uploaded = output<UploadedFile>();

  /** Every item listed so far, in the order S3 lists them. */
  private readonly entries = signal<readonly AlbumItem[]>([]);
  /** The sub-folders listed so far, when browsing folders. */
  private readonly folderKeys = signal<readonly string[]>([]);
  private readonly width = signal(0);
  private readonly renderedRange = signal<ListRange>({ start: 0, end: 0 });
  private readonly activeKey = signal<string | undefined>(undefined);

  /** Where the listing stands. */
  protected readonly status = signal<AlbumListStatus>('loading');
  /** Why the listing failed, when it did. */
  protected readonly listError = signal<DisplayError | undefined>(undefined);
  /** The folder listed: `path`, or the folder opened under it. */
  protected readonly currentFolder = computed(() =>
    this.folders() ? folderShown(this.path(), this.folder()) : this.path(),
  );
  /** The breadcrumb trail from `path` to the folder shown, when browsing folders. */
  protected readonly breadcrumbs = computed<AlbumCrumb[]>(() =>
    this.folders() ? breadcrumbsOf(this.path(), this.currentFolder(), this.label()) : [],
  );
  /** The items shown, filtered and sorted. */
  protected readonly items = computed(() =>
    arrangeAlbum(this.entries(), this.filter(), this.sort()),
  );
  /** Every tile: the folders (by name, never filtered) and then the items. */
  protected readonly tiles = computed<readonly AlbumEntry[]>(() => {
    const folders = this.folderKeys();
    return folders.length === 0 ? this.items() : [...folders.map(toAlbumFolder), ...this.items()];
  });
  /** Tiles per row. */
  protected readonly columns = computed(() => columnsFor(this.width(), this.tileSize()));
  /** The rows the virtual scroller renders. */
  protected readonly rows = computed(() => rowsOf(this.tiles(), this.columns()));
  /** The focusable item (roving tabindex): the last one focused, else the first. */
  protected readonly activeIndex = computed(() => {
    const key = this.activeKey();
    const index = key === undefined ? -1 : (this.indexByKey().get(key) ?? -1);
    return index === -1 ? 0 : index;
  });
  /** The selected keys, for quick look-up. */
  protected readonly selectedSet = computed(() => new Set(this.selectedKeys()));
  /** True when no tile is rendered to take focus, so the grid itself must be a tab stop. */
  protected readonly gridFocusable = computed(() => {
    if (this.tiles().length === 0) return false;
    const row = Math.floor(this.activeIndex() / this.columns());
    const range = this.renderedRange();
    return row < range.start || row >= range.end;
  });
  /** The status line: a count once listed, so that screen readers are not told of every page. */
  protected readonly statusText = computed(() => {
    const count = this.items().length;
    const folders = this.folderKeys().length;
    switch (this.status()) {
      case 'loading':
      case 'more':
        return 'Loading files…';
      case 'error':
        return '';
      case 'done': {
        const files = count === 1 ? '1 file' : `${count} files`;
        if (folders === 0) return files;
        return `${folders === 1 ? '1 folder' : `${folders} folders`}, ${files}`;
      }
    }
  });
  /** Unique ids for ARIA references. */
  protected readonly ids = { status: `amplify-s3-album-status-${nextAlbumId++}` };
  /** What the picker accepts: what the album can show. */
  protected readonly accept = `image/*,${TEXT_PICKER_ACCEPT}`;
  /** The tiles' URLs and previews, through the album's caches. */
  // Tiles wait for the listing to settle before fetching: with the default newest-first sort,
  // each page that arrives reshuffles the top of the grid, and tiles fetched meanwhile are wasted.
  private readonly listingSettled = toObservable(this.status).pipe(
    filter((status) => status === 'done' || status === 'error'),
    take(1),
  );
  protected readonly source: AlbumTileSource = {
    url: (key, recheck) => this.listingSettled.pipe(switchMap(() => this.urlFor(key, recheck))),
    preview: (item) => this.listingSettled.pipe(switchMap(() => this.previewFor(item))),
  };

  private readonly indexByKey = computed(
    () => new Map(this.tiles().map((entry, index) => [entry.key, index])),
  );
  private readonly entryByKey = computed(
    () => new Map(this.entries().map((item) => [item.key, item])),
  );
  private readonly query = computed<AlbumQuery>(() => ({
    path: this.currentFolder(),
    folders: this.folders(),
    level: this.level(),
    identityId: this.identityId(),
    track: this.track(),
    pageSize: this.pageSize(),
    // A new user sees their own files, with URLs signed with their own credentials.
    user: this.storage.userChanges(),
  }));
  private readonly reloads = signal(0);

  constructor() {
    // A new validity applies to the next URLs; those shown are renewed on their own schedule.
    effect(() => {
      this.expires();
      this.storage.userChanges();
      this.urls.clear();
    });

    effect((onCleanup) => {
      const query = this.query();
      this.reloads();
      untracked(() => {
        const subscription = this.list(query).subscribe();
        onCleanup(() => subscription.unsubscribe());
      });
    });

    // In order, so that a quick second click is never overtaken by the first one's URL look-up.
    this.emissions
      .pipe(
        concatMap(({ item, items }) =>
          forkJoin([
            item ? this.withUrl(item) : of(undefined),
            items.length > 0 ? forkJoin(items.map((i) => this.withUrl(i))) : of([]),
          ]).pipe(
            // A failed look-up (e.g. signed out) loses this emission, not the ones after it.
            catchError(() => EMPTY),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(([item, items]) => {
        if (item) this.selected.emit(item);
        this.selectionChange.emit(items);
      });

    afterNextRender(() => {
      const viewport = this.viewport();
      const element = viewport.elementRef.nativeElement;
      const measure = () => {
        this.width.set(element.clientWidth);
        // The CDK only re-measures on window resizes; the album may be resized on its own.
        viewport.checkViewportSize();
      };
      measure();
      const observer = new ResizeObserver(measure);
      observer.observe(element);
      const ranges = viewport.renderedRangeStream.subscribe((range) =>
        this.renderedRange.set(range),
      );
      this.destroyRef.onDestroy(() => {
        observer.disconnect();
        ranges.unsubscribe();
      });
    });
  }

  /** Lists the objects again, keeping those shown until each page replaces them. */
  refresh(): void {
    this.reloads.update((count) => count + 1);
  }

  /** Shows `folder` (when browsing folders): `path` or a folder under it, else `path`. */
  openFolder(folder: string): void {
    this.folder.set(folderShown(this.path(), folder));
  }

  /** Identity of a row for the virtual scroller: its position, so that rows are reused as pages arrive. */
  protected trackRow(index: number): number {
    return index;
  }

  /** The picker stored a file: show it at once, with what a listing says about it. */
  protected onUploaded(file: UploadedFile): void {
    this.uploaded.emit(file);
    const { path, folders, level, identityId, track } = this.query();
    const place = folders
      ? placeOfKey(path, file.key)
      : { place: file.key.startsWith(path) ? ('file' as const) : ('elsewhere' as const) };
    if (place.place === 'elsewhere') return;
    if (place.place === 'folder') {
      // Stored in a sub-folder (by `fileToKey`): that folder now exists, whatever the listing says.
      this.uploadedFolders.add(place.folder);
      this.folderKeys.update((keys) => mergeFolders(keys, [], true, new Set([place.folder])));
      return;
    }
    // A new version under the same key must not be shown from a URL the browser has cached.
    this.urls.delete(file.key);
    this.previews.delete(file.key);
    this.storage
      .list(file.key, { level, identityId, track, pageSize: 1 })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          // A prefix listing starts with the key itself, when it exists.
          const listed = result.items.find((item) => item.key === file.key);
          if (!listed) return;
          this.uploadedKeys.add(listed.key);
          this.entries.update((entries) => upsertByKey(entries, toAlbumItem(listed)));
        },
        // The upload itself succeeded; a later refresh will show the file.
        error: () => undefined,
      });
  }

  /** A tile was clicked. */
  protected onTileClick(entry: AlbumEntry): void {
    this.activeKey.set(entry.key);
    this.activate(entry);
  }

  /** A breadcrumb was clicked: show its folder. */
  protected onCrumbClick(crumb: AlbumCrumb): void {
    this.navigate(crumb.path);
  }

  /** Focus entered a tile (by click, Tab or script): it becomes the active one. */
  protected onFocusIn(event: FocusEvent): void {
    const tile = (event.target as HTMLElement).closest<HTMLElement>('[data-key]');
    const key = tile?.dataset['key'];
    if (key !== undefined && this.indexByKey().has(key)) this.activeKey.set(key);
  }

  /** The grid itself got focus (its active tile was scrolled away): hand focus to that tile. */
  protected onGridFocus(event: FocusEvent): void {
    const grid = event.target as HTMLElement;
    // Only for keyboard focus: a click in a gap between tiles must not jump the scroll position.
    if (grid === event.currentTarget && grid.matches(':focus-visible'))
      this.focusIndex(this.activeIndex());
  }

  /** Arrow keys, Home, End and the Page keys move focus; Enter and Space select. */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.altKey || event.metaKey) return;
    if (event.key === 'Backspace' && this.folders()) {
      const folder = this.currentFolder();
      const parent = parentFolder(this.path(), folder);
      if (parent !== folder) {
        event.preventDefault();
        this.navigate(parent);
      }
      return;
    }
    const items = this.tiles();
    if (items.length === 0) return;
    const index = this.activeIndex();
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.activate(items[index]);
      return;
    }
    const pageRows = Math.max(1, Math.floor(this.viewport().getViewportSize() / this.tileSize()));
    const target = nextIndex(index, event.key, {
      count: items.length,
      columns: this.columns(),
      pageRows,
    });
    if (target === undefined) return;
    // The keys would otherwise also scroll the viewport, fighting the scroll to the focused tile.
    event.preventDefault();
    this.activeKey.set(items[target].key);
    this.focusIndex(target);
  }

  /** Opens a folder the user chose, and moves focus into it once it is listed. */
  private navigate(folder: string): void {
    const left = this.currentFolder();
    if (folder === left) return;
    // Going up, focus returns to the folder just left, as file managers do.
    const place = placeOfKey(folder, left);
    this.focusAfterListing = place.place === 'folder' ? place.folder : true;
    this.openFolder(folder);
  }

  /** Opens a folder, or selects an item as the selection mode says, and emits. */
  private activate(entry: AlbumEntry): void {
    if (entry.kind === 'folder') {
      this.navigate(entry.key);
      return;
    }
    const item = entry;
    const mode = this.selection();
    if (mode === 'none') return;
    if (mode === 'single') {
      this.selectedKeys.set([item.key]);
      this.emissions.next({ item, items: [item] });
      return;
    }
    const keys = this.selectedKeys();
    const wasSelected = keys.includes(item.key);
    const next = wasSelected ? keys.filter((key) => key !== item.key) : [...keys, item.key];
    this.selectedKeys.set(next);
    const byKey = this.entryByKey();
    if (wasSelected) this.selectedItems.delete(item.key);
    else this.selectedItems.set(item.key, item);
    const items = next
      .map((key) => byKey.get(key) ?? this.selectedItems.get(key))
      .filter((entry): entry is AlbumItem => entry !== undefined);
    this.emissions.next({ item: wasSelected ? undefined : item, items });
  }

  /** Scrolls the row of `index` into view, then focuses its tile once the scroller has rendered it. */
  private focusIndex(index: number): void {
    const viewport = this.viewport();
    const size = this.tileSize();
    const top = Math.floor(index / this.columns()) * size;
    const offset = viewport.measureScrollOffset('top');
    const height = viewport.getViewportSize();
    if (top < offset) viewport.scrollToOffset(top);
    else if (top + size > offset + height) viewport.scrollToOffset(top + size - height);
    // Kept pending so that whenStable() (and test harnesses) wait for the focus to land.
    const done = this.pendingTasks.add();
    const attempt = (frame: number) => {
      const tile = this.host.nativeElement.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (tile) {
        tile.focus({ preventScroll: true });
        done();
      } else if (frame >= FOCUS_FRAMES || index !== this.activeIndex()) {
        done();
      } else {
        requestAnimationFrame(() => attempt(frame + 1));
      }
    };
    attempt(0);
  }

  /** Lists every page of `query`, merging each into the items shown as it arrives. */
  private list(query: AlbumQuery): Observable<ListResult> {
    const { path, folders, level, identityId, track, pageSize } = query;
    const id = JSON.stringify(query);
    if (id !== this.listedQuery) {
      // Another album or folder: nothing of the previous one may show.
      this.listedQuery = id;
      this.entries.set([]);
      this.folderKeys.set([]);
      this.activeKey.set(undefined);
      this.previews.clear();
    }
    // URLs depend only on whose files these are, so a folder opened again reuses them (and the
    // browser's cache); another level or owner needs URLs of its own.
    const scope = JSON.stringify([level, identityId, query.user]);
    if (scope !== this.listedScope) {
      this.listedScope = scope;
      this.urls.clear();
    }
    this.uploadedKeys = new Set();
    this.uploadedFolders = new Set();
    this.status.set(this.entries().length === 0 && this.folderKeys().length === 0 ? 'loading' : 'more');
    this.listError.set(undefined);
    const listed: AlbumItem[] = [];
    const listedFolders: string[] = [];
    const subpaths = folders ? false : undefined;
    const page = (nextToken?: string) =>
      this.storage.list(path, { level, identityId, track, pageSize, nextToken, subpaths });
    return page().pipe(
      expand((result) => (result.nextToken ? page(result.nextToken) : EMPTY)),
      tap((result) => {
        for (const item of result.items) listed.push(toAlbumItem(item));
        listedFolders.push(...(result.folders ?? []));
        const complete = result.nextToken === undefined;
        this.entries.set(mergeListing(listed, this.entries(), complete, this.uploadedKeys));
        if (folders) {
          this.folderKeys.set(
            mergeFolders(listedFolders, this.folderKeys(), complete, this.uploadedFolders),
          );
        }
        this.status.set(complete ? 'done' : 'more');
        if (complete) this.focusOpenedFolder();
      }),
      catchError((error: unknown) => {
        this.status.set('error');
        this.listError.set(displayErrorOf(error, path === '' ? 'This album' : path));
        this.focusOpenedFolder();
        return EMPTY;
      }),
    );
  }

  /** After the user opened a folder: focus the folder they came up from or the first tile, or the trail when empty or failed. */
  private focusOpenedFolder(): void {
    const target = this.focusAfterListing;
    if (target === false) return;
    this.focusAfterListing = false;
    if (this.tiles().length > 0 && this.status() === 'done') {
      const index = typeof target === 'string' ? (this.indexByKey().get(target) ?? 0) : 0;
      this.activeKey.set(this.tiles()[index].key);
      this.focusIndex(index);
      return;
    }
    // Keeps keyboard users in the album rather than on the page's body.
    this.host.nativeElement
      .querySelector<HTMLElement>('.amplify-s3-album-crumb[aria-current="page"]')
      ?.focus();
  }

  /** A URL for `key`: the cached one while fresh, else a new one (checked first when `recheck`). */
  private urlFor(key: string, recheck: boolean): Observable<UrlGrant> {
    return defer(() => {
      const cached = this.urls.get(key);
      if (!cached || recheck) return this.requestUrl(key, recheck);
      // A cached URL past its renewal time is replaced, so that a tile never starts on a dying URL.
      return cached.pipe(
        concatMap((grant) =>
          isUrlFresh(grant.issuedAt, grant.expiresAt.getTime(), Date.now())
            ? of(grant)
            : this.requestUrl(key, false),
        ),
      );
    });
  }

  /** A new URL for `key`, which becomes the cached one. */
  private requestUrl(key: string, recheck: boolean): Observable<UrlGrant> {
    const { level, identityId, track } = untracked(this.query);
    const expires = untracked(this.expires);
    const request = this.storage
      .get(key, { level, identityId, track, expires, validateObjectExistence: recheck })
      .pipe(
        stampIssued(),
        tap({ error: () => this.urls.delete(key) }),
        // Presigning is local and quick, so it may finish even after the tile that asked is gone.
        shareReplay(1),
      );
    this.urls.set(key, request);
    return request;
  }

  /** The first characters of a text item, downloaded once per version. */
  private previewFor(item: AlbumItem): Observable<string> {
    const id = `${item.key}\n${item.eTag}`;
    let preview = this.previews.get(id);
    if (!preview) {
      const { level, identityId, track } = untracked(this.query);
      preview = this.storage.get(item.key, { level, identityId, track, download: true }).pipe(
        transferResult(),
        concatMap((result) => from(result.body.text())),
        map((text) => text.slice(0, PREVIEW_CHARACTERS)),
        tap({ error: () => this.previews.delete(id) }),
        // refCount: a tile scrolled away before its download ends cancels it, and the next one starts over.
        shareReplay({ bufferSize: 1, refCount: true }),
      );
      this.previews.set(id, preview);
    }
    return preview;
  }

  /** `item` with a URL to fetch it (presigning is local: no request). */
  private withUrl(item: AlbumItem): Observable<SelectedAlbumItem> {
    return this.urlFor(item.key, false).pipe(map((grant) => ({ ...item, url: grant.url })));
  }
}
