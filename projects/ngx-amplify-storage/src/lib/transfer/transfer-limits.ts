import { InjectionToken } from '@angular/core';

// The app-wide limits' tokens, apart from the TransferQueue and RequestLimiter that read them: the
// public API and provideAmplifyStorage reach this file, and esbuild puts every file they reach
// (and the lazy storage engine uses) in the initial bundle, so the classes stay in their own files.

/**
 * How many HTTP requests the library keeps in flight to one host, across the app; default 6, the
 * number of connections Chromium, Firefox and Safari open per host over HTTP/1.1. More would only
 * queue inside the browser, where a small file's request waits behind a large upload's parts.
 */
export const MAX_REQUESTS_PER_HOST = /* @__PURE__ */ new InjectionToken<number>(
  'MAX_REQUESTS_PER_HOST',
  {
    providedIn: 'root',
    factory: () => 6,
  },
);

/**
 * How many transfers may run at once across the app; by default no limit of its own. What the
 * browser's connections bound is requests, and the RequestLimiter shares them between calls: a
 * transfer limit on top would keep a small file waiting until a large upload ended.
 */
export const MAX_CONCURRENT_TRANSFERS = /* @__PURE__ */ new InjectionToken<number>(
  'MAX_CONCURRENT_TRANSFERS',
  {
    providedIn: 'root',
    factory: () => Number.POSITIVE_INFINITY,
  },
);
