import { InjectionToken } from '@angular/core';
import type { SdkHttpRequest, SdkHttpResponse, TransferProgress } from './browser-http-handler';

/**
 * What sends StorageService's HTTP requests: the AWS SDK's request handler, plus progress per
 * AbortSignal (every request of one transfer step shares its signal).
 */
export interface StorageTransport {
  /** Sends one request (called by the SDK); aborting `options.abortSignal` aborts it. */
  handle(
    request: SdkHttpRequest,
    options?: { abortSignal?: unknown },
  ): Promise<{ response: SdkHttpResponse }>;
  /** Sends progress of every request made with `signal` to `listener`. */
  watch(signal: AbortSignal, listener: (progress: TransferProgress) => void): void;
}

/**
 * The transport of StorageService; when none is provided, the service sends with fetch, or XHR
 * where progress is wanted. Provide another (as HttpBackend can be replaced) to observe or
 * reroute requests.
 */
// No factory: one naming BrowserHttpHandler would put it in the app's initial bundle; the lazy
// storage engine makes the default instead (service/storage-engine.ts).
export const STORAGE_TRANSPORT = /* @__PURE__ */ new InjectionToken<StorageTransport>(
  'STORAGE_TRANSPORT',
);
