import type { BrowserActionName } from './storage-browser-intl';
import { AccessLevel } from '../keys/access-level';

/** A place the storage browser shows: a level, and for another user's protected files their identity ID. */
export interface BrowserLocation {
  /** The access level. */
  level: AccessLevel;
  /** Another user's identity ID, to read their protected files; absent for the current user's own. */
  identityId?: string;
}

/** What the storage browser can do. */
export type BrowserAction =
  | 'upload'
  | 'createFolder'
  | 'download'
  | 'copy'
  | 'move'
  | 'rename'
  | 'delete'
  | 'properties'
  | 'link';

/** Who is using the browser, as far as permissions go. */
export interface BrowserUser {
  /** Not signed in: Amplify's guest role reads public and protected files, writes only public ones. */
  guest: boolean;
}

/** Every action in toolbar order, and whether it writes at the location shown. */
const ACTIONS: readonly [BrowserAction, 'read' | 'write'][] = [
  ['upload', 'write'],
  ['createFolder', 'write'],
  ['download', 'read'],
  ['copy', 'read'],
  ['move', 'write'],
  ['rename', 'write'],
  ['delete', 'write'],
  ['properties', 'read'],
  ['link', 'read'],
];

/** Whether `user` may read at `location`, as Amplify's default policies grant: all but private for a guest. */
export function canRead(location: BrowserLocation, user: BrowserUser): boolean {
  return !(location.level === 'private' && (user.guest || location.identityId !== undefined));
}

/**
 * Whether `user` may write at `location`: public for everyone; protected and private only for a
 * signed-in user's own files, never for another user's.
 */
export function canWrite(location: BrowserLocation, user: BrowserUser): boolean {
  if (location.level === 'public') return true;
  return !user.guest && location.identityId === undefined;
}

/** The actions offered at `location`, in toolbar order; refused ones are left out, not shown disabled. */
export function permittedActions(location: BrowserLocation, user: BrowserUser): BrowserAction[] {
  const read = canRead(location, user);
  const write = canWrite(location, user);
  return ACTIONS.filter(([, needs]) => (needs === 'write' ? write : read)).map(
    ([action]) => action,
  );
}

/** The levels `user` may browse (among `levels`): a guest has no private files. */
export function browsableLevels(levels: readonly AccessLevel[], user: BrowserUser): AccessLevel[] {
  return levels.filter((level) => canRead({ level }, user));
}

/** The levels `user` may copy or move into (among `levels`): their own writable places. */
export function writableLevels(levels: readonly AccessLevel[], user: BrowserUser): AccessLevel[] {
  return levels.filter((level) => canWrite({ level }, user));
}

/** True when two locations are the same place. */
export function sameLocation(a: BrowserLocation, b: BrowserLocation): boolean {
  return a.level === b.level && a.identityId === b.identityId;
}

/** The storage browser's two views. */
export type BrowserView = 'list' | 'grid';

/** What the storage browser tells the app after it changed objects. */
export interface BrowserChange {
  /** The action that changed them. */
  action: BrowserActionName;
  /** Where. */
  level: AccessLevel;
  /** The keys written (uploaded, copied, created); empty when only deleted or stopped midway. */
  keys: string[];
}
