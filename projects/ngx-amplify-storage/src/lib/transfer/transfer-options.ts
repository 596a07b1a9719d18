import { InjectionToken } from '@angular/core';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';

/**
 * S3's smallest part (except the last). Here rather than in part-plan.ts, which the lazy engine
 * uses: withTransferOptions() checks against it, and esbuild would put the whole of part-plan.ts
 * in the initial bundle of any app that reaches this constant.
 */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** How uploads and downloads are cut up, run and retried. */
export interface TransferOptions {
  /** Uploads larger than this many bytes go in parts; default 5 MiB. */
  multipartThreshold: number;
  /** Preferred part size in bytes (at least 5 MiB; doubled as needed to stay under 10,000 parts). */
  partSize: number;
  /** Parts of one upload, or ranges of one download, in flight at once; default 4. */
  partConcurrency: number;
  /**
   * Downloads up to this many bytes go as one GET; larger ones in ranges (the first of this size,
   * the rest of `downloadChunkSize`); default 256 MiB, where ranges start to pay off.
   */
  rangedDownloadThreshold: number;
  /** Size of the ranges of a download above `rangedDownloadThreshold`; default 16 MiB. */
  downloadChunkSize: number;
  /** Retries of each request. */
  retry: RetryPolicy;
  /** How long an unfinished upload can be resumed after a reload, in ms; default 7 days. */
  resumeExpiryMs: number;
}

// Measured with tools/measure/ranged-download.mjs on loopback (s3rver, the 2-core machine shared
// by other runs, load 18-30): four 16 MiB ranges at a time against one GET took 0.45-0.82x at
// 16-64 MiB and 0.84-1.19x at 256 MiB, varying more between runs than between the two ways; in
// Chromium, issue 13's bench had a HEAD plus four ranges 1.16-1.35x slower than one fetch at
// 64 MiB. Ranges do not reliably pay off on speed, so they are kept for what they do pay for on
// very large objects: a cut-off or a pause loses at most a range, not the whole download.
const RANGED_DOWNLOAD_THRESHOLD = 256 * 1024 * 1024;

/** The defaults: Amplify v6's multipart figures, 4 attempts per request, resume for 7 days. */
export const DEFAULT_TRANSFER_OPTIONS: TransferOptions = {
  multipartThreshold: MIN_PART_SIZE,
  partSize: MIN_PART_SIZE,
  partConcurrency: 4,
  rangedDownloadThreshold: RANGED_DOWNLOAD_THRESHOLD,
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
