import { Signal, computed } from '@angular/core';
import { displayErrorText } from '../display/display-error';
import { StorageIntl } from '../i18n/storage-intl';
import { AlbumEntry, toAlbumFolder } from './album-folder';
import { AlbumRow, columnsFor, rowsOf } from './album-grid';
import { AlbumFilter, AlbumItem, AlbumSort, arrangeAlbum } from './album-item';
import { AlbumListing, listingStatusText } from './album-listing';

/** The album inputs and measures that arrange what is listed. */
export interface AlbumArrangement {
  filter: Signal<AlbumFilter | undefined>;
  sort: Signal<AlbumSort>;
  /** The viewport's width in pixels, and the least width of a tile. */
  width: Signal<number>;
  tileSize: Signal<number>;
  intl: Signal<StorageIntl>;
}

/**
 * What an album shows of its listing: the items filtered and sorted, the folders before them, the
 * rows the virtual scroller renders, and the status and error lines in the app's language.
 */
export class AlbumContents {
  /** The items shown, filtered and sorted. */
  readonly items: Signal<AlbumItem[]>;
  /** Every tile: the folders (by name, never filtered) and then the items. */
  readonly tiles: Signal<readonly AlbumEntry[]>;
  /** Tiles per row. */
  readonly columns: Signal<number>;
  /** The rows the virtual scroller renders. */
  readonly rows: Signal<AlbumRow<AlbumEntry>[]>;
  /** The status line: a count once listed, so that screen readers are not told of every page. */
  readonly statusText: Signal<string>;
  /** The sentence of the listing's error, in the app's language. */
  readonly errorText: Signal<string>;

  constructor(listing: AlbumListing, arrangement: AlbumArrangement) {
    const { filter, sort, width, tileSize, intl } = arrangement;
    this.items = computed(() => arrangeAlbum(listing.entries(), filter(), sort()));
    this.tiles = computed(() => {
      const folders = listing.folderKeys();
      return folders.length === 0 ? this.items() : [...folders.map(toAlbumFolder), ...this.items()];
    });
    this.columns = computed(() => columnsFor(width(), tileSize()));
    this.rows = computed(() => rowsOf(this.tiles(), this.columns()));
    this.statusText = computed(() =>
      listingStatusText(listing.status(), this.items().length, listing.folderKeys().length, intl()),
    );
    this.errorText = computed(() => {
      const error = listing.error();
      return error === undefined ? '' : displayErrorText(error, intl());
    });
  }
}
