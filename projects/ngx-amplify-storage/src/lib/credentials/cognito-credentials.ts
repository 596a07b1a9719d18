import { Injectable, inject, signal } from '@angular/core';
import { StorageError } from '../errors/storage-error';
import { StorageConfigStore } from '../config/storage-config-store';
import { StorageCredentialsProvider, StorageIdentity, needsRenewal } from './credentials-provider';

/** Identity-provider tokens by provider name, e.g. `{ 'cognito-idp.<region>.amazonaws.com/<poolId>': idToken }`. */
export type CognitoLogins = Record<string, string>;

type CognitoIdentityPoolProvider = ReturnType<
  typeof import('@aws-sdk/credential-provider-cognito-identity').fromCognitoIdentityPool
>;

interface CachedIdentity {
  identity: Promise<StorageIdentity>;
  issuedAt: number;
}

/**
 * The default credentials provider: a Cognito identity pool, for guests and for users signed in
 * through a `logins` map. Credentials are cached per user and renewed before they expire.
 */
@Injectable({ providedIn: 'root' })
export class CognitoCredentials implements StorageCredentialsProvider {
  private readonly config = inject(StorageConfigStore);
  private logins: CognitoLogins | undefined;
  private cached: CachedIdentity | undefined;
  private pool: { key: string; provider: CognitoIdentityPoolProvider } | undefined;
  // Bumped on every user change, so that a fetch that started for the previous user is never cached.
  private generation = 0;
  private readonly currentIdentityId = signal<string | undefined>(undefined);

  private readonly userVersion = signal(0);

  /** Changes on every sign-in and sign-out, so that components showing files reload. */
  readonly userChanges = this.userVersion.asReadonly();
  /** The identity ID of the current user, once credentials have been fetched. */
  readonly identityId = this.currentIdentityId.asReadonly();

  /** Switches to a signed-in user; pass the identity-provider tokens of that user. */
  setLogins(logins: CognitoLogins): void {
    this.switchUser({ ...logins });
  }

  /** Switches to a guest (unauthenticated) identity, as after sign-out. */
  clearLogins(): void {
    this.switchUser(undefined);
  }

  /** Resolves the current user's credentials, from cache while they are fresh. */
  getIdentity(options: { forceRefresh?: boolean } = {}): Promise<StorageIdentity> {
    const cached = this.cached;
    if (cached && !options.forceRefresh) {
      return cached.identity.then((identity) => {
        if (!needsRenewal(identity.credentials.expiration, Date.now(), cached.issuedAt))
          return identity;
        // Concurrent calls share one renewal rather than each asking the pool.
        return this.cached && this.cached !== cached ? this.cached.identity : this.fetchIdentity();
      });
    }
    return this.fetchIdentity();
  }

  private switchUser(logins: CognitoLogins | undefined): void {
    this.logins = logins;
    this.cached = undefined;
    this.generation++;
    this.currentIdentityId.set(undefined);
    this.userVersion.update((version) => version + 1);
  }

  private fetchIdentity(): Promise<StorageIdentity> {
    const generation = this.generation;
    const entry: CachedIdentity = { identity: this.requestIdentity(), issuedAt: Date.now() };
    this.cached = entry;
    entry.identity.then(
      (identity) => {
        if (generation === this.generation) this.currentIdentityId.set(identity.identityId);
      },
      () => {
        // A failed fetch must not stay cached, or every later call would fail the same way.
        if (this.cached === entry) this.cached = undefined;
      },
    );
    return entry.identity;
  }

  private async requestIdentity(): Promise<StorageIdentity> {
    const config = this.config.settings();
    if (!config.identityPoolId) {
      throw new StorageError(
        'NoCredentials',
        'No credentials: configure Auth.identityPoolId (or aws_cognito_identity_pool_id), or provide your own credentials with withCredentialsProvider().',
        { field: 'identityPoolId' },
      );
    }
    // Read the user once, before any await: a sign-in during the SDK import must not turn a call
    // started for one user into a call made with the next user's credentials.
    const logins = this.logins;
    const generation = this.generation;
    const poolKey = `${config.identityPoolId} ${config.identityEndpoint ?? ''} ${generation}`;
    let pool = this.pool;
    if (pool?.key !== poolKey) {
      // One SDK provider per user and pool: it remembers the identity ID, so renewals skip GetId.
      const { fromCognitoIdentityPool } =
        await import('@aws-sdk/credential-provider-cognito-identity');
      pool = {
        key: poolKey,
        provider: fromCognitoIdentityPool({
          identityPoolId: config.identityPoolId,
          logins,
          clientConfig: {
            region: config.identityRegion ?? config.region,
            ...(config.identityEndpoint ? { endpoint: config.identityEndpoint } : {}),
          },
        }),
      };
      if (generation === this.generation) this.pool = pool;
    }
    try {
      const credentials = await pool.provider();
      return {
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
          expiration: credentials.expiration,
        },
        identityId: credentials.identityId,
      };
    } catch (error) {
      throw new StorageError(
        'NoCredentials',
        `The identity pool gave no credentials (${(error as Error).name}: ${(error as Error).message}). Check the identity pool ID and region, and that it allows ${logins ? 'this login provider' : 'guest access'}.`,
        { cause: error },
      );
    }
  }
}
