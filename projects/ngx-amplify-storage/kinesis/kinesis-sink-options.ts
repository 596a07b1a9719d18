import {
  RetryPolicy,
  StorageCredentialsProvider,
  StorageError,
  StorageEvent,
  ɵDEFAULT_RETRY_POLICY as DEFAULT_RETRY_POLICY,
  ɵassertLimit as assertLimit,
} from 'ngx-amplify-storage';
import { PUT_RECORDS_LIMITS } from './record-buffer';

/** Where and how the Kinesis sink sends tracking events. */
export interface KinesisSinkOptions {
  /** Name of the Kinesis data stream. */
  streamName: string;
  /** AWS region of the stream, e.g. `eu-west-1`. */
  region: string;
  /** A Kinesis-compatible endpoint instead of AWS's, e.g. a local kinesalite; an http(s) URL. */
  endpoint?: string;
  /** Credentials whose role may `kinesis:PutRecords` on the stream; default the app's storage credentials. */
  credentials?: StorageCredentialsProvider;
  /** Most events waiting to be sent; past it the oldest are dropped and counted (default 1000). */
  maxBufferedEvents?: number;
  /** Longest time an event waits before it is sent, in ms (default 5000). */
  flushIntervalMs?: number;
  /** Events that start a send at once (default 500, PutRecords' limit per call). */
  batchSize?: number;
  /** Attempts per event and back-off between failed calls (default 4 attempts, 250 ms doubling up to 5 s). */
  retry?: Partial<RetryPolicy>;
  /** Partition key of an event's record; default one random key per page session (see the README). */
  partitionKey?: (event: StorageEvent) => string;
}

/** The options with every default filled in. */
export type ResolvedKinesisSinkOptions = Required<
  Omit<KinesisSinkOptions, 'endpoint' | 'credentials' | 'partitionKey' | 'retry'>
> &
  Pick<KinesisSinkOptions, 'endpoint' | 'credentials' | 'partitionKey'> & { retry: RetryPolicy };

/** The defaults: a buffer of 1000 events, sent every 5 s or per 500, 4 attempts each. */
export const DEFAULT_KINESIS_SINK_OPTIONS = {
  maxBufferedEvents: 1000,
  flushIntervalMs: 5000,
  batchSize: PUT_RECORDS_LIMITS.maxRecords,
  retry: DEFAULT_RETRY_POLICY,
} as const;

// Kinesis stream names: 1 to 128 of these characters.
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
// As the storage configuration checks a bucket region.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Checks `options` and fills in the defaults; throws a StorageError naming the bad field. */
export function resolveKinesisSinkOptions(options: KinesisSinkOptions): ResolvedKinesisSinkOptions {
  const invalid = (field: string, message: string) =>
    new StorageError('InvalidOption', message, { field });
  if (typeof options?.streamName !== 'string' || !STREAM_NAME.test(options.streamName)) {
    throw invalid(
      'streamName',
      `streamName is ${JSON.stringify(options?.streamName)}; give the stream's name: 1 to 128 letters, digits, '_', '.' or '-'.`,
    );
  }
  if (typeof options.region !== 'string' || !REGION.test(options.region)) {
    throw invalid(
      'region',
      `region is ${JSON.stringify(options.region)}; give the stream's AWS region, e.g. 'eu-west-1'.`,
    );
  }
  if (options.endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw invalid(
        'endpoint',
        `endpoint is ${JSON.stringify(options.endpoint)}; give an http(s) URL such as 'http://127.0.0.1:4567', or leave it out for AWS.`,
      );
    }
  }
  const retry: RetryPolicy = { ...DEFAULT_KINESIS_SINK_OPTIONS.retry, ...options.retry };
  assertLimit(retry.maxAttempts, 'retry.maxAttempts');
  if (!(retry.baseDelayMs >= 0) || !(retry.maxDelayMs >= retry.baseDelayMs)) {
    throw invalid(
      'retry',
      'retry.baseDelayMs must be 0 or more, and retry.maxDelayMs at least as large.',
    );
  }
  const resolved: ResolvedKinesisSinkOptions = {
    streamName: options.streamName,
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    partitionKey: options.partitionKey,
    maxBufferedEvents: assertLimit(
      options.maxBufferedEvents ?? DEFAULT_KINESIS_SINK_OPTIONS.maxBufferedEvents,
      'maxBufferedEvents',
    ),
    flushIntervalMs: options.flushIntervalMs ?? DEFAULT_KINESIS_SINK_OPTIONS.flushIntervalMs,
    batchSize: assertLimit(
      options.batchSize ?? DEFAULT_KINESIS_SINK_OPTIONS.batchSize,
      'batchSize',
    ),
    retry,
  };
  if (!Number.isFinite(resolved.flushIntervalMs) || resolved.flushIntervalMs < 0) {
    throw invalid(
      'flushIntervalMs',
      `flushIntervalMs is ${resolved.flushIntervalMs}; give a number of milliseconds, 0 or more.`,
    );
  }
  if (resolved.batchSize > PUT_RECORDS_LIMITS.maxRecords) {
    throw invalid(
      'batchSize',
      `batchSize is ${resolved.batchSize}; PutRecords takes at most ${PUT_RECORDS_LIMITS.maxRecords} records.`,
    );
  }
  return resolved;
}
