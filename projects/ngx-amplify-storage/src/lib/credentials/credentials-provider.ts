import { InjectionToken, Signal } from '@angular/core';

/** AWS credentials, as S3 requests are signed with. */
export interface AwsCredentials {
  /** Access key ID. */
  accessKeyId: string;
  /** Secret access key; never logged or sent anywhere but into signatures. */
  secretAccessKey: string;
  /** Session token of temporary credentials. */
  sessionToken?: string;
  /** When temporary credentials stop working. */
  expiration?: Date;
}

/** The signed-in (or guest) user as storage sees them: credentials plus the identity ID used in keys. */
export interface StorageIdentity {
  /** Credentials that sign this user's requests. */
  credentials: AwsCredentials;
  /** Cognito identity ID, the `{identityId}` of protected and private keys; undefined if none. */
  identityId?: string;
}

/**
 * Supplies the current user's credentials. `getIdentity()` is called for every storage call,
 * so an implementation should cache, renew before expiry, and return the new user at once
 * after a sign-in or sign-out.
 */
export interface StorageCredentialsProvider {
  /** Resolves the current user's credentials and identity ID; `forceRefresh` skips any cache. */
  getIdentity(options?: { forceRefresh?: boolean }): Promise<StorageIdentity>;
  /** Optional: a signal that changes whenever the user changes, so that components reload. */
  readonly userChanges?: Signal<unknown>;
}

/** The credentials provider the storage service uses; defaults to the Cognito identity pool. */
export const STORAGE_CREDENTIALS_PROVIDER =
  /* @__PURE__ */ new InjectionToken<StorageCredentialsProvider>('STORAGE_CREDENTIALS_PROVIDER');

/** How long before expiry credentials are renewed, so that no request is signed with dying ones. */
export const CREDENTIALS_RENEWAL_MARGIN_MS = 5 * 60_000;

/**
 * True when credentials expiring at `expiration` should be renewed at `now`: inside the margin,
 * or past half of their remaining life for very short-lived ones.
 */
export function needsRenewal(
  expiration: Date | undefined,
  now: number,
  issuedAt: number,
  marginMs = CREDENTIALS_RENEWAL_MARGIN_MS,
): boolean {
  if (expiration === undefined) return false;
  const lifetime = expiration.getTime() - issuedAt;
  const margin = Math.min(marginMs, lifetime / 2);
  return now >= expiration.getTime() - margin;
}
