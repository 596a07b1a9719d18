import { Observable, OperatorFunction, Subscription, map } from 'rxjs';
import { Delay } from '../observables/plain-operators';
import { GetUrlResult } from '../service/storage-types';
import { urlRenewalDelay } from './url-expiry';

/** A presigned URL and when it arrived, which is what its renewal is timed from. */
export interface UrlGrant extends GetUrlResult {
  /** When the URL was received (epoch ms). */
  issuedAt: number;
}

/** Stamps each URL with the time it arrived. */
export function stampIssued(): OperatorFunction<GetUrlResult, UrlGrant> {
  return map((result) => ({ ...result, issuedAt: Date.now() }));
}

/**
 * Emits the URL of `first`, then a replacement from `renew` each time the current one is due
 * (see urlRenewalDelay). Unsubscribing cancels the pending wait and any request under way; an
 * error from `renew` (e.g. NotFound) ends the stream with that error, and a source that completes
 * without a URL ends it. The wait is `delay`, which has no default: in a zone.js app a wait of
 * minutes inside Angular's zone keeps the app from ever becoming stable, so every caller passes
 * outsideZoneDelay().
 */
export function renewingUrl(
  first: Observable<UrlGrant>,
  renew: Observable<UrlGrant>,
  delay: Delay,
): Observable<UrlGrant> {
  return new Observable<UrlGrant>((subscriber) => {
    // One step at a time: a request, then the wait for its URL's renewal, then the next request.
    let step = new Subscription();
    const request = (source: Observable<UrlGrant>) => {
      let granted = false;
      const current = (step = new Subscription());
      current.add(
        source.subscribe({
          next: (grant) => {
            granted = true;
            current.unsubscribe();
            subscriber.next(grant);
            // A subscriber that left on this URL (take(1), a destroyed tile) gets no renewal.
            if (subscriber.closed) return;
            const due = urlRenewalDelay(grant.issuedAt, grant.expiresAt.getTime(), Date.now());
            const waiting = (step = new Subscription());
            waiting.add(delay(due).subscribe(() => request(renew)));
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (!granted) subscriber.complete();
          },
        }),
      );
    };
    request(first);
    return () => step.unsubscribe();
  });
}
