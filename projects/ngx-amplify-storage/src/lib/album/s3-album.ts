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
  Signal,
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
import { Subscription, filter, switchMap, take, tap } from 'rxjs';
import { AccessLevel } from '../keys/access-level';
import { UploadedFile } from '../pickers/file-upload';
import { EmbeddedPicker, PickerSettings } from '../pickers/embedded-picker';
import { optionalBooleanAttribute, optionalNumberAttribute } from '../pickers/picker-base';
import { StorageService } from '../service/storage.service';
import { FileToKey } from '../pickers/file-key';
import { ProcessFile } from '../pickers/process-file';
import { DisplayError } from '../display/display-error';
import { IMAGE_ACCEPT, TEXT_ACCEPT } from '../display/content-type';
import {
  AlbumCrumb,
  AlbumEntry,
  breadcrumbsOf,
  folderShown,
  parentFolder,
  placeOfKey,
  toAlbumFolder,
} from './album-folder';
import { AlbumFocus } from './album-focus';
import { columnsFor, rowsOf } from './album-grid';
import {
  AlbumFilter,
  AlbumItem,
  AlbumSort,
  SelectedAlbumItem,
  arrangeAlbum,
  newestFirst,
} from './album-item';
import { AlbumListStatus, AlbumListing, AlbumQuery, listingStatusText } from './album-listing';
import { AlbumSelection, AlbumSelectionMode } from './album-selection';
import { AlbumTile, AlbumTileSource } from './album-tile';
import { AlbumUrlCache } from './album-url-cache';
import { watchViewport } from './album-viewport';

let nextAlbumId = 0;

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
    EmbeddedPicker,
  ],
  templateUrl: './s3-album.html',
  styleUrls: ['../display/s3-display.css', './s3-album.css'],
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
  private readonly destroyRef = inject(DestroyRef);
  private readonly viewport = viewChild.required(CdkVirtualScrollViewport);

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
  /** Shows a picker above the grid that uploads to the folder shown (+ `fileToKey`); the album then shows the new files. */
  readonly picker = input(false, { transform: booleanAttribute });
  /** The picker's key after the folder, as the pickers' `fileToKey`: a function, a string or an object; default the file name. */
  readonly fileToKey = input<FileToKey | undefined>(undefined);
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

  private readonly width = signal(0);
  private readonly reloads = signal(0);
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
  private readonly listing = new AlbumListing(this.storage);
  private readonly cache = new AlbumUrlCache(this.storage, () => {
    const { level, identityId, track } = untracked(this.query);
    return { level, identityId, track, expires: untracked(this.expires) };
  });
  private readonly selectionState = new AlbumSelection(
    this.selectedKeys,
    this.selection,
    computed(() => new Map(this.listing.entries().map((item) => [item.key, item]))),
  );

  /** Where the listing stands. */
  protected readonly status: Signal<AlbumListStatus> = this.listing.status.asReadonly();
  /** Why the listing failed, when it did. */
  protected readonly listError: Signal<DisplayError | undefined> = this.listing.error.asReadonly();
  /** The folder listed: `path`, or the folder opened under it. */
  protected readonly currentFolder = computed(() =>
    this.folders() ? folderShown(this.path(), this.folder()) : this.path(),
  );
  /** The breadcrumb trail from `path` to the folder shown, when browsing folders. */
  protected readonly breadcrumbs = computed<AlbumCrumb[]>(() =>
    this.folders() ? breadcrumbsOf(this.path(), this.currentFolder(), this.label()) : [],
  );
  /** The items shown, filtered and sorted. */
  protected readonly items: Signal<AlbumItem[]> = computed(() =>
    arrangeAlbum(this.listing.entries(), this.filter(), this.sort()),
  );
  /** Every tile: the folders (by name, never filtered) and then the items. */
  protected readonly tiles = computed<readonly AlbumEntry[]>(() => {
    const folders = this.listing.folderKeys();
    return folders.length === 0 ? this.items() : [...folders.map(toAlbumFolder), ...this.items()];
  });
  /** Tiles per row. */
  protected readonly columns = computed(() => columnsFor(this.width(), this.tileSize()));
  /** The rows the virtual scroller renders. */
  protected readonly rows = computed(() => rowsOf(this.tiles(), this.columns()));
  /** Keyboard focus: the active tile and the grid's tab stop. */
  private readonly focus = new AlbumFocus({
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
    viewport: this.viewport,
    tiles: this.tiles,
    columns: this.columns,
    tileSize: this.tileSize,
    pendingTasks: inject(PendingTasks),
  });
  /** The focusable tile (roving tabindex). */
  protected readonly activeIndex: Signal<number> = this.focus.activeIndex;
  /** True when no tile is rendered to take focus, so the grid itself must be a tab stop. */
  protected readonly gridFocusable: Signal<boolean> = this.focus.gridFocusable;
  /** The selected keys, for quick look-up. */
  protected readonly selectedSet = computed(() => new Set(this.selectedKeys()));
  /** The status line: a count once listed, so that screen readers are not told of every page. */
  protected readonly statusText = computed(() =>
    listingStatusText(this.status(), this.items().length, this.listing.folderKeys().length),
  );
  /** Unique ids for ARIA references. */
  protected readonly ids = { status: `amplify-s3-album-status-${nextAlbumId++}` };
  /** What the picker is bound to: it accepts what the album can show, and uploads to the folder shown. */
  protected readonly pickerSettings = computed<PickerSettings>(() => ({
    accept: `${IMAGE_ACCEPT},${TEXT_ACCEPT}`,
    path: this.currentFolder(),
    fileToKey: this.fileToKey(),
    processFile: this.processFile(),
    level: this.level(),
    track: this.track(),
  }));
  // Tiles wait for the listing to settle before fetching: with the default newest-first sort,
  // each page that arrives reshuffles the top of the grid, and tiles fetched meanwhile are wasted.
  private readonly listingSettled = toObservable(this.status).pipe(
    filter((status) => status === 'done' || status === 'error'),
    take(1),
  );
  /** The tiles' URLs and previews, through the album's cache. */
  protected readonly source: AlbumTileSource = {
    url: (key, recheck) => this.listingSettled.pipe(switchMap(() => this.cache.url(key, recheck))),
    preview: (item) => this.listingSettled.pipe(switchMap(() => this.cache.preview(item))),
  };

  constructor() {
    // A new validity applies to the next URLs; those shown are renewed on their own schedule.
    effect(() => {
      this.expires();
      this.storage.userChanges();
      this.cache.clearUrls();
    });

    effect((onCleanup) => {
      const query = this.query();
      this.reloads();
      untracked(() => {
        const subscription = this.list(query);
        onCleanup(() => subscription.unsubscribe());
      });
    });

    this.selectionState
      .changes((item) => this.cache.withUrl(item))
      .pipe(takeUntilDestroyed())
      .subscribe(([item, items]) => {
        if (item) this.selected.emit(item);
        this.selectionChange.emit(items);
      });

    afterNextRender(() => {
      const stop = watchViewport(this.viewport(), {
        width: (width) => this.width.set(width),
        range: (range) => this.focus.renderedRange.set(range),
      });
      this.destroyRef.onDestroy(stop);
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
    const query = this.query();
    if (!this.listing.acceptUpload(file.key, query)) return;
    this.cache.forget(file.key);
    this.listing.readBack(file.key, query).pipe(takeUntilDestroyed(this.destroyRef)).subscribe();
  }

  /** A tile was clicked. */
  protected onTileClick(entry: AlbumEntry): void {
    this.focus.activate(entry.key);
    this.activate(entry);
  }

  /** A breadcrumb was clicked: show its folder. */
  protected onCrumbClick(crumb: AlbumCrumb): void {
    this.navigate(crumb.path);
  }

  /** Focus entered a tile (by click, Tab or script): it becomes the active one. */
  protected onFocusIn(event: FocusEvent): void {
    const key = (event.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset['key'];
    if (key !== undefined) this.focus.activate(key);
  }

  /** The grid itself got focus (its active tile was scrolled away): hand focus to that tile. */
  protected onGridFocus(event: FocusEvent): void {
    const grid = event.target as HTMLElement;
    // Only for keyboard focus: a click in a gap between tiles must not jump the scroll position.
    if (grid === event.currentTarget && grid.matches(':focus-visible')) this.focus.focusActive();
  }

  /** Arrow keys, Home, End and the Page keys move focus; Enter and Space select; Backspace goes up. */
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
    const tiles = this.tiles();
    if (tiles.length === 0) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.activate(tiles[this.activeIndex()]);
      return;
    }
    // The keys would otherwise also scroll the viewport, fighting the scroll to the focused tile.
    if (this.focus.move(event.key)) event.preventDefault();
  }

  /** Opens a folder the user chose, and moves focus into it once it is listed. */
  private navigate(folder: string): void {
    const left = this.currentFolder();
    if (folder === left) return;
    const place = placeOfKey(folder, left);
    this.focus.openingFolder(place.place === 'folder' ? place.folder : undefined);
    this.openFolder(folder);
  }

  /** Opens a folder, or selects an item as the selection mode says, and emits. */
  private activate(entry: AlbumEntry): void {
    if (entry.kind === 'folder') this.navigate(entry.key);
    else this.selectionState.activate(entry);
  }

  /** Lists every page of `query` into the tiles, then moves focus into a folder the user opened. */
  private list(query: AlbumQuery): Subscription {
    const { fresh, pages } = this.listing.start(query);
    if (fresh) {
      // Another album or folder: nothing of the previous one may show.
      this.focus.reset();
      this.cache.clearPreviews();
    }
    // URLs depend only on whose files these are, so a folder opened again reuses them (and the
    // browser's cache); another level or owner needs URLs of its own.
    this.cache.useScope([query.level, query.identityId, query.user]);
    return pages
      .pipe(tap({ complete: () => this.focus.afterListing(this.listing.status() === 'done') }))
      .subscribe();
  }
}
