import type { StorageErrorCode } from '../errors/storage-error';
import { AccessLevel } from '../keys/access-level';

/** The storage methods that tracking reports. */
export type StorageMethod =
  'put' | 'get' | 'download' | 'remove' | 'list' | 'copy' | 'getProperties' | 'updateMetadata';

/** One tracked storage call. It never holds credentials, signed URLs or file content. */
export interface StorageEvent {
  /** Which call. */
  method: StorageMethod;
  /** `success`, or the StorageError code the call failed with (`Cancelled` also when unsubscribed mid-call). */
  result: 'success' | StorageErrorCode;
  /** Access level of the call. */
  level: AccessLevel;
  /** The key or path as the caller gave it. */
  key: string;
  /** Bytes uploaded or downloaded, when known. */
  size?: number;
  /** Objects removed by a prefix delete (`remove(path, { prefix: true })`). */
  count?: number;
  /** Time from subscribe to the end of the call, in milliseconds. */
  durationMs: number;
}
