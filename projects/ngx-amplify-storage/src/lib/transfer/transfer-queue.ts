import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, Subscription, concat, of } from 'rxjs';
import { TaskLimiter } from './task-limiter';

/**
 * How many transfers may run at once across the app; by default no limit of its own. What the
 * browser's connections bound is requests, and the RequestLimiter shares them between calls: a
 * transfer limit on top would keep a small file waiting until a large upload ended.
 */
export const MAX_CONCURRENT_TRANSFERS = /* @__PURE__ */ new InjectionToken<number>(
  'MAX_CONCURRENT_TRANSFERS',
  {
    providedIn: 'root',
    factory: () => Number.POSITIVE_INFINITY,
  },
);

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
    return concat(
      of({ type: 'queued' as const }),
      this.run(concat(of({ type: 'started' as const }), transfer)),
    );
  }
}
