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

// A URL's lifetime is kept in this one file: above, the validity it is signed with; below, when
// the display components replace it before it dies (the renewal stream is renewing-url.ts).

/** Share of a URL's lifetime after which it is replaced, leaving the rest as a margin. */
export const URL_RENEWAL_FRACTION = 0.85;

/** Shortest wait before a renewal, so that a URL with a tiny lifetime cannot cause a busy loop. */
export const MIN_URL_RENEWAL_DELAY_MS = 500;

// SigV4 signs a URL's start time in whole seconds, so a URL may die up to a second before the
// `expiresAt` the service computed from the exact time.
const SIGNING_GRANULARITY_MS = 1000;

// setTimeout fires at once for longer delays (they overflow a 32-bit int).
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** When a URL issued at `issuedAt` and dying at `expiresAt` (both epoch ms) should be replaced. */
export function urlRenewalTime(issuedAt: number, expiresAt: number): number {
  const usableLifetime = Math.max(expiresAt - issuedAt - SIGNING_GRANULARITY_MS, 0);
  return issuedAt + usableLifetime * URL_RENEWAL_FRACTION;
}

/** Milliseconds to wait at `now` before renewing the URL; at least MIN_URL_RENEWAL_DELAY_MS. */
export function urlRenewalDelay(issuedAt: number, expiresAt: number, now: number): number {
  const delay = urlRenewalTime(issuedAt, expiresAt) - now;
  return Math.min(Math.max(delay, MIN_URL_RENEWAL_DELAY_MS), MAX_TIMER_DELAY_MS);
}

/** True while a URL can still be handed out without renewing it first. */
export function isUrlFresh(issuedAt: number, expiresAt: number, now: number): boolean {
  return now < urlRenewalTime(issuedAt, expiresAt);
}
