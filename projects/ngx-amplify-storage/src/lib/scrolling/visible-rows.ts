/** Rows `start` (included) to `end` (excluded) of a list: those a scroller renders. */
export interface RowRange {
  /** The first row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/** What a scroller of fixed-height rows shows. */
export interface ScrollerView {
  /** Pixels scrolled from the top. */
  offset: number;
  /** Height of the scroller's visible area, in pixels. */
  height: number;
  /** Height of every row, in pixels. */
  rowHeight: number;
  /** Rows in the whole list. */
  rowCount: number;
  /** Rows rendered beyond each edge of the visible area, so that a short scroll shows rows already there. */
  buffer: number;
}

/**
 * The rows to render: those in view and `buffer` more on each side. At least one row is in view
 * while the scroller has not been measured yet (a server render, or before the first layout).
 */
export function visibleRows(view: ScrollerView): RowRange {
  const { rowHeight, rowCount, buffer } = view;
  if (!(rowHeight > 0) || !(rowCount > 0)) return { start: 0, end: 0 };
  const offset = Math.max(0, view.offset || 0);
  const first = Math.floor(offset / rowHeight);
  const last = Math.max(first + 1, Math.ceil((offset + Math.max(0, view.height || 0)) / rowHeight));
  const clamp = (row: number) => Math.min(Math.max(row, 0), rowCount);
  return { start: clamp(first - buffer), end: clamp(last + buffer) };
}

/** True when two ranges render the same rows. */
export function sameRows(a: RowRange, b: RowRange): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The scroll offset that brings `row` fully into view with the least movement, or undefined when it is in view. */
export function offsetShowing(row: number, view: ScrollerView): number | undefined {
  const top = row * view.rowHeight;
  if (top < view.offset) return top;
  if (top + view.rowHeight > view.offset + view.height) return top + view.rowHeight - view.height;
  return undefined;
}
