// rxjs's creation functions and higher-order operators (of, defer, startWith, switchMap,
// catchError, shareReplay, timer, takeUntil) accept any ObservableInput: promises, iterables,
// async iterables and streams. Their conversion (innerFrom) with tslib's async helpers, the
// schedulers and share() put 13.4 kB raw of rxjs and tslib into every app that shows the photo
// picker and the album. The library only ever hands them Observables, so these few are written
// for Observables alone: with them the app's initial growth went from 38.2 to 35.2 kB (Brotli,
// `node tools/bundle-size.mjs`, 2026-12-02; issue 13's budget is 35 kB). Plain operators (map,
// filter, tap, take) stay rxjs's.
import { Observable, OperatorFunction, Subject, Subscription } from 'rxjs';

/** `value`, then completion: rxjs's `of(value)`. */
export function just<T>(value: T): Observable<T> {
  return new Observable<T>((subscriber) => {
    subscriber.next(value);
    subscriber.complete();
  });
}

/** The Observable `create` returns, created anew for each subscriber: rxjs's `defer`. */
export function lazy<T>(create: () => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => create().subscribe(subscriber));
}

/** `first`, then the values of the source: rxjs's `startWith(first)`. */
export function startingWith<T, F>(first: F): OperatorFunction<T, F | T> {
  return (source) =>
    new Observable<F | T>((subscriber) => {
      subscriber.next(first);
      return subscriber.closed ? undefined : source.subscribe(subscriber);
    });
}

/**
 * For each value of the source, the values of `project(value)`, dropping the one before: rxjs's
 * `switchMap`. Completes when the source and the last projected Observable have.
 */
export function switchTo<T, R>(project: (value: T) => Observable<R>): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let inner: Subscription | undefined;
      let sourceDone = false;
      const outer = source.subscribe({
        next: (value) => {
          inner?.unsubscribe();
          // Set before subscribing, so that a projection that completes at once is seen as done.
          const current = (inner = new Subscription());
          current.add(
            project(value).subscribe({
              next: (result) => subscriber.next(result),
              error: (error: unknown) => subscriber.error(error),
              complete: () => {
                if (inner !== current) return;
                inner = undefined;
                if (sourceDone) subscriber.complete();
              },
            }),
          );
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          if (!inner) subscriber.complete();
        },
      });
      return () => {
        outer.unsubscribe();
        inner?.unsubscribe();
      };
    });
}

/** The values of the source, and after an error those of `handler(error)`: rxjs's `catchError`. */
export function recover<T, R>(
  handler: (error: unknown) => Observable<R>,
): OperatorFunction<T, T | R> {
  return (source) => handOver(source, { error: handler });
}

/** The values of the source, then, once it completes, those of `next`: rxjs's `concat(source, next)`. */
export function followedBy<T, R>(next: Observable<R>): OperatorFunction<T, T | R> {
  return (source) => handOver(source, { complete: () => next });
}

/** The values of `source`, then those of the Observable its error or completion hands over to. */
function handOver<T, R>(
  source: Observable<T>,
  then: { error?: (error: unknown) => Observable<R>; complete?: () => Observable<R> },
): Observable<T | R> {
  return new Observable<T | R>((subscriber) => {
    const subscriptions = new Subscription();
    const continueWith = (next: Observable<R>) => subscriptions.add(next.subscribe(subscriber));
    subscriptions.add(
      source.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) =>
          then.error ? continueWith(then.error(error)) : subscriber.error(error),
        complete: () => (then.complete ? continueWith(then.complete()) : subscriber.complete()),
      }),
    );
    return subscriptions;
  });
}

/** One run of a shared source: its subscribers, its last value and whether it completed. */
interface SharedRun<T> {
  readonly listeners: Subject<T>;
  readonly subscription: Subscription;
  latest?: { value: T };
  completed: boolean;
  subscribers: number;
}

/**
 * Runs `source` once for every subscriber and replays its last value, and its completion, to those
 * who come later: rxjs's `shareReplay({ bufferSize: 1, refCount })`. An error reaches the
 * subscribers of that run, and the next subscriber starts a new one. With `refCount`, the run is
 * cancelled when its last subscriber leaves before it completes.
 */
export function sharedLast<T>(source: Observable<T>, refCount: boolean): Observable<T> {
  let current: SharedRun<T> | undefined;
  return new Observable<T>((subscriber) => {
    let run = current;
    const isNew = !run;
    if (!run) {
      run = current = {
        listeners: new Subject<T>(),
        subscription: new Subscription(),
        completed: false,
        subscribers: 0,
      };
    } else if (run.latest) {
      subscriber.next(run.latest.value);
    }
    if (run.completed) {
      subscriber.complete();
      return undefined;
    }
    const shared = run;
    shared.subscribers++;
    const listening = shared.listeners.subscribe(subscriber);
    if (isNew) {
      shared.subscription.add(
        source.subscribe({
          next: (value) => {
            shared.latest = { value };
            shared.listeners.next(value);
          },
          error: (error: unknown) => {
            if (current === shared) current = undefined;
            shared.listeners.error(error);
          },
          complete: () => {
            shared.completed = true;
            shared.listeners.complete();
          },
        }),
      );
    }
    return () => {
      listening.unsubscribe();
      shared.subscribers--;
      if (refCount && shared.subscribers === 0 && !shared.completed) {
        if (current === shared) current = undefined;
        shared.subscription.unsubscribe();
      }
    };
  });
}

/** Emits once and completes after `ms` milliseconds; a function so that tests and zones can choose the timer. */
export type Delay = (ms: number) => Observable<void>;
