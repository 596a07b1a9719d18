import {
  Injector,
  PLATFORM_ID,
  Signal,
  assertInInjectionContext,
  computed,
  inject,
  isSignal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';
import { StorageError } from '../errors/storage-error';
import { toStorageError } from '../errors/to-storage-error';
import { StorageService } from '../service/storage.service';

/** A value given as is, as a signal, or as a function read in a reactive context (e.g. `() => this.key()`). */
export type StorageParam<T> = T | Signal<T> | (() => T);

/** What `storageUrl` and `storageList` return: the loaded value and its state, as signals. */
export interface StorageResource<T> {
  /** The last value loaded; undefined while the first load runs, with no key, or after an error. */
  readonly value: Signal<T | undefined>;
  /** True while a load (or reload after a change of key, level or user) runs. */
  readonly isLoading: Signal<boolean>;
  /** Why the last load failed, with a code and a message that says what to do; undefined otherwise. */
  readonly error: Signal<StorageError | undefined>;
  /** Loads again with the same key and options, e.g. after an upload. */
  reload(): void;
}

/** Options of the signal helpers, besides those of the call they make. */
export interface StorageResourceOptions {
  /** The injector to use outside an injection context (e.g. in `ngOnInit`). */
  injector?: Injector;
}

/** The options of a helper without `injector`, as the service call takes them. */
export function callOptions<O extends StorageResourceOptions>(options: O): Omit<O, 'injector'> {
  const copy: O = { ...options };
  delete copy.injector;
  return copy;
}

/** Reads a StorageParam: calls it when it is a signal or a function, else returns it. */
export function readParam<T>(param: StorageParam<T>): T {
  return isSignal(param) || typeof param === 'function' ? (param as () => T)() : param;
}

/**
 * A StorageResource over `load(storage, subject, options, injector)`, rerun whenever the subject
 * (a key or path), the options or the user change; `injector` is the helper's, for what the load
 * needs from DI outside an injection context. A subject of undefined means nothing to load (no key
 * yet). On the server nothing is loaded: a URL signed there would carry the server's guest
 * identity, and a renewal timer would keep the app from ever becoming stable.
 */
export function storageResource<O extends StorageResourceOptions, T>(
  helper: (...args: never[]) => unknown,
  what: string,
  subject: StorageParam<string | undefined>,
  options: StorageParam<O>,
  load: (
    storage: StorageService,
    subject: string,
    options: Omit<O, 'injector'>,
    injector: Injector,
  ) => Observable<T>,
): StorageResource<T> {
  const { injector: given } = readParam(options);
  // Angular's own message names the helper and says to pass an injector.
  if (!given) assertInInjectionContext(helper);
  const injector = given ?? inject(Injector);
  const storage = injector.get(StorageService);
  const browser = injector.get(PLATFORM_ID) === 'browser';
  const requested = () => {
    const current = readParam(subject);
    return current === undefined
      ? undefined
      : { subject: current, options: callOptions(readParam(options)) };
  };
  const ref = rxResource({
    params: () => {
      const request = requested();
      // Read even when there is nothing to load, so that a sign-in is tracked from the start.
      const user = storage.userChanges();
      return browser && request !== undefined ? { request, user } : undefined;
    },
    stream: ({ params: { request } }) => load(storage, request.subject, request.options, injector),
    injector,
  });
  return {
    // Resource.value throws in the error state; templates should not have to guard against that.
    value: computed(() => (ref.hasValue() ? ref.value() : undefined)),
    isLoading: ref.isLoading,
    error: computed(() => {
      const error = ref.error();
      if (error === undefined) return undefined;
      // rxResource wraps what is not an Error; the library's calls fail with StorageErrors.
      const cause = error instanceof StorageError ? error : (error.cause ?? error);
      return cause instanceof StorageError ? cause : toStorageError(cause, what, 'the S3 endpoint');
    }),
    reload: () => void ref.reload(),
  };
}
