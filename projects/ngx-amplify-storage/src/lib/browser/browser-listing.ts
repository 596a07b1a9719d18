import { signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { StorageService } from '../service/storage.service';
import { BrowserLocation } from './browser-access';
import { BrowserEntry, entriesOf } from './browser-entry';

/** Where the listing of the folder shown stands. */
export type BrowserListStatus = 'loading' | 'done' | 'error';

/** Everything a listing depends on: a change to any of it lists again. */
export interface BrowserQuery {
  /** The folder listed, relative to the level. */
  folder: string;
  /** The level, and the owner of another user's protected files. */
  location: BrowserLocation;
  /** Emit tracking events. */
  track: boolean | undefined;
  /** The signed-in user, only so that a change of user lists again. */
  user: unknown;
  /** Bumped to list again after a change. */
  revision: number;
}

/** The listing of the folder a storage browser shows: every page, with its sub-folders. */
export class BrowserListing {
  /** The folder's entries, as listed. */
  readonly entries = signal<readonly BrowserEntry[]>([]);
  /** Where the listing stands. */
  readonly status = signal<BrowserListStatus>('loading');
  /** Why it failed, when it did. */
  readonly error = signal<unknown>(undefined);
  private subscription: Subscription | undefined;
  private place = '';

  constructor(private readonly storage: StorageService) {}

  /**
   * Lists `query`'s folder, replacing a listing under way. The entries shown stay until the new
   * ones arrive when only the revision changed (a refresh); another place starts empty.
   */
  load(query: BrowserQuery): void {
    this.subscription?.unsubscribe();
    const place = JSON.stringify([query.folder, query.location, query.user]);
    if (place !== this.place) this.entries.set([]);
    this.place = place;
    this.status.set('loading');
    this.error.set(undefined);
    const { level, identityId } = query.location;
    this.subscription = this.storage
      .list(query.folder, { level, identityId, subpaths: false, track: query.track })
      .subscribe({
        next: (result) => {
          this.entries.set(entriesOf(result, query.folder));
          this.status.set('done');
        },
        error: (error: unknown) => {
          this.entries.set([]);
          this.error.set(error);
          this.status.set('error');
        },
      });
  }

  /** Stops the listing under way. */
  stop(): void {
    this.subscription?.unsubscribe();
  }
}
