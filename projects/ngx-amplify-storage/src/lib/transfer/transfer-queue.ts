import { Injectable, inject } from '@angular/core';
import { Observable, Subscription } from 'rxjs';
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
    return after(
      { type: 'queued' as const },
      this.run(after({ type: 'started' as const }, transfer)),
    );
  }
}

/**
 * `first`, then the values of `source`: rxjs's `concat(of(first), source)`, written out because
 * concat brings rxjs's interop code and tslib's async helpers (about 6 kB raw), and esbuild puts
 * what a lazy chunk uses from rxjs in the initial bundle, since Angular reaches all of rxjs.
 */
function after<F, T>(first: F, source: Observable<T>): Observable<F | T> {
  return new Observable<F | T>((subscriber) => {
    subscriber.next(first);
    if (subscriber.closed) return undefined;
    return source.subscribe({
      next: (value) => subscriber.next(value),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
