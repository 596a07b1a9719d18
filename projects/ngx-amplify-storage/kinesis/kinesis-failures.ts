import {
  type ɵRetryDecision as RetryDecision,
  ɵclassifyFailure as classifyFailure,
} from 'ngx-amplify-storage';

// Kinesis errors worth another try, besides the network errors, 5xx and throttling that every
// storage call retries: a stream over its throughput, and a KMS key (of an encrypted stream) over its.
const KINESIS_RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'KMSThrottlingException',
  'LimitExceededException',
  'InternalFailure',
]);
// Kinesis's words for credentials that expired or that it no longer knows.
const KINESIS_EXPIRED = new Set(['ExpiredTokenException', 'UnrecognizedClientException']);

/**
 * What to do after a PutRecords call failed as a whole: retry network errors, 5xx and throttling
 * (also when wrapped, as the `cause` of a StorageError); renew credentials that expired; give up
 * on the rest (no such stream, access denied, bad input), which would fail the same way again.
 */
export function classifyPutRecordsFailure(error: unknown): RetryDecision {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (KINESIS_RETRYABLE.has(name)) return 'retry';
  if (KINESIS_EXPIRED.has(name)) return 'renew-credentials';
  const decision = classifyFailure(error);
  // A wrapped failure, such as NoCredentials from an identity pool that could not be reached, is
  // worth another try when what it wraps is.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (decision === 'fail' && cause !== undefined && classifyPutRecordsFailure(cause) === 'retry')
    return 'retry';
  return decision;
}

/**
 * Whether a record that PutRecords reported failed (its `ErrorCode`) is worth sending again.
 * Kinesis reports only ProvisionedThroughputExceededException and InternalFailure per record,
 * both passing conditions; anything else would be new, and is given up on.
 */
export function isRetryableRecordError(errorCode: string): boolean {
  return KINESIS_RETRYABLE.has(errorCode);
}
