import { Signal, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Observable, scan } from 'rxjs';
import { StorageIntl } from './storage-intl';

/**
 * `intl` as a signal that notifies on each of its `changes`, so that OnPush templates and computed
 * texts reading it render again when strings change at run time. Call in an injection context.
 */
export function intlSignal<T extends { readonly changes: Observable<void> }>(intl: T): Signal<T> {
  const version = toSignal(intl.changes.pipe(scan((count) => count + 1, 0)), {
    initialValue: 0,
  });
  // Never equal: the object stays the same while its strings change.
  return computed(
    () => {
      version();
      return intl;
    },
    { equal: () => false },
  );
}

/** The app's StorageIntl as a signal that notifies on each `changes` (see `intlSignal`). */
export function injectStorageIntl(): Signal<StorageIntl> {
  return intlSignal(inject(StorageIntl));
}
