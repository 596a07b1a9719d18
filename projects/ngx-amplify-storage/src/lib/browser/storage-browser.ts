import { _IdGenerator } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  PLATFORM_ID,
  afterNextRender,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  model,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of, switchMap } from 'rxjs';
import { injectStorageIntl } from '../i18n/intl-signal';
import { ACCESS_LEVELS, AccessLevel } from '../keys/access-level';
import { optionalBooleanAttribute, optionalNumberAttribute } from '../pickers/picker-base';
import { StorageService } from '../service/storage.service';
import {
  BrowserAction,
  BrowserChange,
  BrowserLocation,
  BrowserView,
  browsableLevels,
  permittedActions,
  writableLevels,
} from './browser-access';
import { BrowserActions } from './browser-actions';
import { BrowserToolbar } from './browser-toolbar';
import { BrowserEntry } from './browser-entry';
import { RowScroller } from '../scrolling/row-scroller';
import { BrowserLayout } from './browser-layout';
import { BrowserListing } from './browser-listing';
import { BrowserLocationPicker } from './browser-location-picker';
import { BrowserPanels } from './browser-panels';
import { BrowserUploadList } from './browser-upload-list';
import { failureText } from './browser-messages';
import { BrowserNavigation } from './browser-navigation';
import { breadcrumbs } from './browser-path';
import { BrowserDrops, BrowserUploads } from './browser-uploads';
import { StorageBrowserIntl, injectStorageBrowserIntl } from './storage-browser-intl';

/**
 * A file manager over S3: the levels (and another user's protected files by identity ID), their
 * folders with a breadcrumb trail, list and grid views that render only what is in view, sorting,
 * filtering, selection by mouse and keyboard, and the actions the user is allowed: upload files
 * and folders (button or drop) with pause, resume and cancel, download, copy, move, rename,
 * delete (folders with progress), create folders, properties and links.
 */
@Component({
  selector: 'amplify-storage-browser',
  imports: [RowScroller, BrowserLocationPicker, BrowserPanels, BrowserUploadList],
  templateUrl: './storage-browser.html',
  styleUrls: ['./browser-controls.css', './storage-browser.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'amplify-storage-browser',
    role: 'region',
    '[attr.aria-label]': 'label() ?? intl().browserLabel',
    '[attr.data-level]': 'location().level',
    '[attr.data-folder]': 'folder()',
    '[attr.data-status]': 'listing.status()',
    '[attr.data-view]': 'view()',
    '[class.amplify-storage-browser-dragging]': 'drops.dragging()',
    '(dragover)': 'drops.dragOver($event)',
    '(dragleave)': 'drops.dragging.set(false)',
    '(drop)': 'drops.drop($event)',
  },
})
export class StorageBrowser {
  /** The browser's strings; a signal, so that a change at run time renders them again. */
  protected readonly intl = injectStorageBrowserIntl();
  /** For `formatSize`, which the browser shares with the other components. */
  private readonly storageIntl = injectStorageIntl();
  private readonly storage = inject(StorageService);
  private readonly ids = inject(_IdGenerator);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);
  // PLATFORM_ID compared as @angular/common's isPlatformBrowser does, without making it a peer.
  private readonly isBrowser = inject(PLATFORM_ID) === 'browser';
  private readonly viewport = viewChild(RowScroller);

  /** The level shown, and the owner's identity ID for another user's protected files; two-way. */
  readonly location = model<BrowserLocation>({ level: 'public' });
  /** The folder shown, relative to the level, ending in `/` ('' for the top); two-way. */
  readonly folder = model('');
  /** List or grid; two-way. */
  readonly view = model<BrowserView>('list');
  /** The keys of the selected entries, in the order shown; two-way. */
  readonly selectedKeys = model<readonly string[]>([]);
  /** The user is a guest (not signed in): no private files, and protected ones are read only. */
  readonly guest = input(false, { transform: booleanAttribute });
  /** The levels offered; default all three. */
  readonly levels = input<readonly AccessLevel[]>(ACCESS_LEVELS);
  /** Allows selecting more than one entry; default true. */
  readonly multiple = input(true, { transform: booleanAttribute });
  /** Emit tracking events for the browser's calls; default the configured `track`. */
  readonly track = input<boolean | undefined, unknown>(undefined, {
    transform: optionalBooleanAttribute,
  });
  /** Seconds a link from "Get link" stays valid; default the service's (900). */
  readonly expires = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });
  /** Accessible name of the browser; default StorageBrowserIntl's `browserLabel`. */
  readonly label = input<string | undefined>(undefined);

  /** After an action changed objects: what, where and which keys. */
  readonly changed = output<BrowserChange>();

  private readonly revision = signal(0);
  protected readonly idBase = this.ids.getId('amplify-storage-browser-');

  protected readonly listing = new BrowserListing(this.storage);
  protected readonly layout = new BrowserLayout({ entries: this.listing.entries, view: this.view });
  protected readonly uploads = new BrowserUploads(this.storage, () =>
    this.revision.update((n) => n + 1),
  );
  protected readonly drops = new BrowserDrops(
    this.uploads,
    () => this.has('upload'),
    () => ({ folder: this.folder(), location: this.location(), track: this.track() }),
    () => this.actionsState.message.set({ kind: 'error', text: this.intl().browserDropUnreadable }),
  );
  /** The current user's identity ID ('' until known, and on the server). */
  protected readonly ownIdentityId = toSignal(
    toObservable(this.storage.userChanges).pipe(
      switchMap(() => (this.isBrowser ? this.storage.identityId() : of(undefined))),
      map((id) => id ?? ''),
      catchError(() => of('')),
    ),
    { initialValue: '' },
  );

  /** The user as the permission rules see them. */
  private readonly user = computed(() => ({ guest: this.guest() }));
  /** The levels the user may browse. */
  protected readonly browsable = computed(() => browsableLevels(this.levels(), this.user()));
  /** The levels the user may copy or move into. */
  protected readonly writable = computed(() => writableLevels(this.levels(), this.user()));
  /** The actions offered here. */
  protected readonly actions = computed<ReadonlySet<BrowserAction>>(
    () => new Set(permittedActions(this.location(), this.user())),
  );
  /** The selected entries, in the order shown. */
  protected readonly selection = computed(() => {
    const keys = new Set(this.selectedKeys());
    return this.layout.shown().filter((entry) => keys.has(entry.key));
  });
  protected readonly crumbs = computed(() => breadcrumbs(this.folder(), this.intl().browserTop));
  protected readonly listError = computed(() =>
    this.listing.status() === 'error'
      ? failureText(
          this.intl(),
          'list',
          this.folder() || this.intl().browserTop,
          this.listing.error(),
        )
      : undefined,
  );

  protected readonly nav = new BrowserNavigation({
    shown: this.layout.shown,
    selectedKeys: this.selectedKeys,
    multiple: this.multiple,
    columns: this.layout.columns,
    rowHeight: this.layout.rowHeight,
    viewport: this.viewport,
    folder: this.folder,
    open: (entry) => this.openFolder(entry.key),
    remove: () =>
      this.actions().has('delete') && this.selection().length > 0 && this.toolbar.start('delete'),
  });

  protected readonly toolbar: BrowserToolbar;
  protected readonly actionsState = new BrowserActions({
    storage: this.storage,
    intl: inject(StorageBrowserIntl),
    location: this.location,
    folder: this.folder,
    entries: this.listing.entries,
    track: this.track,
    expires: this.expires,
    changed: (action, keys, level) => {
      this.revision.update((n) => n + 1);
      this.changed.emit({ action, level, keys });
    },
  });

  /** Where a copy or move goes by default: the level shown if writable, else the first writable. */
  protected readonly copyLevel = computed(() => {
    const level = this.location().level;
    return this.writable().includes(level) && !this.location().identityId
      ? level
      : this.writable()[0];
  });

  constructor() {
    this.toolbar = new BrowserToolbar({
      intl: inject(StorageBrowserIntl),
      actions: this.actionsState,
      permitted: this.actions,
      selection: this.selection,
      element: this.host,
      injector: this.injector,
    });
    // Lists on every change of place, user or revision; only in the browser (no S3 calls in SSR).
    effect(() => {
      const query = {
        folder: this.folder(),
        location: this.location(),
        track: this.track(),
        user: this.storage.userChanges(),
        revision: this.revision(),
      };
      if (this.isBrowser) untracked(() => this.listing.load(query));
    });
    // A new place starts with nothing selected and no filter.
    effect(() => {
      this.folder();
      this.location();
      untracked(() => {
        this.selectedKeys.set([]);
        this.layout.filter.set('');
        this.nav.reset();
        this.actionsState.close();
      });
    });
    // Another user sees nothing of the last one's: no uploads, messages or selection.
    effect(() => {
      this.storage.userChanges();
      untracked(() => {
        this.uploads.stopAll();
        this.uploads.clear();
        this.actionsState.dismiss();
      });
    });
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const observer = new ResizeObserver(([entry]) =>
        this.layout.width.set(entry.contentRect.width),
      );
      observer.observe(this.host);
      destroyRef.onDestroy(() => observer.disconnect());
    });
    destroyRef.onDestroy(() => {
      this.listing.stop();
      this.uploads.stopAll();
    });
  }

  /** Opens `folder` (relative to the level). */
  openFolder(folder: string): void {
    this.folder.set(folder);
  }

  /** Switches to `location`, at its top folder. */
  openLocation(location: BrowserLocation): void {
    this.location.set(location);
    this.folder.set('');
  }

  /** Lists the folder again. */
  refresh(): void {
    this.revision.update((n) => n + 1);
  }

  protected has(action: BrowserAction): boolean {
    return this.actions().has(action);
  }

  private readonly selectedSet = computed(() => new Set(this.selectedKeys()));
  protected isSelected(key: string): boolean {
    return this.selectedSet().has(key);
  }

  protected entryId(index: number): string {
    return `${this.idBase}-entry-${index}`;
  }

  protected describe(entry: BrowserEntry): string {
    if (entry.kind === 'folder') return this.intl().browserFolderKind;
    return this.storageIntl().formatSize(entry.size ?? 0);
  }
}
