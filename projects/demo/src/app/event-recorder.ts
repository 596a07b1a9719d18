import { Injectable, inject, signal } from '@angular/core';
import { StorageEvent, StorageService } from 'ngx-amplify-storage';

/** A tracking event as the log shows it, with when it arrived. */
export interface LoggedEvent extends StorageEvent {
  id: number;
  at: Date;
}

/** How many events the log keeps. */
export const KEPT_EVENTS = 50;

/**
 * Records `StorageService.events$` from the moment the app starts, on every page, so that the
 * event log on the Service API page also shows what the components did on the other pages.
 */
@Injectable({ providedIn: 'root' })
export class EventRecorder {
  private nextId = 0;
  private readonly kept = signal<LoggedEvent[]>([]);
  private readonly count = signal(0);

  /** The latest events, newest first. */
  readonly events = this.kept.asReadonly();
  /** Events received since the app started or the log was cleared, including those no longer kept. */
  readonly received = this.count.asReadonly();

  constructor() {
    // A root service lives as long as the app: no unsubscribe needed.
    inject(StorageService).events$.subscribe((event) => {
      this.count.update((count) => count + 1);
      this.kept.update((events) =>
        [{ ...event, id: ++this.nextId, at: new Date() }, ...events].slice(0, KEPT_EVENTS),
      );
    });
  }

  /** Forgets every event so far. */
  clear(): void {
    this.kept.set([]);
    this.count.set(0);
  }
}
