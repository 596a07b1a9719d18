import { PendingTasks, Signal, computed, signal } from '@angular/core';
import { RowScroller } from '../scrolling/row-scroller';
import { AlbumEntry } from './album-folder';
import { nextIndex } from './album-grid';

/** Frames to wait for a tile to be rendered after scrolling to it, before giving up on focusing it. */
const FOCUS_FRAMES = 60;

/** What an album's focus depends on. */
export interface AlbumFocusContext {
  /** The album's element, where tiles and the breadcrumb trail are found. */
  host: HTMLElement;
  /** The scroller that renders the rows, once the album's view is created. */
  scroller: Signal<RowScroller<unknown> | undefined>;
  /** Every tile, in order. */
  tiles: Signal<readonly AlbumEntry[]>;
  /** Tiles per row. */
  columns: Signal<number>;
  /** Height of a row, in pixels. */
  tileSize: Signal<number>;
  /** Kept pending while focus is on its way, so that whenStable() (and harnesses) wait for it. */
  pendingTasks: PendingTasks;
}

/**
 * An album's keyboard focus: one tab stop (roving tabindex) on the active tile, moved by the
 * arrow, Home, End and Page keys, and carried into a folder the user opens once it is listed.
 */
export class AlbumFocus {
  /** The key of the active tile, when one was focused. */
  private readonly activeKey = signal<string | undefined>(undefined);
  /**
   * Set when the user opened a folder, so that focus moves into it once it is listed: to the
   * folder they came up from (a string), or else to the first tile (true).
   */
  private focusAfterListing: string | boolean = false;
  private readonly indexByKey = computed(
    () => new Map(this.context.tiles().map((entry, index) => [entry.key, index])),
  );

  /** The focusable tile (roving tabindex): the last one focused, else the first. */
  readonly activeIndex = computed(() => {
    const key = this.activeKey();
    const index = key === undefined ? -1 : (this.indexByKey().get(key) ?? -1);
    return index === -1 ? 0 : index;
  });
  /** True when no tile is rendered to take focus, so the grid itself must be a tab stop. */
  readonly gridFocusable = computed(() => {
    if (this.context.tiles().length === 0) return false;
    const row = Math.floor(this.activeIndex() / this.context.columns());
    const range = this.context.scroller()?.range() ?? { start: 0, end: 0 };
    return row < range.start || row >= range.end;
  });

  constructor(private readonly context: AlbumFocusContext) {}

  /** Makes the tile of `key` the active one, when it is shown. */
  activate(key: string): void {
    if (this.indexByKey().has(key)) this.activeKey.set(key);
  }

  /** Forgets the active tile, for another folder or album. */
  reset(): void {
    this.activeKey.set(undefined);
  }

  /**
   * The user opened a folder: focus goes into it once listed (see `afterListing`), to `cameFrom`
   * (the sub-folder they came up from) when set, else to the first tile.
   */
  openingFolder(cameFrom: string | undefined): void {
    this.focusAfterListing = cameFrom ?? true;
  }

  /** Moves focus for a navigation key; returns false for any other key. */
  move(key: string): boolean {
    const tiles = this.context.tiles();
    const height = this.context.scroller()?.getViewportSize() ?? 0;
    const pageRows = Math.max(1, Math.floor(height / this.context.tileSize()));
    const target = nextIndex(this.activeIndex(), key, {
      count: tiles.length,
      columns: this.context.columns(),
      pageRows,
    });
    if (target === undefined) return false;
    this.activeKey.set(tiles[target].key);
    this.focusIndex(target);
    return true;
  }

  /** Focuses the active tile (when the grid itself got keyboard focus). */
  focusActive(): void {
    this.focusIndex(this.activeIndex());
  }

  /**
   * After a listing settled (`listed` when it succeeded): if the user opened this folder, focus the
   * folder they came up from or the first tile, or the trail when it is empty or failed.
   */
  afterListing(listed: boolean): void {
    const target = this.focusAfterListing;
    if (target === false) return;
    this.focusAfterListing = false;
    const tiles = this.context.tiles();
    if (tiles.length > 0 && listed) {
      const index = typeof target === 'string' ? (this.indexByKey().get(target) ?? 0) : 0;
      this.activeKey.set(tiles[index].key);
      this.focusIndex(index);
      return;
    }
    // Keeps keyboard users in the album rather than on the page's body.
    this.context.host
      .querySelector<HTMLElement>('.amplify-s3-album-crumb[aria-current="page"]')
      ?.focus();
  }

  /** Scrolls the row of `index` into view, then focuses its tile once the scroller has rendered it. */
  private focusIndex(index: number): void {
    this.context.scroller()?.scrollToRow(Math.floor(index / this.context.columns()));
    const done = this.context.pendingTasks.add();
    const attempt = (frame: number) => {
      const tile = this.context.host.querySelector<HTMLElement>(`[data-index="${index}"]`);
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
}
