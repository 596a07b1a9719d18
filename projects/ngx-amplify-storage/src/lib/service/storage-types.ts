import { OperatorFunction, filter } from 'rxjs';
import { AccessLevel, CustomPrefix } from '../keys/access-level';
import { TransferControl } from '../transfer/transfer-control';

/** What `put` accepts as an object's content. */
export type StorageBody = string | Blob | ArrayBuffer | Uint8Array;

/** Options every call takes. */
export interface LevelOptions {
  /** Access level; default the configured level (`public` unless configured). */
  level?: AccessLevel;
  /** Replacement prefixes for this call only. */
  customPrefix?: CustomPrefix;
  /** Emit a tracking event for this call; default the configured `track`. */
  track?: boolean;
}

/** Options of calls that may read another user's files. */
export interface ReadOptions extends LevelOptions {
  /** Owner of the files, to read another user's protected files; default the current user. */
  identityId?: string;
}

/** Options of `put`. */
export interface PutOptions extends LevelOptions {
  /** MIME type; default the File's or Blob's type, `text/plain` for strings, else `application/octet-stream`. */
  contentType?: string;
  /** `Content-Disposition` served with the object, e.g. `attachment; filename="a.pdf"`. */
  contentDisposition?: string;
  /** `Cache-Control` served with the object. */
  cacheControl?: string;
  /** `Expires` date served with the object. */
  expires?: Date;
  /** User metadata, stored as `x-amz-meta-*` headers. */
  metadata?: Record<string, string>;
  /** A handle to pause, resume or cancel this upload. */
  control?: TransferControl;
}

/** Options of `get` that returns a presigned URL. */
export interface GetUrlOptions extends ReadOptions {
  /** Return a URL (the default). */
  download?: false;
  /** Seconds the URL stays valid; default 900, capped at 7 days and at the credentials' expiry. */
  expires?: number;
  /** Check that the object exists first, and fail with NotFound rather than return a dead URL. */
  validateObjectExistence?: boolean;
}

/** Options of `get` that downloads the object. */
export interface DownloadOptions extends ReadOptions {
  /** Download the object's content instead of returning a URL. */
  download: true;
  /** A handle to pause, resume or cancel this download. */
  control?: TransferControl;
}

/** Options of `list`. */
export interface ListOptions extends ReadOptions {
  /** `false` folds deeper keys into `folders`, as S3's delimiter does; default true (every key under the path). */
  subpaths?: boolean;
  /** Items per page (1-1000); when absent, every page is fetched and returned together. */
  pageSize?: number;
  /** The `nextToken` of the previous page, to fetch the page after it. */
  nextToken?: string;
  /**
   * Fetch every page (of `pageSize` items, default 1000) and emit each as it arrives, rather than
   * all of them together at the end; each carries the `nextToken` of the page after it, the last none.
   */
  eachPage?: boolean;
}

/** Options of `remove`. */
export interface RemoveOptions extends LevelOptions {
  /** Delete the single key (the default). */
  prefix?: false;
}

/** Options of `remove(path, { prefix: true })`. */
export interface RemovePrefixOptions extends LevelOptions {
  /** Delete every object under the folder `path` (which must end in '/', or be '' for the whole level). */
  prefix: true;
}

/** What `remove(path, { prefix: true })` emits: progress in objects, then how many were deleted. */
export type RemovePrefixEvent =
  | { type: 'progress'; deleted: number; found: number }
  | { type: 'result'; path: string; deleted: number };

/** One end of a copy. */
export interface CopyEnd {
  /** Key relative to the level's prefix. */
  key: string;
  /** Access level; default the configured level. */
  level?: AccessLevel;
  /** Owner, to copy from another user's protected files (source only). */
  identityId?: string;
  /** Replacement prefixes for this end. */
  customPrefix?: CustomPrefix;
}

/** Options of `copy`. */
export interface CopyOptions {
  /** Emit a tracking event for this call. */
  track?: boolean;
}

/** What `getProperties` returns. */
export interface ObjectProperties {
  /** The key as given. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** MIME type. */
  contentType?: string;
  /** User metadata the bucket's CORS rules expose. */
  metadata: Record<string, string>;
  /** ETag, when exposed. */
  eTag?: string;
  /** When the object was last written. */
  lastModified?: Date;
}

/** Bytes moved so far by an upload or download. */
export interface StorageProgressEvent {
  /** Discriminant. */
  type: 'progress';
  /** Bytes transferred so far. */
  loaded: number;
  /** Bytes in all, when known. */
  total: number | undefined;
}

/**
 * Where a transfer is in the app-wide transfer queue, like HttpClient's `Sent` event: `queued` on
 * subscribe, when it joins the queue, then `started` when it gets a slot and its requests begin.
 */
export type StorageQueueEvent = { type: 'queued' } | { type: 'started' };

/** The outcome of a `put`. */
export interface PutResult {
  /** The key as given, relative to the level's prefix. */
  key: string;
  /** The stored object's ETag, when the bucket's CORS rules expose it. */
  eTag?: string;
}

/** What `put` emits: `queued`, `started`, progress, then one result. */
export type PutEvent = StorageQueueEvent | StorageProgressEvent | ({ type: 'result' } & PutResult);

/** A presigned URL and when it stops working. */
export interface GetUrlResult {
  /** The presigned GET URL. */
  url: string;
  /** When the URL expires (after the cap on `expires`). */
  expiresAt: Date;
}

/** A downloaded object. */
export interface DownloadResult {
  /** The key as given. */
  key: string;
  /** The object's content. */
  body: Blob;
  /** The object's MIME type. */
  contentType?: string;
  /** The object's size in bytes. */
  size?: number;
  /** The object's ETag, when the bucket's CORS rules expose it. */
  eTag?: string;
  /** When the object was last written. */
  lastModified?: Date;
  /** User metadata, for the `x-amz-meta-*` headers the bucket's CORS rules expose. */
  metadata: Record<string, string>;
}

/** What `get(key, { download: true })` emits: `queued`, `started`, progress, then one result. */
export type DownloadEvent =
  StorageQueueEvent | StorageProgressEvent | ({ type: 'result' } & DownloadResult);

/** The outcome of a `remove`. */
export interface RemoveResult {
  /** The key as given. */
  key: string;
}

/** One object in a listing. */
export interface ListItem {
  /** The key relative to the level's prefix. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** ETag, quoted as S3 returns it. */
  eTag: string;
  /** When the object was last written. */
  lastModified: Date;
}

/** A page of a listing, or all of it. */
export interface ListResult {
  /** The objects found. */
  items: ListItem[];
  /** With `subpaths: false`: the folders directly under the path, relative to the level, ending in '/'. */
  folders?: string[];
  /** Token for the next page; absent on the last page. */
  nextToken?: string;
}

/** Keeps only the final result of a transfer, dropping progress events. */
export function transferResult<E extends { type: string }>(): OperatorFunction<
  E,
  Extract<E, { type: 'result' }>
> {
  return filter((event): event is Extract<E, { type: 'result' }> => event.type === 'result');
}
