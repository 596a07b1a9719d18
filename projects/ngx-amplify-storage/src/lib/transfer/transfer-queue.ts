import { Injectable, inject } from '@angular/core';
import { Observable, Subscription } from 'rxjs';
import { startingWith } from '../observables/plain-operators';
import { TaskLimiter } from './task-limiter';
import { MAX_CONCURRENT_TRANSFERS } from './transfer-limits';

/**
 * One queue for the whole app: a transfer waits for a free slot on subscribe and frees it when it
 * ends, fails or is unsubscribed. Slots are unlimited unless the app sets withMaxConcurrentTransfers;
 * connections are bounded per request by the RequestLimiter.
 */
@Injectable({ providedIn: 'root' })
export class TransferQueue {
  private readonly slots = new TaskLimiter(inject(MAX_CONCURRENT_TRANSFERS));

  /** Transfers running now. */
  get active(): number {
    return this.slots.active;
  }

  /** Transfers waiting for a slot. */
  get queued(): number {
    return this.slots.queued;
  }

  /** Runs `transfer` when a slot is free; the returned Observable mirrors it. */
  run<T>(transfer: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let subscription: Subscription | undefined;
      const leave = this.slots.acquire((release) => {
        subscription = transfer.subscribe({
          next: (value) => subscriber.next(value),
          error: (error) => {
            release();
            subscriber.error(error);
          },
          complete: () => {
            release();
            subscriber.complete();
          },
        });
      });
      return () => {
        subscription?.unsubscribe();
        leave();
      };
    });
  }

  /**
   * `run`, telling the subscriber where the transfer is: `{ type: 'queued' }` on subscribe, then
   * `{ type: 'started' }` when it gets its slot, before any of its own values.
   */
  runInQueue<T>(transfer: Observable<T>): Observable<T | { type: 'queued' } | { type: 'started' }> {
    // startingWith rather than rxjs's startWith, whose interop code would join the initial bundle.
    return this.run(transfer.pipe(startingWith({ type: 'started' as const }))).pipe(
      startingWith({ type: 'queued' as const }),
    );
  }
}
