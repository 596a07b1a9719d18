import { ListResult } from '../service/storage-types';

/** A file or a folder shown by the storage browser. */
export interface BrowserEntry {
  /** `folder` for a common prefix of the listing (or a folder marker), else `file`. */
  kind: 'file' | 'folder';
  /** The key relative to the level; a folder's ends in `/`. */
  key: string;
  /** The last segment of the key, without a folder's `/`. */
  name: string;
  /** Size in bytes (files only). */
  size?: number;
  /** When the object was last written (files only). */
  lastModified?: Date;
}

/** What the browser's list can be sorted by. */
export type BrowserSortField = 'name' | 'size' | 'date';

/** A sort order of the storage browser: folders always come first. */
export interface BrowserSort {
  /** The column sorted by. */
  field: BrowserSortField;
  /** Ascending or descending. */
  direction: 'asc' | 'desc';
}

/** The last segment of `key`, without a folder's trailing `/`. */
export function nameOf(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The entries of one folder's listing (made with `subpaths: false`): its sub-folders, then its
 * files. The folder's own marker object (a zero-byte `folder/` key, as "create folder" writes) is
 * left out, since it is the folder being shown.
 */
export function entriesOf(result: ListResult, folder: string): BrowserEntry[] {
  const folders: BrowserEntry[] = (result.folders ?? []).map((key) => ({
    kind: 'folder',
    key,
    name: nameOf(key),
  }));
  const files: BrowserEntry[] = [];
  for (const item of result.items) {
    if (item.key === folder) continue;
    files.push({
      kind: item.key.endsWith('/') ? 'folder' : 'file',
      key: item.key,
      name: nameOf(item.key),
      size: item.size,
      lastModified: item.lastModified,
    });
  }
  return [...folders, ...files];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two entries by `sort`, folders first; ties are broken by name so the order is stable. */
export function compareEntries(a: BrowserEntry, b: BrowserEntry, sort: BrowserSort): number {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
  const sign = sort.direction === 'asc' ? 1 : -1;
  let order = 0;
  if (sort.field === 'size') order = (a.size ?? 0) - (b.size ?? 0);
  else if (sort.field === 'date')
    order = (a.lastModified?.getTime() ?? 0) - (b.lastModified?.getTime() ?? 0);
  if (order === 0) order = collator.compare(a.name, b.name);
  return sign * order;
}

/**
 * The entries shown: those whose name contains `filter` (ignoring case and accents; folders too),
 * in `sort` order. A new array; the input is left alone.
 */
export function arrangeEntries(
  entries: readonly BrowserEntry[],
  filter: string,
  sort: BrowserSort,
): BrowserEntry[] {
  const needle = fold(filter.trim());
  const kept = needle === '' ? [...entries] : entries.filter((e) => fold(e.name).includes(needle));
  return kept.sort((a, b) => compareEntries(a, b, sort));
}

/** Lower case without accents, so that a filter for "cafe" finds "Café". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** The sort after the user asks to sort by `field`: the same field flips direction, a new one starts ascending (dates newest first). */
export function nextSort(current: BrowserSort, field: BrowserSortField): BrowserSort {
  if (current.field === field)
    return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { field, direction: field === 'date' ? 'desc' : 'asc' };
}

/** One row of the virtual scroller: the index of its first entry, and its entries. */
export interface BrowserRow {
  /** Index of the row's first entry among those shown. */
  index: number;
  /** The row's entries: one in the list view, up to `columns` in the grid. */
  entries: BrowserEntry[];
}

/** The entries cut into rows of `columns`. */
export function rowsOf(entries: readonly BrowserEntry[], columns: number): BrowserRow[] {
  const rows: BrowserRow[] = [];
  const size = Math.max(1, Math.floor(columns));
  for (let i = 0; i < entries.length; i += size)
    rows.push({ index: i, entries: entries.slice(i, i + size) });
  return rows;
}
