import { ModelSignal, Signal, signal } from '@angular/core';
import { BrowserEntry } from './browser-entry';
import { movedIndex, pickSelection } from './browser-keys';
import { parentOf } from './browser-path';
import { RowScroller } from '../scrolling/row-scroller';

/** What keyboard and mouse navigation needs of the browser. */
export interface BrowserNavigationHost {
  shown: Signal<readonly BrowserEntry[]>;
  selectedKeys: ModelSignal<readonly string[]>;
  multiple: Signal<boolean>;
  columns: Signal<number>;
  rowHeight: Signal<number>;
  viewport: Signal<RowScroller<unknown> | undefined>;
  folder: ModelSignal<string>;
  /** Opens a folder entry. */
  open(entry: BrowserEntry): void;
  /** Asks to delete the selection (the Delete key). */
  remove(): void;
}

/**
 * Focus and selection in the browser's listbox: the active entry (shown to assistive technology
 * through aria-activedescendant, so that only the entries in view need to exist), selection by
 * click, Ctrl/Cmd-click, Shift-click, Space and Shift+arrows, and the keys that open folders.
 */
export class BrowserNavigation {
  /** Index of the active entry in the entries shown; -1 for none. */
  readonly active = signal(-1);
  private anchor = -1;

  constructor(private readonly host: BrowserNavigationHost) {}

  /** Forgets the active entry (a new folder or location). */
  reset(): void {
    this.active.set(-1);
    this.anchor = -1;
  }

  /** A click in the list: selects the entry clicked (with Ctrl/Cmd toggled, with Shift a range). */
  click(event: MouseEvent): void {
    const index = indexOfEvent(event);
    if (index < 0) return;
    this.active.set(index);
    this.select(index, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
  }

  /** A double click: opens the folder clicked. */
  open(event: MouseEvent): void {
    this.openAt(indexOfEvent(event));
  }

  private openAt(index: number): void {
    const entry = this.host.shown()[index];
    if (entry?.kind === 'folder') this.host.open(entry);
  }

  /** The listbox's keys. */
  keydown(event: KeyboardEvent): void {
    const shown = this.host.shown();
    const viewport = this.host.viewport();
    const pageRows = Math.floor((viewport?.getViewportSize() ?? 0) / this.host.rowHeight());
    const index = this.active();
    const moved = movedIndex(event.key, index, {
      count: shown.length,
      columns: this.host.columns(),
      pageRows,
    });
    if (moved !== undefined) {
      event.preventDefault();
      this.moveTo(moved);
      if (event.shiftKey && this.host.multiple()) this.select(moved, { range: true });
      else if (!event.ctrlKey && !event.metaKey) this.select(moved, {});
      return;
    }
    switch (event.key) {
      case ' ':
        event.preventDefault();
        if (index >= 0) this.select(index, { toggle: true, range: event.shiftKey });
        return;
      case 'Enter':
        if (index >= 0) {
          event.preventDefault();
          this.openAt(index);
        }
        return;
      case 'Backspace':
        event.preventDefault();
        this.host.folder.set(parentOf(this.host.folder()));
        return;
      case 'Delete':
        event.preventDefault();
        this.host.remove();
        return;
      case 'Escape':
        if (this.host.selectedKeys().length > 0) {
          event.preventDefault();
          this.host.selectedKeys.set([]);
        }
        return;
      case 'a':
      case 'A':
        if ((event.ctrlKey || event.metaKey) && this.host.multiple()) {
          event.preventDefault();
          this.host.selectedKeys.set(shown.map((entry) => entry.key));
        }
        return;
    }
  }

  /** When the listbox gets focus with no active entry, the first selected (or first) entry becomes active. */
  focused(): void {
    if (this.active() >= 0) return;
    const shown = this.host.shown();
    const selected = new Set(this.host.selectedKeys());
    const first = shown.findIndex((entry) => selected.has(entry.key));
    if (shown.length > 0) this.moveTo(Math.max(0, first));
  }

  private moveTo(index: number): void {
    this.active.set(index);
    // Scroll the row into view: only rows in view are rendered, and the active one must exist.
    this.host.viewport()?.scrollToRow(Math.floor(index / this.host.columns()));
  }

  private select(index: number, how: { toggle?: boolean; range?: boolean }): void {
    const shown = this.host.shown().map((entry) => entry.key);
    const change = pickSelection(shown, this.host.selectedKeys(), this.anchor, index, {
      ...how,
      multiple: this.host.multiple(),
    });
    this.anchor = change.anchor;
    this.host.selectedKeys.set(change.keys);
  }
}

/** The index of the entry an event happened on (its `data-index`), or -1 outside any entry. */
function indexOfEvent(event: Event): number {
  const option = (event.target as Element | null)?.closest?.('[role="option"]');
  const index = Number(option?.getAttribute('data-index') ?? -1);
  return Number.isInteger(index) ? index : -1;
}
