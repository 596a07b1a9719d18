import { _IdGenerator } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  PendingTasks,
  Signal,
  booleanAttribute,
  computed,
  contentChild,
  inject,
  input,
  model,
  numberAttribute,
  output,
  viewChild,
} from '@angular/core';
import { AccessLevel } from '../keys/access-level';
import { UploadedFile } from '../pickers/file-upload';
import { EmbeddedPicker, PickerSettings } from '../pickers/embedded-picker';
import { optionalBooleanAttribute, optionalNumberAttribute } from '../pickers/picker-base';
import { StorageService } from '../service/storage.service';
import { FileToKey } from '../pickers/file-key';
import { ProcessFile } from '../pickers/process-file';
import { DisplayError } from '../display/display-error';
import { injectStorageIntl } from '../i18n/intl-signal';
import { IMAGE_ACCEPT, TEXT_ACCEPT } from '../display/content-type';
import { AlbumContents } from './album-contents';
import { AlbumCrumb, AlbumEntry, breadcrumbsOf, folderShown } from './album-folder';
import { AlbumFocus } from './album-focus';
import { AlbumFilter, AlbumSort, SelectedAlbumItem, newestFirst, tileLabelOf } from './album-item';
import { AlbumListStatus } from './album-listing';
import { AlbumLoader } from './album-loader';
import { AlbumSelection, AlbumSelectionMode } from './album-selection';
import { AlbumEvents, AlbumNavigation } from './album-navigation';
import {
  AlbumEmptyTemplate,
  AlbumErrorTemplate,
  AlbumLoadingTemplate,
  AlbumTemplateOutlet,
  AlbumTileTemplate,
} from './album-templates';
import { AlbumTile, AlbumTileSource } from './album-tile';
import { settledTileSource } from './album-url-cache';
import { RowScroller } from '../scrolling/row-scroller';

/**
 * A grid of the objects under a path, as images, text previews or file tiles. It lists every page
 * of any number of objects, appending each as it arrives, and renders only the rows in view
 * (scrolling/row-scroller.ts), so only visible tiles ask for a URL. Arrow keys, Home, End and the Page keys
 * move focus; Enter, Space or a click select.
 *
 * With `folders`, the album browses like a file manager: it lists one folder at a time (S3's
 * delimiter), shows its sub-folders first as tiles that open on click, Enter or Space, and a
 * breadcrumb trail back up (Backspace goes up one folder). `folder` binds the folder shown two-way.
 *
 * Selection: `(selected)` emits the item just selected, with a URL. `(selectionChange)` emits the
 * whole selection after every change (in `multiple` mode, the array of selected items), and
 * `selectedKeys` binds the selected keys two-way.
 *
 * Templates: an `ng-template` with `amplifyAlbumTile`, `amplifyAlbumEmpty`, `amplifyAlbumLoading`
 * or `amplifyAlbumError` inside the album replaces that part (see album-templates.ts).
 */
@Component({
  selector: 'amplify-s3-album',
  imports: [RowScroller, AlbumTile, AlbumTemplateOutlet, EmbeddedPicker],
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
  private readonly scroller = viewChild(RowScroller);

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
  /** Accessible name of the grid; default StorageIntl's `albumLabel` ('Files'). */
  readonly label = input<string | undefined>(undefined);
  /** The keys of the selected items, in the order they were selected. */
  readonly selectedKeys = model<readonly string[]>([]);

  /** The item just selected (by click, Enter or Space), with a URL. */
  readonly selected = output<SelectedAlbumItem>();
  /** The whole selection after each change, in the order selected, with URLs. */
  readonly selectionChange = output<SelectedAlbumItem[]>();
  /** A file the album's picker stored, so that the page can show it elsewhere too. */
  readonly uploaded = output<UploadedFile>();

  /** The app's strings. */
  protected readonly intl = injectStorageIntl();
  /** Accessible name of the grid, and of the first breadcrumb at the root. */
  protected readonly gridLabel = computed(() => this.label() ?? this.intl().albumLabel);
  /** A custom tile template (`ng-template amplifyAlbumTile`), for the files' tiles. */
  protected readonly tileTemplate = contentChild(AlbumTileTemplate);
  /** A custom template for an album with nothing to show (`ng-template amplifyAlbumEmpty`). */
  protected readonly emptyTemplate = contentChild(AlbumEmptyTemplate);
  /** A custom template shown until the first page arrives (`ng-template amplifyAlbumLoading`). */
  protected readonly loadingTemplate = contentChild(AlbumLoadingTemplate);
  /** A custom template for a failed listing (`ng-template amplifyAlbumError`). */
  protected readonly errorTemplate = contentChild(AlbumErrorTemplate);

  /** The grid's inner width, which sets how many tiles fit across. */
  private readonly width = computed(() => this.scroller()?.width() ?? 0);
  /** The folder listed: `path`, or the folder opened under it. */
  protected readonly currentFolder = computed(() =>
    this.folders() ? folderShown(this.path(), this.folder()) : this.path(),
  );
  private readonly loader = new AlbumLoader(
    this.storage,
    {
      folder: this.currentFolder,
      folders: this.folders,
      level: this.level,
      identityId: this.identityId,
      track: this.track,
      pageSize: this.pageSize,
      expires: this.expires,
    },
    {
      fresh: () => this.focus.reset(),
      settled: (listed) => this.focus.afterListing(listed),
    },
  );
  private readonly listing = this.loader.listing;
  private readonly selectionState = new AlbumSelection(
    this.selectedKeys,
    this.selection,
    computed(() => new Map(this.listing.entries().map((item) => [item.key, item]))),
  );

  /** Where the listing stands. */
  protected readonly status: Signal<AlbumListStatus> = this.listing.status.asReadonly();
  /** Why the listing failed, when it did. */
  protected readonly listError: Signal<DisplayError | undefined> = this.listing.error.asReadonly();
  /** The breadcrumb trail from `path` to the folder shown, when browsing folders. */
  protected readonly breadcrumbs = computed<AlbumCrumb[]>(() =>
    this.folders() ? breadcrumbsOf(this.path(), this.currentFolder(), this.gridLabel()) : [],
  );
  /** What the grid, the status line and the error show of the listing. */
  protected readonly contents = new AlbumContents(this.listing, {
    filter: this.filter,
    sort: this.sort,
    width: this.width,
    tileSize: this.tileSize,
    intl: this.intl,
  });
  /** Every tile: the folders and then the items. */
  protected readonly tiles = this.contents.tiles;
  /** Keyboard focus: the active tile and the grid's tab stop. */
  private readonly focus = new AlbumFocus({
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
    scroller: this.scroller,
    tiles: this.tiles,
    columns: this.contents.columns,
    tileSize: this.tileSize,
    pendingTasks: inject(PendingTasks),
  });
  /** What clicks, focus and keys do. */
  protected readonly navigation: AlbumEvents = new AlbumNavigation({
    folders: this.folders,
    path: this.path,
    currentFolder: this.currentFolder,
    tiles: this.tiles,
    focus: this.focus,
    open: (folder) => this.openFolder(folder),
    select: (item) => this.selectionState.activate(item),
  });
  /** The focusable tile (roving tabindex). */
  protected readonly activeIndex: Signal<number> = this.focus.activeIndex;
  /** True when no tile is rendered to take focus, so the grid itself must be a tab stop. */
  protected readonly gridFocusable: Signal<boolean> = this.focus.gridFocusable;
  /** The selected keys, for quick look-up. */
  protected readonly selectedSet = computed(() => new Set(this.selectedKeys()));
  /** Unique ids for ARIA references, the same in a server render and the browser's. */
  protected readonly ids = { status: inject(_IdGenerator).getId('amplify-s3-album-status-') };
  /** What the picker is bound to: it accepts what the album can show, and uploads to the folder shown. */
  protected readonly pickerSettings = computed<PickerSettings>(() => ({
    accept: `${IMAGE_ACCEPT},${TEXT_ACCEPT}`,
    path: this.currentFolder(),
    fileToKey: this.fileToKey(),
    processFile: this.processFile(),
    level: this.level(),
    track: this.track(),
  }));
  /** The tiles' URLs and previews, through the album's cache once the listing has settled. */
  protected readonly source: AlbumTileSource = settledTileSource(this.loader.cache, this.status);
  /** The error template's retry. */
  protected readonly retry = () => this.refresh();

  constructor() {
    // Unsubscribed through DestroyRef rather than takeUntilDestroyed, whose takeUntil brings
    // rxjs's interop code into the initial bundle (observables/plain-operators.ts).
    const selections = this.selectionState
      .changes((item) => this.loader.cache.withUrl(item))
      .subscribe(([item, items]) => {
        if (item) this.selected.emit(item);
        this.selectionChange.emit(items);
      });
    this.destroyRef.onDestroy(() => selections.unsubscribe());
  }

  /** Lists the objects again, keeping those shown until each page replaces them. */
  refresh(): void {
    this.loader.refresh();
  }

  /** Shows `folder` (when browsing folders): `path` or a folder under it, else `path`. */
  openFolder(folder: string): void {
    this.folder.set(folderShown(this.path(), folder));
  }

  /** The text under a tile: in a flat album the key under `path`, so that keys in sub-folders stand apart. */
  protected tileLabel(entry: AlbumEntry): string {
    return tileLabelOf(entry, this.currentFolder(), !this.folders());
  }

  /** The picker stored a file: show it at once, with what a listing says about it. */
  protected onUploaded(file: UploadedFile): void {
    this.uploaded.emit(file);
    const reading = this.loader.showUpload(file.key).subscribe();
    reading.add(this.destroyRef.onDestroy(() => reading.unsubscribe()));
  }
}
