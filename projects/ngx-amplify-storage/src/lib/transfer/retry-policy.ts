/** How failed requests are retried. */
export interface RetryPolicy {
  /** Attempts per request, the first included; default 4 (Amplify v1's number). */
  maxAttempts: number;
  /** Back-off before the second attempt, doubled for each attempt after it, in ms. */
  baseDelayMs: number;
  /** Longest back-off, in ms. */
  maxDelayMs: number;
}

/** The default retry policy: 4 attempts, full-jitter back-off from 250 ms up to 5 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 5000,
};

/** What to do after a failed attempt. */
export type RetryDecision = 'retry' | 'renew-credentials' | 'fail';

interface FailedRequest {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeTooSkewed',
]);
const EXPIRED_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidAccessKeyId',
]);

/**
 * Classifies a failed attempt: network errors, 5xx and throttling are worth another try; expired
 * credentials are worth one renewal; any other 4xx will fail the same way again.
 */
export function classifyFailure(error: unknown): RetryDecision {
  if (error instanceof TypeError) return 'retry'; // The browser's network error.
  const failure = (error ?? {}) as FailedRequest;
  const name = failure.name ?? failure.Code ?? '';
  if (name === 'AbortError') return 'fail';
  if (EXPIRED_CREDENTIALS.has(name)) return 'renew-credentials';
  if (THROTTLING.has(name)) return 'retry';
  const status = failure.$metadata?.httpStatusCode;
  if (status === undefined) return name === 'TimeoutError' ? 'retry' : 'fail';
  return status >= 500 || status === 429 ? 'retry' : 'fail';
}

/** Back-off before attempt `attempt + 1` (attempt counts from 1): full jitter, `random` in [0, 1). */
export function retryDelay(attempt: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random * ceiling);
}
