import { AlbumItem } from './album-item';

/** A folder shown in an album that browses folders: a common prefix of the listing, ending in `/`. */
export interface AlbumFolder {
  /** The folder's path relative to the level, ending in `/` (e.g. `photos/2024/`). */
  key: string;
  /** The folder's own name: its last segment, without the `/`. */
  name: string;
  /** Tells folders from files in an album's tiles. */
  kind: 'folder';
}

/** One step of an album's breadcrumb trail. */
export interface AlbumCrumb {
  /** The name shown. */
  name: string;
  /** The folder it opens, relative to the level. */
  path: string;
}

/** The folder of `key` (e.g. `photos/2024/`) as an album tile. */
export function toAlbumFolder(key: string): AlbumFolder {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return { key, name: trimmed.slice(trimmed.lastIndexOf('/') + 1), kind: 'folder' };
}

/**
 * The folder an album shows: `folder` when it lies under the album's `root` path (or is it), else
 * the root itself, so that an album can never be steered outside the path it was given.
 */
export function folderShown(root: string, folder: string | undefined): string {
  if (folder === undefined || folder === root) return root;
  return folder.startsWith(root) && folder.endsWith('/') ? folder : root;
}

/** The folder above `folder`, stopping at `root`. */
export function parentFolder(root: string, folder: string): string {
  if (folder === root || !folder.startsWith(root)) return root;
  const trimmed = folder.slice(0, -1);
  const parent = trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
  return parent.length < root.length ? root : parent;
}

/**
 * The breadcrumb trail from `root` down to `folder`: the root first (named `rootName` when the root
 * is the whole level, else by its last segment), then one crumb per folder below it.
 */
export function breadcrumbsOf(root: string, folder: string, rootName: string): AlbumCrumb[] {
  const crumbs: AlbumCrumb[] = [
    { name: root === '' ? rootName : toAlbumFolder(root).name, path: root },
  ];
  const shown = folderShown(root, folder);
  let path = root;
  for (const segment of shown
    .slice(root.length)
    .split('/')
    .filter((part) => part !== '')) {
    path = `${path}${segment}/`;
    crumbs.push({ name: segment, path });
  }
  return crumbs;
}

/**
 * Where a key stored while the album shows `folder` belongs: `file` when directly in it, `folder`
 * (the sub-folder to show) when deeper, `elsewhere` when outside it.
 */
export function placeOfKey(
  folder: string,
  key: string,
): { place: 'file' } | { place: 'folder'; folder: string } | { place: 'elsewhere' } {
  if (!key.startsWith(folder) || key === folder) return { place: 'elsewhere' };
  const rest = key.slice(folder.length);
  const slash = rest.indexOf('/');
  return slash === -1
    ? { place: 'file' }
    : { place: 'folder', folder: `${folder}${rest.slice(0, slash + 1)}` };
}

/**
 * The folders while a listing is under way: those listed so far, plus, until the listing is
 * `complete`, those shown before (a refresh replaces them without the tiles blinking), plus `kept`
 * (folders this album's own uploads created meanwhile). Sorted by name with numbers in numeric
 * order (`2/` before `10/`), as file browsers show them.
 */
export function mergeFolders(
  listed: readonly string[],
  shown: readonly string[],
  complete: boolean,
  kept: ReadonlySet<string> = new Set(),
): string[] {
  const keys = new Set(listed);
  if (!complete) for (const key of shown) keys.add(key);
  for (const key of kept) keys.add(key);
  return [...keys].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** What an album's grid shows: its files and, when it browses folders, the folders above them. */
export type AlbumEntry = AlbumItem | AlbumFolder;
