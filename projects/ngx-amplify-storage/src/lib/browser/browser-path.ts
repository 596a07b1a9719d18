/** One step of the storage browser's breadcrumb trail. */
export interface BrowserCrumb {
  /** The name shown. */
  name: string;
  /** The folder it opens, relative to the level ('' for the top). */
  path: string;
}

/** The breadcrumb trail down to `folder`: the top of the level (named `topName`), then one crumb per folder. */
export function breadcrumbs(folder: string, topName: string): BrowserCrumb[] {
  const crumbs: BrowserCrumb[] = [{ name: topName, path: '' }];
  let path = '';
  for (const segment of folder.split('/').filter((part) => part !== '')) {
    path = `${path}${segment}/`;
    crumbs.push({ name: segment, path });
  }
  return crumbs;
}

/** The folder above `folder` ('' stays ''). */
export function parentOf(folder: string): string {
  if (folder === '') return '';
  const trimmed = folder.slice(0, -1);
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/** Why `name` cannot name a file or folder, as a key of StorageBrowserIntl's messages; undefined when it can. */
export function nameProblem(name: string): 'empty' | 'slash' | 'dots' | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.includes('/')) return 'slash';
  if (trimmed === '.' || trimmed === '..') return 'dots';
  return undefined;
}

/** The key of an entry renamed to `name`, in the same folder (a folder's keeps its `/`). */
export function renamedKey(key: string, name: string): string {
  const folder = key.endsWith('/');
  const trimmed = folder ? key.slice(0, -1) : key;
  return `${trimmed.slice(0, trimmed.lastIndexOf('/') + 1)}${name.trim()}${folder ? '/' : ''}`;
}

/** Where an entry lands when copied or moved into `folder`: the folder plus the entry's own name. */
export function keyInFolder(key: string, folder: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return `${folder}${key.slice(trimmed.lastIndexOf('/') + 1)}`;
}

/**
 * A folder typed by the user as a path relative to the level: slashes around it trimmed, a `/`
 * added, '' for the top. Undefined when a segment is empty, `.` or `..`.
 */
export function typedFolder(text: string): string | undefined {
  const segments = text.trim().split('/');
  while (segments[0] === '') segments.shift();
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  if (segments.length === 0) return '';
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    return undefined;
  return `${segments.join('/')}/`;
}

/**
 * The key an uploaded file gets in `folder`: its path inside a dropped or picked folder
 * (`webkitRelativePath`, or the path a drop gave) when it has one, else its name.
 */
export function uploadKey(folder: string, file: { name: string; relativePath?: string }): string {
  const path = file.relativePath?.replace(/^\/+/, '') || file.name;
  return `${folder}${path}`;
}
