import { InjectionToken } from '@angular/core';
import { StorageEvent } from './storage-event';

/** Somewhere tracking events go: an analytics stream, a log, a test's array. */
export interface StorageEventSink {
  /** Takes one event; must not throw or block (buffer and send later). */
  record(event: StorageEvent): void;
}

/** The sinks registered with `withTracking()`; every tracked event reaches each of them. */
export const STORAGE_EVENT_SINKS = /* @__PURE__ */ new InjectionToken<readonly StorageEventSink[]>(
  'STORAGE_EVENT_SINKS',
  {
    providedIn: 'root',
    factory: () => [],
  },
);
