import { Injectable, computed, signal } from '@angular/core';

const STORAGE_KEY = 'ngx-amplify-storage-demo.identities';

/** A user name and the Cognito identity ID that owns their protected and private files. */
export interface KnownIdentity {
  name: string;
  identityId: string;
}

/**
 * The identities seen in this browser, kept in localStorage. A real app would look other users'
 * identity IDs up in its own user records; the demo remembers each user it was switched to.
 */
@Injectable({ providedIn: 'root' })
export class IdentityDirectory {
  private readonly byName = signal<Record<string, string>>(load());

  /** Known identities, sorted by user name. */
  readonly entries = computed<KnownIdentity[]>(() =>
    Object.entries(this.byName())
      .map(([name, identityId]) => ({ name, identityId }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );

  record(name: string, identityId: string): void {
    if (this.byName()[name] === identityId) return;
    this.byName.update((known) => ({ ...known, [name]: identityId }));
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.byName()));
    } catch {
      // Storage full or disabled: the directory still works for this page.
    }
  }
}

function load(): Record<string, string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return {};
    return Object.fromEntries(Object.entries(saved).filter(([, id]) => typeof id === 'string'));
  } catch {
    return {};
  }
}
