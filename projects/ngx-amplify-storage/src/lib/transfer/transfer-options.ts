import { InjectionToken } from '@angular/core';
import { MIN_PART_SIZE } from './part-plan';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';

/** How uploads and downloads are cut up, run and retried. */
export interface TransferOptions {
  /** Uploads larger than this many bytes go in parts; default 5 MiB. */
  multipartThreshold: number;
  /** Preferred part size in bytes (at least 5 MiB; doubled as needed to stay under 10,000 parts). */
  partSize: number;
  /** Parts of one upload, or ranges of one download, in flight at once; default 4. */
  partConcurrency: number;
  /** Downloads larger than this many bytes are fetched in ranges of this size; default 16 MiB. */
  downloadChunkSize: number;
  /** Retries of each request. */
  retry: RetryPolicy;
  /** How long an unfinished upload can be resumed after a reload, in ms; default 7 days. */
  resumeExpiryMs: number;
}

/** The defaults: Amplify v6's multipart figures, 4 attempts per request, resume for 7 days. */
export const DEFAULT_TRANSFER_OPTIONS: TransferOptions = {
  multipartThreshold: MIN_PART_SIZE,
  partSize: MIN_PART_SIZE,
  partConcurrency: 4,
  downloadChunkSize: 16 * 1024 * 1024,
  retry: DEFAULT_RETRY_POLICY,
  resumeExpiryMs: 7 * 24 * 3600 * 1000,
};

/** The transfer options in force; set them with `withTransferOptions()`. */
export const TRANSFER_OPTIONS = /* @__PURE__ */ new InjectionToken<TransferOptions>(
  'TRANSFER_OPTIONS',
  {
    providedIn: 'root',
    factory: () => DEFAULT_TRANSFER_OPTIONS,
  },
);
