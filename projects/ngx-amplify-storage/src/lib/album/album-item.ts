import { ListItem } from '../service/storage-types';
import {
  DisplayKind,
  contentTypeFromKey,
  displayKindOf,
  fileNameOf,
} from '../display/content-type';

/** One object in an album: a listed object plus what its key says about how to show it. */
export interface AlbumItem extends ListItem {
  /** The key, under the name Amplify's album items gave it, for filters such as `(item) => /jpg/i.test(item.path)`. */
  path: string;
  /** File name: the last segment of the key. */
  name: string;
  /** MIME type inferred from the key's extension (listings carry no content type). */
  contentType: string;
  /** How the album shows it. */
  kind: DisplayKind;
}

/** An album item as `(selected)` and `(selectionChange)` emit it, with a URL to fetch it. */
export interface SelectedAlbumItem extends AlbumItem {
  /** A presigned GET URL of the object, valid for the album's `expires`. */
  url: string;
}

/** Decides which items an album shows. */
export type AlbumFilter = (item: AlbumItem) => boolean;

/** Orders an album's items, as for `Array.prototype.sort`. */
export type AlbumSort = (a: AlbumItem, b: AlbumItem) => number;

/** What a listing says about an object, plus its name, content type and display kind. */
export function toAlbumItem(item: ListItem): AlbumItem {
  const contentType = contentTypeFromKey(item.key);
  return {
    ...item,
    path: item.key,
    name: fileNameOf(item.key),
    contentType,
    kind: displayKindOf(contentType),
  };
}

/**
 * The text under a tile. A flat album shows every key under its path at once, so it names each
 * by its key under that path: `big.bin` and `files/big.bin` must not look alike. Browsing
 * folders, the folder is the context and the file name is enough.
 */
export function tileLabelOf(
  entry: { key: string; name: string },
  path: string,
  flat: boolean,
): string {
  return flat && entry.key.startsWith(path) && entry.key.length > path.length
    ? entry.key.slice(path.length)
    : entry.name;
}

/** True for folder markers (zero-byte keys ending in `/`, as the S3 console creates), which albums skip. */
export function isFolderMarker(item: ListItem): boolean {
  return item.key.endsWith('/');
}

/** Key order, as S3 lists them; the tie-breaker of the other comparators so that order is stable. */
export const byKey: AlbumSort = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Most recently written first, then by key: the album's default order. */
export const newestFirst: AlbumSort = (a, b) =>
  b.lastModified.getTime() - a.lastModified.getTime() || byKey(a, b);

/** Least recently written first, then by key. */
export const oldestFirst: AlbumSort = (a, b) =>
  a.lastModified.getTime() - b.lastModified.getTime() || byKey(a, b);

/** Largest first, then by key. */
export const largestFirst: AlbumSort = (a, b) => b.size - a.size || byKey(a, b);

/** The items to show: without folder markers, filtered, then sorted (the input is left as it is). */
export function arrangeAlbum(
  items: readonly AlbumItem[],
  filter: AlbumFilter | undefined,
  sort: AlbumSort,
): AlbumItem[] {
  return items
    .filter((item) => !isFolderMarker(item) && (filter === undefined || filter(item)))
    .sort(sort);
}

/** `items` with `item` in place of the entry with its key, or added if there is none. */
export function upsertByKey(items: readonly AlbumItem[], item: AlbumItem): AlbumItem[] {
  const index = items.findIndex((existing) => existing.key === item.key);
  return index === -1
    ? [...items, item]
    : items.map((existing, i) => (i === index ? item : existing));
}

/**
 * The album's items while a listing is under way, so that pages can arrive without the album
 * emptying first. `listed` holds the pages so far, in S3's key order. Until the listing is
 * `complete`, what was shown beyond the last listed key stays (a refresh replaces it page by
 * page); `kept` names items added meanwhile (own uploads), which stay even if the listing missed them.
 */
export function mergeListing(
  listed: readonly AlbumItem[],
  shown: readonly AlbumItem[],
  complete: boolean,
  kept: ReadonlySet<string> = new Set(),
): AlbumItem[] {
  const listedKeys = new Set(listed.map((item) => item.key));
  const lastKey = listed.length > 0 ? listed[listed.length - 1].key : undefined;
  const rest = shown.filter(
    (item) =>
      !listedKeys.has(item.key) &&
      (kept.has(item.key) || (!complete && (lastKey === undefined || item.key > lastKey))),
  );
  return rest.length === 0 ? [...listed] : [...listed, ...rest];
}
