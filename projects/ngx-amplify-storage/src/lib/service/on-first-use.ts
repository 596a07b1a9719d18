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
 * Runs operations of a module loaded on its first call (issue 13: a put does not download what
 * only a list or a download needs). Once it is loaded, `run` is called at once, so that calls stay
 * synchronous on subscribe; the first calls subscribe when it arrives.
 */
export function onFirstUse<M>(
  load: () => Promise<M>,
): <T>(run: (module: M) => Observable<T>) => Observable<T> {
  let loaded: M | undefined;
  const loadModule = loadOnce(() => load().then((module) => (loaded = module)));
  return <T>(run: (module: M) => Observable<T>) => {
    if (loaded) return run(loaded);
    return new Observable<T>((subscriber) => {
      let inner: Subscription | undefined;
      loadModule().then(
        (module) => {
          if (subscriber.closed) return;
          try {
            inner = run(module).subscribe({
              next: (value) => subscriber.next(value),
              error: (error: unknown) => subscriber.error(error),
              complete: () => subscriber.complete(),
            });
          } catch (error) {
            subscriber.error(error);
          }
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => inner?.unsubscribe();
    });
  };
}
