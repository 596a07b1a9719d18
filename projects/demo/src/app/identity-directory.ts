import { Injectable, computed, inject, resource } from '@angular/core';
import { DEMO_BACKEND } from './local-backend';

/** A user name and the Cognito identity ID that owns their protected and private files. */
export interface KnownIdentity {
  name: string;
  identityId: string;
}

/** Where the local identity service lists its users (tools/local-backend/identity-service.mjs). */
export const DIRECTORY_PATH = '/local/users';

/**
 * Reads the local backend's directory of users: `{ users: [{ name, identityId }] }`. Throws a
 * message that names the address when the answer is not that, e.g. from an older backend.
 */
export function parseDirectory(body: unknown, from: string): KnownIdentity[] {
  const users = (body as { users?: unknown } | null)?.users;
  const valid =
    Array.isArray(users) &&
    users.every(
      (user: unknown) =>
        typeof (user as KnownIdentity | null)?.name === 'string' &&
        typeof (user as KnownIdentity).identityId === 'string',
    );
  if (!valid)
    throw new Error(
      `${from} did not answer with { users: [{ name, identityId }] }: is it the local backend of this repository?`,
    );
  return (users as KnownIdentity[])
    .map(({ name, identityId }) => ({ name, identityId }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The users known to the backend, with their identity IDs. A real app would look other users'
 * identity IDs up in its own user records; the local backend's identity service lists its users.
 */
@Injectable({ providedIn: 'root' })
export class IdentityDirectory {
  private readonly address = `${inject(DEMO_BACKEND).identityEndpoint}${DIRECTORY_PATH}`;
  private readonly directory = resource({
    loader: async ({ abortSignal }) => {
      const response = await fetch(this.address, { signal: abortSignal });
      if (!response.ok)
        throw new Error(`${this.address} answered ${response.status} ${response.statusText}.`);
      return parseDirectory(await response.json(), this.address);
    },
  });

  /** Known identities, sorted by user name; empty until read. */
  readonly entries = computed<KnownIdentity[]>(() =>
    this.directory.hasValue() ? this.directory.value() : [],
  );
  /** Why the directory could not be read, if it could not. */
  readonly error = computed(() => {
    const error = this.directory.error();
    return error ? error.message : undefined;
  });
}
