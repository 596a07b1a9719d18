import { NgZone } from '@angular/core';
import { EMPTY, Observable, Subject, map, of, take, throwError } from 'rxjs';
import { UrlGrant, renewingUrl } from '../presign/renewing-url';
import { outsideZoneDelay } from '../ssr/in-browser';
import {
  Delay,
  followedBy,
  just,
  lazy,
  recover,
  sharedLast,
  startingWith,
  switchTo,
} from './plain-operators';

/** Everything a subscription saw, in order: values, then 'complete' or the error. */
function record<T>(source: Observable<T>) {
  const seen: unknown[] = [];
  const subscription = source.subscribe({
    next: (value) => seen.push(value),
    error: (error: unknown) => seen.push(error),
    complete: () => seen.push('complete'),
  });
  return { seen, subscription };
}

/** A source that counts its subscribers and the teardowns of their subscriptions. */
function counted<T>(subject: Subject<T>) {
  const counts = { subscribed: 0, tornDown: 0 };
  const source = new Observable<T>((subscriber) => {
    counts.subscribed++;
    const inner = subject.subscribe(subscriber);
    return () => {
      counts.tornDown++;
      inner.unsubscribe();
    };
  });
  return { counts, source };
}

describe('plain operators', () => {
  it('just emits its value and completes; lazy creates its source per subscriber', () => {
    expect(record(just(1)).seen).toEqual([1, 'complete']);
    let created = 0;
    const source = lazy(() => just(++created));
    expect(record(source).seen).toEqual([1, 'complete']);
    expect(record(source).seen).toEqual([2, 'complete']);
  });

  it('startingWith emits its value first, and never subscribes a source the subscriber left', () => {
    const subject = new Subject<number>();
    const { counts, source } = counted(subject);
    const { seen } = record(source.pipe(startingWith(0)));
    subject.next(1);
    subject.complete();
    expect(seen).toEqual([0, 1, 'complete']);
    expect(record(source.pipe(startingWith(0), take(1))).seen).toEqual([0, 'complete']);
    expect(counts.subscribed).toBe(1);
  });

  it('switchTo drops the projection before, and completes after the source and the last projection', () => {
    const outer = new Subject<string>();
    const inners = new Map<string, Subject<string>>();
    const projected = new Map<string, ReturnType<typeof counted<string>>>();
    const { seen } = record(
      outer.pipe(
        switchTo((name) => {
          const subject = new Subject<string>();
          inners.set(name, subject);
          const source = counted(subject);
          projected.set(name, source);
          return source.source;
        }),
      ),
    );
    outer.next('a');
    inners.get('a')!.next('a1');
    outer.next('b');
    expect(projected.get('a')!.counts.tornDown).toBe(1);
    inners.get('a')!.next('a2');
    inners.get('b')!.next('b1');
    outer.complete();
    expect(seen).toEqual(['a1', 'b1']);
    inners.get('b')!.complete();
    expect(seen).toEqual(['a1', 'b1', 'complete']);
  });

  it('switchTo completes when a projection ends at once and then the source does', () => {
    const outer = new Subject<number>();
    const { seen } = record(outer.pipe(switchTo((value) => of(value * 10))));
    outer.next(1);
    outer.next(2);
    outer.complete();
    expect(seen).toEqual([10, 20, 'complete']);
  });

  it('switchTo passes on errors of the source and of a projection, and tears both down on unsubscribe', () => {
    const failure = new Error('inner');
    expect(record(just(1).pipe(switchTo(() => throwError(() => failure)))).seen).toEqual([failure]);
    const outerFailure = new Error('outer');
    expect(record(throwError(() => outerFailure).pipe(switchTo(() => just(1)))).seen).toEqual([
      outerFailure,
    ]);
    const outerSubject = new Subject<number>();
    const outer = counted(outerSubject);
    const inner = counted(new Subject<number>());
    const { subscription } = record(outer.source.pipe(switchTo(() => inner.source)));
    outerSubject.next(1);
    expect(inner.counts.subscribed).toBe(1);
    subscription.unsubscribe();
    expect(outer.counts.tornDown).toBe(1);
    expect(inner.counts.tornDown).toBe(1);
  });

  it('recover goes on with the handler’s values after an error, and passes on the handler’s error', () => {
    const failure = new Error('first');
    const values = record(
      new Observable<number>((subscriber) => {
        subscriber.next(1);
        subscriber.error(failure);
      }).pipe(recover((error) => just(error === failure ? 'recovered' : 'wrong'))),
    );
    expect(values.seen).toEqual([1, 'recovered', 'complete']);
    const second = new Error('second');
    expect(
      record(throwError(() => failure).pipe(recover(() => throwError(() => second)))).seen,
    ).toEqual([second]);
    expect(record(just(1).pipe(recover(() => EMPTY))).seen).toEqual([1, 'complete']);
  });

  it('recover tears down the fallback when the subscriber leaves', () => {
    const fallback = counted(new Subject<string>());
    const { subscription } = record(
      throwError(() => new Error('x')).pipe(recover(() => fallback.source)),
    );
    expect(fallback.counts.subscribed).toBe(1);
    subscription.unsubscribe();
    expect(fallback.counts.tornDown).toBe(1);
  });

  it('followedBy subscribes the next source once the first completes, and never after an error', () => {
    const first = new Subject<number>();
    const next = counted(new Subject<number>());
    const { seen, subscription } = record(first.pipe(followedBy(next.source)));
    first.next(1);
    expect(next.counts.subscribed).toBe(0);
    first.complete();
    expect(next.counts.subscribed).toBe(1);
    subscription.unsubscribe();
    expect(next.counts.tornDown).toBe(1);
    expect(seen).toEqual([1]);
    expect(record(just(1).pipe(followedBy(just(2)))).seen).toEqual([1, 2, 'complete']);
    const failure = new Error('first failed');
    const after = counted(new Subject<number>());
    expect(record(throwError(() => failure).pipe(followedBy(after.source))).seen).toEqual([
      failure,
    ]);
    expect(after.counts.subscribed).toBe(0);
  });

  it('sharedLast runs its source once and replays the last value and completion to later subscribers', () => {
    const subject = new Subject<number>();
    const { counts, source } = counted(subject);
    const shared = sharedLast(source, false);
    const first = record(shared);
    const second = record(shared);
    subject.next(1);
    subject.next(2);
    expect(counts.subscribed).toBe(1);
    const third = record(shared);
    expect(third.seen).toEqual([2]);
    subject.complete();
    expect(first.seen).toEqual([1, 2, 'complete']);
    expect(second.seen).toEqual([1, 2, 'complete']);
    expect(third.seen).toEqual([2, 'complete']);
    expect(record(shared).seen).toEqual([2, 'complete']);
    expect(counts.subscribed).toBe(1);
  });

  it('sharedLast without refCount keeps running when every subscriber left', () => {
    const subject = new Subject<number>();
    const { counts, source } = counted(subject);
    const shared = sharedLast(source, false);
    record(shared).subscription.unsubscribe();
    expect(counts.tornDown).toBe(0);
    subject.next(5);
    expect(record(shared).seen).toEqual([5]);
    expect(counts.subscribed).toBe(1);
  });

  it('sharedLast with refCount cancels the run when its last subscriber leaves, and starts anew', () => {
    const subject = new Subject<number>();
    const { counts, source } = counted(subject);
    const shared = sharedLast(source, true);
    const first = record(shared);
    const second = record(shared);
    first.subscription.unsubscribe();
    expect(counts.tornDown).toBe(0);
    second.subscription.unsubscribe();
    expect(counts.tornDown).toBe(1);
    const third = record(shared);
    expect(counts.subscribed).toBe(2);
    subject.next(3);
    expect(third.seen).toEqual([3]);
  });

  it('sharedLast starts a new run for the subscriber after an error', () => {
    let runs = 0;
    const failure = new Error('failed');
    const shared = sharedLast(
      lazy(() => (++runs === 1 ? throwError(() => failure) : just(runs))),
      false,
    );
    expect(record(shared).seen).toEqual([failure]);
    expect(record(shared).seen).toEqual([2, 'complete']);
    expect(record(shared).seen).toEqual([2, 'complete']);
    expect(runs).toBe(2);
  });
});

describe('renewingUrl', () => {
  /** URLs numbered in the order they are asked for, each valid for an hour. */
  function urls() {
    let issued = 0;
    return lazy(() => {
      const issuedAt = Date.now();
      return just<UrlGrant>({
        url: `https://example.test/${++issued}`,
        expiresAt: new Date(issuedAt + 3_600_000),
        issuedAt,
      });
    });
  }

  /** A Delay that the spec ends by hand, recording each wait asked for. */
  function manualDelay() {
    const waits: { ms: number; due: Subject<void>; ended: boolean }[] = [];
    const delay: Delay = (ms) =>
      new Observable<void>((subscriber) => {
        const wait = { ms, due: new Subject<void>(), ended: false };
        waits.push(wait);
        const subscription = wait.due.subscribe(subscriber);
        return () => {
          wait.ended = true;
          subscription.unsubscribe();
        };
      });
    return { waits, delay };
  }

  it('emits the first URL, then a renewal each time the wait for the current one ends', () => {
    const { waits, delay } = manualDelay();
    const source = urls();
    const { seen, subscription } = record(
      renewingUrl(source, source, delay).pipe(map((g) => g.url)),
    );
    expect(seen).toEqual(['https://example.test/1']);
    expect(waits.length).toBe(1);
    expect(waits[0].ms).toBeGreaterThan(0.8 * 3_599_000);
    waits[0].due.next();
    expect(seen).toEqual(['https://example.test/1', 'https://example.test/2']);
    expect(waits.length).toBe(2);
    subscription.unsubscribe();
    expect(waits[1].ended).toBeTrue();
  });

  it('asks for no renewal when the subscriber leaves on the first URL', () => {
    const { waits, delay } = manualDelay();
    const source = urls();
    expect(record(renewingUrl(source, source, delay).pipe(take(1))).seen.length).toBe(2);
    expect(waits.length).toBe(0);
  });

  it("ends with the renewal's error, and completes when the first source has no URL", () => {
    const { waits, delay } = manualDelay();
    const gone = new Error('NotFound');
    const { seen } = record(
      renewingUrl(
        urls(),
        throwError(() => gone),
        delay,
      ),
    );
    waits[0].due.next();
    expect(seen.slice(1)).toEqual([gone]);
    expect(record(renewingUrl(EMPTY, urls(), delay)).seen).toEqual(['complete']);
  });
});

describe('outsideZoneDelay', () => {
  it('sets its timer outside the zone, emits once when due, and clears it when left', async () => {
    // FAKE: a stand-in NgZone that records runOutsideAngular; the specs run zoneless.
    let outside = 0;
    const zone = { runOutsideAngular: <T>(run: () => T) => (outside++, run()) } as NgZone;
    const delay = outsideZoneDelay(zone);
    const seen = await new Promise<unknown[]>((resolve) => {
      const values: unknown[] = [];
      delay(1).subscribe({ next: () => values.push('due'), complete: () => resolve(values) });
    });
    expect(seen).toEqual(['due']);
    expect(outside).toBe(1);
    const cleared = spyOn(window, 'clearTimeout').and.callThrough();
    delay(60_000).subscribe().unsubscribe();
    expect(cleared).toHaveBeenCalledTimes(1);
  });
});
