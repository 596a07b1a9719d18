import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** How many transfers may run at once across the app; default 4 (Chromium opens 6 connections per host). */
export const MAX_CONCURRENT_TRANSFERS = new InjectionToken<number>('MAX_CONCURRENT_TRANSFERS', {
  providedIn: 'root',
  factory: () => 4,
});

/**
 * One queue for the whole app: a transfer waits for a free slot on subscribe and frees it when it
 * ends, fails or is unsubscribed, so that many picked files never open more connections than the limit.
 */
@Injectable({ providedIn: 'root' })
export class TransferQueue {
  private readonly limit = inject(MAX_CONCURRENT_TRANSFERS);
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  /** Transfers running now. */
  get active(): number {
    return this.running;
  }

  /** Transfers waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `transfer` when a slot is free; the returned Observable mirrors it. */
  run<T>(transfer: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let started = false;
      let released = false;
      let teardown: (() => void) | undefined;
      const release = () => {
        if (started && !released) {
          released = true;
          this.running--;
          this.next();
        }
      };
      const start = () => {
        started = true;
        this.running++;
        const subscription = transfer.subscribe({
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
        teardown = () => subscription.unsubscribe();
      };
      if (this.running < this.limit) start();
      else this.waiting.push(start);
      return () => {
        if (!started) {
          const index = this.waiting.indexOf(start);
          if (index >= 0) this.waiting.splice(index, 1);
        }
        teardown?.();
        release();
      };
    });
  }

  private next(): void {
    while (this.running < this.limit && this.waiting.length > 0) this.waiting.shift()?.();
  }
}
