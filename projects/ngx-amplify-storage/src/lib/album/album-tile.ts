import {
  ChangeDetectionStrategy,
  Component,
  TemplateRef,
  computed,
  effect,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Observable, map } from 'rxjs';
import { just, recover, startingWith } from '../observables/plain-operators';
import { AlbumTileContext, AlbumTemplateOutlet } from './album-templates';
import { AlbumEntry } from './album-folder';
import { AlbumItem } from './album-item';
import { extensionOf } from '../display/content-type';
import {
  DisplayError,
  displayErrorOf,
  displayErrorText,
  unreadableError,
} from '../display/display-error';
import { injectStorageIntl } from '../i18n/intl-signal';
import { outsideZoneDelay } from '../ssr/in-browser';
import { ImageRechecks } from '../display/image-rechecks';
import { UrlGrant, renewingUrl } from '../presign/renewing-url';

/** Where a tile gets its URL and its text preview: the album, which caches both. */
export interface AlbumTileSource {
  /** A URL for `key`: a cached one while fresh, or with `recheck` a new one after checking the object exists. */
  url(key: string, recheck: boolean): Observable<UrlGrant>;
  /** The first characters of a text item. */
  preview(item: AlbumItem): Observable<string>;
}

/** Largest text object whose start is downloaded for a preview; larger ones show a plain text tile. */
export const TEXT_PREVIEW_MAX_BYTES = 16 * 1024;

type TileState =
  | { status: 'loading' }
  | { status: 'image'; url: string }
  | { status: 'text'; preview: string }
  | { status: 'plain' }
  | { status: 'folder' }
  | { status: 'error'; error: DisplayError };

/** The text a tile shows in place of a picture: a preview, an error, or a file-type badge. */
interface TileNote {
  /** Its class, which says which of the three it is (the harness finds them by it). */
  class: string;
  text: string;
  /** The error's code, for `data-code`. */
  code?: string;
  /** True for the badge, which repeats the name's extension to screen readers. */
  hidden?: boolean;
}

/**
 * One tile of an album, created only while its row is rendered: it asks for its URL or preview
 * then, and its subscription (timer, download) ends when the row scrolls away.
 */
@Component({
  selector: 'amplify-s3-album-tile',
  imports: [AlbumTemplateOutlet],
  templateUrl: './album-tile.html',
  styleUrl: './album-tile.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'amplify-s3-album-tile',
    '[attr.data-key]': 'item().key',
    '[attr.data-kind]': 'item().kind',
    '[attr.data-status]': 'state().status',
    '[attr.aria-label]': 'name()',
    // The check mark is a pseudo-element (album-tile.css): one element fewer per tile.
    '[class.amplify-s3-album-tile-checked]': 'isSelected() && !custom()',
  },
})
export class AlbumTile {
  /** Where renewal timers wait: outside Angular's zone, so that they never block stability. */
  private readonly delay = outsideZoneDelay();
  /** Re-checks the object, for a fresh URL, when the image fails to load, as S3Image does. */
  private readonly rechecks = new ImageRechecks(this.delay);
  /** The app's strings. */
  private readonly intl = injectStorageIntl();

  /** The item or folder shown. */
  readonly item = input.required<AlbumEntry>();
  /** Where URLs and previews come from. */
  readonly source = input.required<AlbumTileSource>();
  /** The text under the tile, and its accessible name; default the item's file name. */
  readonly label = input<string | undefined>(undefined);
  /** Whether the item is selected, for the check mark. */
  readonly isSelected = input(false);
  /** The album's custom tile template, which then renders the content of file tiles. */
  // null too: the album binds `tileTemplate()?.template`, which Angular makes null when absent.
  readonly template = input<TemplateRef<AlbumTileContext> | null | undefined>(undefined);

  /** A URL for a custom template of a file that is not an image (images have theirs in `state`). */
  private readonly fileUrl = signal<string | undefined>(undefined);

  /** What the template shows. */
  protected readonly state = signal<TileState>({ status: 'loading' });
  /** The image URL, while there is one. */
  protected readonly url = computed(() => {
    const state = this.state();
    return state.status === 'image' ? state.url : undefined;
  });
  /** The text under the tile, and its accessible name. */
  protected readonly name = computed(() => this.label() ?? this.item().name);
  /** The text shown in place of a picture, while there is one. */
  protected readonly note = computed<TileNote | undefined>(() => {
    const state = this.state();
    switch (state.status) {
      case 'text':
        return { class: 'amplify-s3-album-tile-preview', text: state.preview };
      case 'error':
        return {
          class: 'amplify-s3-album-tile-error',
          text: displayErrorText(state.error, this.intl()),
          code: state.error.code,
        };
      case 'plain':
        return { class: 'amplify-s3-album-tile-badge', text: this.badge(), hidden: true };
      default:
        return undefined;
    }
  });
  /** The custom template and what it gets, for a file (undefined for a folder, which keeps its own look). */
  protected readonly custom = computed(() => {
    const template = this.template();
    const item = this.item();
    if (!template || item.kind === 'folder') return undefined;
    const url = this.url() ?? this.fileUrl();
    const context: AlbumTileContext = { $implicit: item, item, url, selected: this.isSelected() };
    return { template, context };
  });
  /** The extension shown on tiles without a picture, e.g. `PDF`. */
  private readonly badge = computed(
    () => extensionOf(this.item().key).toUpperCase() || this.intl().fileBadge,
  );

  constructor() {
    effect((onCleanup) => {
      const item = this.item();
      const source = this.source();
      const custom = !!this.template();
      untracked(() => {
        const subscription = this.states(item, source, custom).subscribe((state) =>
          this.state.set(state),
        );
        onCleanup(() => subscription.unsubscribe());
      });
    });
    // A custom template may link any file, so it gets a URL for files the tile would not show.
    effect((onCleanup) => {
      const item = this.item();
      const source = this.source();
      const wanted = !!this.template() && item.kind !== 'folder' && item.kind !== 'image';
      untracked(() => {
        this.fileUrl.set(undefined);
        if (!wanted) return;
        const subscription = renewingUrl(
          source.url(item.key, false),
          source.url(item.key, false),
          this.delay,
        )
          .pipe(recover(() => just(undefined)))
          .subscribe((grant) => this.fileUrl.set(grant?.url));
        onCleanup(() => subscription.unsubscribe());
      });
    });
  }

  /** The image loaded: its URL works. */
  protected onImageLoad(): void {
    this.rechecks.loaded();
  }

  /** The URL stopped working (object deleted, or URL expired): re-check, as S3Image does. */
  protected onImageError(): void {
    this.rechecks.failed();
  }

  /** The tile's states; with a `custom` template, text is not previewed (the template shows none). */
  private states(
    item: AlbumEntry,
    source: AlbumTileSource,
    custom: boolean,
  ): Observable<TileState> {
    // A folder needs nothing from S3: it opens on click.
    if (item.kind === 'folder') return just<TileState>({ status: 'folder' });
    const failed = (error: unknown) =>
      just<TileState>({ status: 'error', error: displayErrorOf(error, item.name) });
    if (item.kind === 'image') {
      // The listing has just shown that the object exists, so the first URL is not checked: that
      // keeps a screenful of tiles to zero requests before the images themselves.
      return this.rechecks
        .states((recheck) => source.url(item.key, recheck))
        .pipe(
          map((state): TileState => {
            if (state.status === 'shown') return { status: 'image', url: state.url };
            if (state.status === 'unreadable')
              return { status: 'error', error: unreadableError(item.name, 'image') };
            return state;
          }),
          recover(failed),
        );
    }
    if (item.kind === 'text' && item.size <= TEXT_PREVIEW_MAX_BYTES && !custom) {
      return source.preview(item).pipe(
        map((preview): TileState => ({ status: 'text', preview })),
        startingWith<TileState, TileState>({ status: 'loading' }),
        recover(failed),
      );
    }
    return just<TileState>({ status: 'plain' });
  }
}
