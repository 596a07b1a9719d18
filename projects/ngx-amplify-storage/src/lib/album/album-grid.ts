/** One row of an album's virtual grid. */
export interface AlbumRow<T> {
  /** Index of the row's first item among all items shown. */
  start: number;
  /** The row's items, at most one row's worth. */
  items: readonly T[];
}

/** How many fixed-size tiles fit across `width` pixels (at least one). */
export function columnsFor(width: number, tileSize: number): number {
  if (!(width > 0) || !(tileSize > 0)) return 1;
  return Math.max(1, Math.floor(width / tileSize));
}

/** Splits `items` into rows of `columns`, the unit the virtual scroller renders. */
export function rowsOf<T>(items: readonly T[], columns: number): AlbumRow<T>[] {
  const rows: AlbumRow<T>[] = [];
  for (let start = 0; start < items.length; start += columns) {
    rows.push({ start, items: items.slice(start, start + columns) });
  }
  return rows;
}

/** The layout facts that keyboard navigation needs. */
export interface GridShape {
  /** Items shown. */
  count: number;
  /** Tiles per row. */
  columns: number;
  /** Rows that fit in the viewport, for Page Up and Page Down. */
  pageRows: number;
}

/**
 * Where focus goes from `index` when `key` is pressed, or undefined for keys the album does not
 * handle. Arrows move by one tile or one row, stopping at the edges; Home and End go to the first
 * and last item (rows only wrap a flat list, so their ends mean little); Page keys move a screenful.
 */
export function nextIndex(index: number, key: string, shape: GridShape): number | undefined {
  const { count, columns, pageRows } = shape;
  if (count === 0) return undefined;
  const last = count - 1;
  const clamp = (value: number) => Math.min(Math.max(value, 0), last);
  switch (key) {
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowDown':
      // From the last full row into a shorter last row, land on its last item rather than stop.
      return index + columns <= last
        ? index + columns
        : Math.floor(index / columns) < Math.floor(last / columns)
          ? last
          : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return clamp(index + columns * Math.max(pageRows, 1));
    case 'PageUp':
      return clamp(index - columns * Math.max(pageRows, 1));
    default:
      return undefined;
  }
}
