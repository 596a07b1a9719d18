import { Observable, Subject, map } from 'rxjs';
import { Delay, just, startingWith, switchTo } from '../observables/plain-operators';
import { UrlGrant, renewingUrl } from '../presign/renewing-url';

/** Load failures allowed in a row for an existing image, before it is called unreadable. */
export const MAX_IMAGE_LOAD_FAILURES = 3;

/** Where an image shown from a presigned URL stands. */
export type ImageUrlState =
  | { status: 'loading' }
  | { status: 'shown'; url: string }
  // It kept failing to load although the object exists: not an image a browser can show.
  | { status: 'unreadable' };

/**
 * The re-check logic that S3Image and the album's tiles share. An `<img>` whose URL stops working
 * (the object was deleted, or the URL expired before its renewal) reports `failed()`; the object
 * is then re-checked, leading to a fresh URL or to the URL source's error (e.g. NotFound). An
 * image that keeps failing while it exists ends in `unreadable`. `loaded()` proves the URL works.
 */
export class ImageRechecks {
  private readonly failures = new Subject<void>();
  private failuresInARow = 0;

  /** @param delay How renewal timers wait (see renewingUrl). */
  constructor(private readonly delay: Delay) {}

  /** The image loaded: its URL works, and earlier failures no longer count. */
  loaded(): void {
    this.failuresInARow = 0;
  }

  /** The image failed to load: re-check it, or give up after MAX_IMAGE_LOAD_FAILURES in a row. */
  failed(): void {
    this.failuresInARow++;
    this.failures.next();
  }

  /**
   * The states of one image: `url(false)` first, `url(true)` after each failure (a URL for which
   * the object was checked), each renewed with `url(false)` before it expires (see renewingUrl).
   * An error of `url` ends the stream with that error. A new image starts with no failures.
   */
  states(url: (recheck: boolean) => Observable<UrlGrant>): Observable<ImageUrlState> {
    this.failuresInARow = 0;
    return this.failures.pipe(
      map(() => (this.failuresInARow >= MAX_IMAGE_LOAD_FAILURES ? 'give-up' : 'recheck')),
      startingWith('first' as const),
      switchTo((action) =>
        action === 'give-up'
          ? just<ImageUrlState>({ status: 'unreadable' })
          : renewingUrl(url(action === 'recheck'), url(false), this.delay).pipe(
              map((grant): ImageUrlState => ({ status: 'shown', url: grant.url })),
              // Dropping the failed <img> at once keeps the browser's broken-image icon off screen.
              startingWith<ImageUrlState, ImageUrlState>({ status: 'loading' }),
            ),
      ),
    );
  }
}
