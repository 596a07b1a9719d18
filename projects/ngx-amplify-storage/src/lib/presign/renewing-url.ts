import { Observable, OperatorFunction, SchedulerLike, expand, map, switchMap, timer } from 'rxjs';
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
 * (see urlRenewalDelay). Unsubscribing cancels the pending timer and any request under way;
 * an error from `renew` (e.g. NotFound) ends the stream with that error. The wait runs on
 * `scheduler`, which has no default: in a zone.js app a wait of minutes inside Angular's zone keeps
 * the app from ever becoming stable, so every caller passes outsideZoneScheduler().
 */
export function renewingUrl(
  first: Observable<UrlGrant>,
  renew: Observable<UrlGrant>,
  scheduler: SchedulerLike,
): Observable<UrlGrant> {
  return first.pipe(
    expand((grant) =>
      timer(urlRenewalDelay(grant.issuedAt, grant.expiresAt.getTime(), Date.now()), scheduler).pipe(
        switchMap(() => renew),
      ),
    ),
  );
}
