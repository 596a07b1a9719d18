import { Observable, Subscription } from 'rxjs';
import { toStorageError } from '../errors/to-storage-error';

/**
 * `load`, run once and shared: a module of the library loaded with import() on first use. A failed
 * load is forgotten, so that a later call tries again (e.g. back online), and fails as a
 * StorageError naming the app server that serves the chunk.
 */
export function loadOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw toStorageError(error, 'the storage module', 'the app server');
    }));
}

/**
 * Runs calls on a module loaded with import() on its first call: StorageService's engine, and the
 * engine's later operations (issue 13: the initial bundle holds only the facade, and a put does not
 * download what only a list or a download needs). Each call is a cold Observable: `run` is called on
 * subscribe, at once when the module is there (so calls after the first stay synchronous), else
 * when it arrives; an error thrown by `run` (e.g. the app's injector destroyed while the chunk
 * loaded) errors the call rather than leaving it hanging.
 */
export function onFirstUse<M>(
  load: () => Promise<M>,
): <T>(run: (module: M) => Observable<T>) => Observable<T> {
  let loaded: M | undefined;
  const loadModule = loadOnce(() => load().then((module) => (loaded = module)));
  return <T>(run: (module: M) => Observable<T>) =>
    new Observable<T>((subscriber) => {
      let inner: Subscription | undefined;
      const start = (module: M) => {
        if (subscriber.closed) return;
        let calls: Observable<T>;
        try {
          calls = run(module);
        } catch (error) {
          subscriber.error(error);
          return;
        }
        inner = calls.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
      };
      if (loaded) start(loaded);
      else loadModule().then(start, (error: unknown) => subscriber.error(error));
      return () => inner?.unsubscribe();
    });
}
