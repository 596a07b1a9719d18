import { Signal, signal } from '@angular/core';
import { StorageCredentialsProvider, StorageError, StorageIdentity } from 'ngx-amplify-storage';

/** The identity a testing backend starts with, shaped like a Cognito identity ID. */
export const TESTING_IDENTITY_ID = 'us-east-1:00000000-0000-4000-8000-000000000001';

/**
 * Credentials for the testing backend: one made-up access key per identity, so that the backend
 * can tell from each request's signature who sent it, as IAM does.
 */
export class TestingCredentials implements StorageCredentialsProvider {
  private readonly current = signal<string | undefined>(TESTING_IDENTITY_ID);
  private readonly keys = new Map<string, string | undefined>();
  private failure: StorageError | undefined;

  /** Changes with the identity, as the real providers' do, so components reload. */
  readonly userChanges: Signal<unknown> = this.current.asReadonly();

  /** The current identity ID; undefined when signed out with no guest identity. */
  identityId(): string | undefined {
    return this.current();
  }

  /** Makes `identityId` the current user (undefined: no identity at all). */
  switchTo(identityId: string | undefined): void {
    this.current.set(identityId);
  }

  /** Makes the next identity request fail with `error`. */
  failNext(error: StorageError): void {
    this.failure = error;
  }

  /** The identity behind an access key this provider issued. */
  identityOfKey(accessKeyId: string | undefined): { known: boolean; identityId?: string } {
    return accessKeyId !== undefined && this.keys.has(accessKeyId)
      ? { known: true, identityId: this.keys.get(accessKeyId) }
      : { known: false };
  }

  /** Resolves the current identity with its credentials. */
  async getIdentity(): Promise<StorageIdentity> {
    const failure = this.failure;
    if (failure) {
      this.failure = undefined;
      throw failure;
    }
    const identityId = this.current();
    const accessKeyId = `ASIATESTING${(identityId ?? 'NOIDENTITY').replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
    this.keys.set(accessKeyId, identityId);
    return {
      identityId,
      credentials: {
        accessKeyId,
        secretAccessKey: 'testing-secret',
        sessionToken: 'testing-session',
      },
    };
  }
}
