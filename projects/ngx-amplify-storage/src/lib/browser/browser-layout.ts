import { Signal, computed, signal } from '@angular/core';
import { BrowserView } from './browser-access';
import { BrowserEntry, BrowserRow, BrowserSort, arrangeEntries, rowsOf } from './browser-entry';

/** The sort menu's choices, in its order. */
const SORT_OPTIONS: readonly BrowserSort[] = [
  { field: 'name', direction: 'asc' },
  { field: 'name', direction: 'desc' },
  { field: 'size', direction: 'asc' },
  { field: 'size', direction: 'desc' },
  { field: 'date', direction: 'desc' },
  { field: 'date', direction: 'asc' },
];

/** Rows of the list view and of the grid view, in pixels: fixed, for the virtual scroller. */
const LIST_ROW = 40;
const GRID_ROW = 128;
const GRID_TILE = 136;

/** What the layout needs of the browser. */
export interface BrowserLayoutHost {
  /** The folder's entries, as listed. */
  entries: Signal<readonly BrowserEntry[]>;
  /** List or grid. */
  view: Signal<BrowserView>;
}

/**
 * How the storage browser shows a folder: its entries filtered by name and sorted, cut into the
 * fixed-height rows the virtual scroller renders (one entry a row in the list, as many tiles as
 * the width holds in the grid).
 */
export class BrowserLayout {
  /** The filter typed, matched against names. */
  readonly filter = signal('');
  /** The sort chosen. */
  readonly sort = signal<BrowserSort>({ field: 'name', direction: 'asc' });
  /** The browser's width in pixels, which sets the grid's columns. */
  readonly width = signal(0);
  /** The sort menu's choices. */
  readonly sortOptions = SORT_OPTIONS;
  /** The sort chosen as the menu's value: `field direction`. */
  readonly sortValue = computed(() => `${this.sort().field} ${this.sort().direction}`);
  /** The entries shown, filtered and sorted. */
  readonly shown = computed(() => arrangeEntries(this.host.entries(), this.filter(), this.sort()));
  /** How many of the entries shown are folders. */
  readonly folderCount = computed(() => this.shown().filter((e) => e.kind === 'folder').length);
  /** Entries a row: 1 in the list, as many tiles as fit in the grid. */
  readonly columns = computed(() =>
    this.host.view() === 'grid' ? Math.max(1, Math.floor(this.width() / GRID_TILE)) : 1,
  );
  /** A row's height in pixels. */
  readonly rowHeight: Signal<number> = computed(() =>
    this.host.view() === 'grid' ? GRID_ROW : LIST_ROW,
  );
  /** The rows the virtual scroller renders. */
  readonly rows = computed(() => rowsOf(this.shown(), this.columns()));

  constructor(private readonly host: BrowserLayoutHost) {}

  /** Chooses the sort from the menu's value (`field direction`). */
  chooseSort(value: string): void {
    const [field, direction] = value.split(' ') as [BrowserSort['field'], BrowserSort['direction']];
    this.sort.set({ field, direction });
  }

  /** Tells rows apart for the scroller: by position and first key. */
  readonly trackRow = (row: BrowserRow) => `${row.index} ${row.entries[0]?.key}`;
}
