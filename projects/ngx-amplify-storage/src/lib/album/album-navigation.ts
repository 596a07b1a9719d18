import { Signal } from '@angular/core';
import { AlbumEntry, parentFolder, placeOfKey } from './album-folder';
import { AlbumFocus } from './album-focus';
import { AlbumItem } from './album-item';

/** What an album's navigation reads and drives. */
export interface AlbumNavigationContext {
  /** Whether the album browses folders one at a time. */
  folders: Signal<boolean>;
  /** The album's root path. */
  path: Signal<string>;
  /** The folder listed now. */
  currentFolder: Signal<string>;
  /** Every tile, in order. */
  tiles: Signal<readonly AlbumEntry[]>;
  /** The album's keyboard focus. */
  focus: AlbumFocus;
  /** Shows `folder` (the album's two-way `folder`). */
  open(folder: string): void;
  /** Selects or deselects `item` as the selection mode says. */
  select(item: AlbumItem): void;
}

/** The handlers an album's template binds (all the component's typings show of its navigation). */
export interface AlbumEvents {
  /** A tile was clicked. */
  tileClick(entry: AlbumEntry): void;
  /** Focus entered a tile. */
  focusIn(event: FocusEvent): void;
  /** The grid itself got focus. */
  gridFocus(event: FocusEvent): void;
  /** A key was pressed in the grid. */
  keydown(event: KeyboardEvent): void;
  /** The user chose a folder (a breadcrumb). */
  navigate(folder: string): void;
}

/**
 * What clicks, focus and keys do in an album: tiles open (folders) or select (items), the
 * navigation keys move focus, Enter and Space activate, Backspace goes up one folder.
 */
export class AlbumNavigation implements AlbumEvents {
  constructor(private readonly context: AlbumNavigationContext) {}

  /** A tile was clicked: it becomes the active one, and opens or selects. */
  tileClick(entry: AlbumEntry): void {
    this.context.focus.activate(entry.key);
    this.activate(entry);
  }

  /** Focus entered a tile (by click, Tab or script): it becomes the active one. */
  focusIn(event: FocusEvent): void {
    const key = (event.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset['key'];
    if (key !== undefined) this.context.focus.activate(key);
  }

  /** The grid itself got focus (its active tile was scrolled away): hand focus to that tile. */
  gridFocus(event: FocusEvent): void {
    const grid = event.target as HTMLElement;
    // Only for keyboard focus: a click in a gap between tiles must not jump the scroll position.
    if (grid === event.currentTarget && grid.matches(':focus-visible'))
      this.context.focus.focusActive();
  }

  /** Arrow keys, Home, End and the Page keys move focus; Enter and Space select; Backspace goes up. */
  keydown(event: KeyboardEvent): void {
    if (event.altKey || event.metaKey) return;
    const { folders, path, currentFolder, tiles, focus } = this.context;
    if (event.key === 'Backspace' && folders()) {
      const folder = currentFolder();
      const parent = parentFolder(path(), folder);
      if (parent !== folder) {
        event.preventDefault();
        this.navigate(parent);
      }
      return;
    }
    const shown = tiles();
    if (shown.length === 0) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.activate(shown[focus.activeIndex()]);
      return;
    }
    // The keys would otherwise also scroll the viewport, fighting the scroll to the focused tile.
    if (focus.move(event.key)) event.preventDefault();
  }

  /** Opens a folder the user chose, and moves focus into it once it is listed. */
  navigate(folder: string): void {
    const left = this.context.currentFolder();
    if (folder === left) return;
    const place = placeOfKey(folder, left);
    this.context.focus.openingFolder(place.place === 'folder' ? place.folder : undefined);
    this.context.open(folder);
  }

  /** Opens a folder, or selects an item as the selection mode says. */
  private activate(entry: AlbumEntry): void {
    if (entry.kind === 'folder') this.navigate(entry.key);
    else this.context.select(entry);
  }
}
