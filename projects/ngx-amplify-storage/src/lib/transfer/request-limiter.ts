import { Injectable, inject } from '@angular/core';
import { TaskLimiter } from './task-limiter';
import { MAX_REQUESTS_PER_HOST } from './transfer-limits';

/**
 * The app-wide limit on requests in flight, one TaskLimiter per host. Each call (a put, a
 * download, a list) asks with its own lane, so a freed slot goes round-robin between calls: the
 * parts of four multipart uploads and a small file started after them take turns, and the small
 * file waits for one slot, not for every part queued before it.
 */
@Injectable({ providedIn: 'root' })
export class RequestLimiter {
  /** Most requests in flight per host. */
  readonly limit = inject(MAX_REQUESTS_PER_HOST);
  private readonly hosts = new Map<string, TaskLimiter>();

  /** The limiter of requests to `host` (host name and port). */
  forHost(host: string): TaskLimiter {
    let limiter = this.hosts.get(host);
    if (!limiter) {
      limiter = new TaskLimiter(this.limit);
      this.hosts.set(host, limiter);
    }
    return limiter;
  }

  /**
   * Runs `request` once `host` has a free slot, in `lane`'s turn; frees the slot when it settles.
   * Aborting `signal` while it waits withdraws it, and rejects with the signal's reason.
   */
  run<T>(host: string, lane: object, signal: AbortSignal, request: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(abortReason(signal));
      let granted = false;
      const onAbort = () => {
        leave();
        reject(abortReason(signal));
      };
      const leave = this.forHost(host).acquire((release) => {
        granted = true;
        signal.removeEventListener('abort', onAbort);
        let result: Promise<T>;
        try {
          result = request();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(release);
      }, lane);
      // Once granted, aborting is the request's own business (its handler aborts it).
      if (!granted) signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}
