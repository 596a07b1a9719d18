import { StorageError } from '../errors/storage-error';

/** Default validity of a presigned URL, in seconds (Amplify's). */
export const DEFAULT_URL_EXPIRES_SECONDS = 900;

/** SigV4's longest presigned-URL validity: 7 days, in seconds. */
export const MAX_URL_EXPIRES_SECONDS = 7 * 24 * 3600;

/** Returns `expires` if it is a positive, finite number of seconds, else throws InvalidExpires. */
export function assertExpires(expires: unknown): number {
  if (typeof expires !== 'number' || !Number.isFinite(expires) || expires <= 0) {
    throw new StorageError(
      'InvalidExpires',
      `expires is ${typeof expires === 'number' ? expires : JSON.stringify(expires)}; give the URL's validity in seconds, a number above 0 (default ${DEFAULT_URL_EXPIRES_SECONDS}).`,
      { field: 'expires' },
    );
  }
  return expires;
}

/**
 * The validity actually given to a URL: the requested seconds, capped at 7 days and at the
 * time left on the credentials, because a URL signed with temporary credentials dies with them.
 */
export function effectiveUrlExpiry(
  requestedSeconds: number,
  credentialsExpiration: Date | undefined,
  now: number,
): number {
  let seconds = Math.min(Math.floor(requestedSeconds), MAX_URL_EXPIRES_SECONDS);
  if (credentialsExpiration !== undefined) {
    seconds = Math.min(seconds, Math.floor((credentialsExpiration.getTime() - now) / 1000));
  }
  return Math.max(seconds, 1);
}
