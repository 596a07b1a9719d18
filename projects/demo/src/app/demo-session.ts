import { Injectable, computed, inject, signal } from '@angular/core';
import {
  ACCESS_LEVELS,
  AccessLevel,
  CognitoCredentials,
  StorageService,
} from 'ngx-amplify-storage';
import { Subscription } from 'rxjs';
import { errorMessage } from './error-message';
import { DEMO_BACKEND } from './local-backend';

/** The name the user switch shows for the unauthenticated identity. */
export const GUEST = 'Guest';

/** What one access level allows the current user, as the level switch says it. */
export interface LevelChoice {
  level: AccessLevel;
  /** What the user may do there, in a few words. */
  hint: string;
  /** False when the role policy gives the user nothing at that level. */
  allowed: boolean;
}

/**
 * What each level allows a guest and a signed-in user, as the role policies of infra/policies
 * say: a guest reads and writes public files, reads protected ones, and has no private files.
 */
export function levelChoices(signedIn: boolean): LevelChoice[] {
  return ACCESS_LEVELS.map((level) => {
    switch (level) {
      case 'public':
        return { level, hint: 'everyone reads and writes', allowed: true };
      case 'protected':
        return signedIn
          ? { level, hint: 'everyone reads, only you write', allowed: true }
          : { level, hint: 'guests read only; sign in to write', allowed: true };
      case 'private':
        return signedIn
          ? { level, hint: 'only you read and write', allowed: true }
          : { level, hint: 'sign in to have private files', allowed: false };
    }
  });
}

/**
 * Who the demo acts as and at which level, shared by every page: the header switches them, the
 * pages show files of that user at that level. Survives navigation, since it lives in the root.
 */
@Injectable({ providedIn: 'root' })
export class DemoSession {
  private readonly storage = inject(StorageService);
  private readonly credentials = inject(CognitoCredentials);
  private identityLookup: Subscription | undefined;

  /** The backend the demo talks to; its users are the ones the switch offers. */
  readonly backend = inject(DEMO_BACKEND);
  /** Every user the switch offers: the guest first. */
  readonly users: readonly string[] = [GUEST, ...this.backend.users];

  private readonly currentUser = signal(GUEST);
  private readonly currentLevel = signal<AccessLevel>('public');
  private readonly levelNote = signal<string | undefined>(undefined);

  /** The user acted as: `GUEST` or a backend user's name. */
  readonly user = this.currentUser.asReadonly();
  /** The access level the pages use. */
  readonly level = this.currentLevel.asReadonly();
  /** Why the level changed by itself, e.g. a guest has no private files. */
  readonly note = this.levelNote.asReadonly();
  /** The current user's identity ID, once CognitoCredentials has fetched it. */
  readonly identityId = this.credentials.identityId;
  /** Why the identity could not be fetched, if it could not. */
  readonly identityError = signal<string | undefined>(undefined);
  /** Whose files the pages show, e.g. "public files" or "private files of alice". */
  readonly filesLabel = computed(() =>
    this.level() === 'public' ? 'public files' : `${this.level()} files of ${this.user()}`,
  );
  /** The levels, with what each allows the current user. */
  readonly levels = computed(() => levelChoices(this.user() !== GUEST));
  /** Changes with the user or the level: what was shown for the previous one is forgotten. */
  readonly scope = computed(() => `${this.user()} ${this.level()}`);
  /** Bumped after every write (upload, delete, copy, metadata), so that the lists show the change. */
  readonly revision = signal(0);

  constructor() {
    this.actAs(GUEST);
  }

  /**
   * Signs in as a local user, or out to a guest. With the local backend the login token is the
   * user name; a real app passes the ID token of its sign-in, e.g.
   * `{ 'cognito-idp.<region>.amazonaws.com/<userPoolId>': idToken }`.
   */
  actAs(user: string): void {
    this.currentUser.set(user);
    this.levelNote.set(undefined);
    // A guest has no private files (the role policy lists none): show what a guest may use instead.
    const choice = this.levels().find((option) => option.level === this.level());
    if (choice && !choice.allowed) {
      this.currentLevel.set('public');
      this.levelNote.set(`Guests have no ${choice.level} files, so the public files are shown.`);
    }
    if (user === GUEST) this.credentials.clearLogins();
    else this.credentials.setLogins({ [this.backend.loginProvider]: user });

    // Fetch the identity now, rather than at the first call, to show it.
    this.identityError.set(undefined);
    this.identityLookup?.unsubscribe();
    this.identityLookup = this.storage.identityId().subscribe({
      error: (error) => this.identityError.set(errorMessage(error)),
    });
  }

  /** Chooses the level the pages use; one the user has no access to is refused. */
  chooseLevel(level: AccessLevel): void {
    if (!this.levels().some((option) => option.level === level && option.allowed)) return;
    this.levelNote.set(undefined);
    this.currentLevel.set(level);
  }

  /** Files were stored, changed or deleted: the lists read again. */
  refresh(): void {
    this.revision.update((revision) => revision + 1);
  }
}
