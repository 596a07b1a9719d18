import { NEVER, Observable, of, throwError } from 'rxjs';
import { Delay } from '../observables/plain-operators';
import { UrlGrant } from '../presign/renewing-url';
import { ImageRechecks, ImageUrlState, MAX_IMAGE_LOAD_FAILURES } from './image-rechecks';

/** A URL source that records whether each URL was asked for with a re-check; URLs live an hour. */
function urlSource() {
  const calls: boolean[] = [];
  const url = (recheck: boolean): Observable<UrlGrant> => {
    calls.push(recheck);
    const issuedAt = Date.now();
    return of({
      url: `https://example.test/${calls.length}`,
      expiresAt: new Date(issuedAt + 3_600_000),
      issuedAt,
    });
  };
  return { calls, url };
}

/** Renewals never fall due: these specs are about failures, not expiry. */
const neverDue: Delay = () => NEVER;

function watch(rechecks: ImageRechecks, url: (recheck: boolean) => Observable<UrlGrant>) {
  const states: ImageUrlState[] = [];
  const errors: unknown[] = [];
  const subscription = rechecks
    .states(url)
    .subscribe({ next: (state) => states.push(state), error: (error) => errors.push(error) });
  return { states, errors, subscription };
}

describe('ImageRechecks', () => {
  it('shows the first URL unchecked, then a re-checked URL after each failure', () => {
    const rechecks = new ImageRechecks(neverDue);
    const { calls, url } = urlSource();
    const { states, subscription } = watch(rechecks, url);
    // renewingUrl asks for its renewal source up front (unchecked), next to the first URL.
    expect(calls).toEqual([false, false]);
    expect(states).toEqual([
      { status: 'loading' },
      { status: 'shown', url: 'https://example.test/1' },
    ]);

    rechecks.failed();
    expect(calls.slice(2)).toEqual([true, false]);
    expect(states.slice(2)).toEqual([
      { status: 'loading' },
      { status: 'shown', url: 'https://example.test/3' },
    ]);
    subscription.unsubscribe();
  });

  it(`gives up after ${MAX_IMAGE_LOAD_FAILURES} failures in a row`, () => {
    const rechecks = new ImageRechecks(neverDue);
    const { states, subscription } = watch(rechecks, urlSource().url);
    for (let i = 0; i < MAX_IMAGE_LOAD_FAILURES; i++) rechecks.failed();
    expect(states.at(-1)).toEqual({ status: 'unreadable' });
    expect(states.filter((state) => state.status === 'unreadable').length).toBe(1);
    subscription.unsubscribe();
  });

  it('starts counting again after a load, and for a new image', () => {
    const rechecks = new ImageRechecks(neverDue);
    const first = watch(rechecks, urlSource().url);
    for (let i = 0; i < MAX_IMAGE_LOAD_FAILURES - 1; i++) rechecks.failed();
    rechecks.loaded();
    for (let i = 0; i < MAX_IMAGE_LOAD_FAILURES - 1; i++) rechecks.failed();
    expect(first.states.at(-1)?.status).withContext('the load reset the count').toBe('shown');
    rechecks.failed();
    expect(first.states.at(-1)?.status).toBe('unreadable');
    first.subscription.unsubscribe();

    // Failures of the previous image do not count against the next one.
    const next = watch(rechecks, urlSource().url);
    rechecks.failed();
    expect(next.states.at(-1)?.status).toBe('shown');
    next.subscription.unsubscribe();
  });

  it("ends with the URL source's error, e.g. a deleted object", () => {
    const rechecks = new ImageRechecks(neverDue);
    const gone = new Error('NotFound');
    const { states, errors } = watch(rechecks, () => throwError(() => gone));
    expect(states).toEqual([{ status: 'loading' }]);
    expect(errors).toEqual([gone]);
  });
});
