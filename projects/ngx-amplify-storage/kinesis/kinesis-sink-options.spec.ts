import { StorageError, ɵDEFAULT_RETRY_POLICY as DEFAULT_RETRY_POLICY } from 'ngx-amplify-storage';
import { classifyPutRecordsFailure, isRetryableRecordError } from './kinesis-failures';
import {
  DEFAULT_KINESIS_SINK_OPTIONS,
  KinesisSinkOptions,
  resolveKinesisSinkOptions,
} from './kinesis-sink-options';

function fieldOf(options: Partial<KinesisSinkOptions>): string | undefined {
  try {
    resolveKinesisSinkOptions({
      streamName: 'events',
      region: 'eu-west-1',
      ...options,
    } as KinesisSinkOptions);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('InvalidOption');
    return (error as StorageError).field;
  }
}

describe('resolveKinesisSinkOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveKinesisSinkOptions({ streamName: 'events', region: 'eu-west-1' })).toEqual({
      streamName: 'events',
      region: 'eu-west-1',
      endpoint: undefined,
      credentials: undefined,
      partitionKey: undefined,
      maxBufferedEvents: 1000,
      flushIntervalMs: 5000,
      batchSize: 500,
      retry: DEFAULT_RETRY_POLICY,
    });
    expect(DEFAULT_KINESIS_SINK_OPTIONS.batchSize).toBe(500);
  });

  it('merges a partial retry policy', () => {
    expect(
      resolveKinesisSinkOptions({ streamName: 'e', region: 'us-east-1', retry: { maxAttempts: 2 } })
        .retry,
    ).toEqual({
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: 2,
    });
  });

  it('names the bad field', () => {
    expect(fieldOf({ streamName: '' })).toBe('streamName');
    expect(fieldOf({ streamName: 'has space' })).toBe('streamName');
    expect(fieldOf({ streamName: 'x'.repeat(129) })).toBe('streamName');
    expect(fieldOf({ region: 'Ireland' })).toBe('region');
    expect(fieldOf({ endpoint: 'localhost:4567' })).toBe('endpoint');
    expect(fieldOf({ endpoint: 'ftp://127.0.0.1' })).toBe('endpoint');
    expect(fieldOf({ maxBufferedEvents: 0 })).toBe('maxBufferedEvents');
    expect(fieldOf({ batchSize: 501 })).toBe('batchSize');
    expect(fieldOf({ batchSize: 1.5 })).toBe('batchSize');
    expect(fieldOf({ flushIntervalMs: -1 })).toBe('flushIntervalMs');
    expect(fieldOf({ retry: { maxAttempts: 0 } })).toBe('retry.maxAttempts');
    expect(fieldOf({ retry: { baseDelayMs: 100, maxDelayMs: 10 } })).toBe('retry');
    expect(
      fieldOf({ endpoint: 'http://127.0.0.1:4567', retry: { maxAttempts: 1 } }),
    ).toBeUndefined();
  });
});

describe('classifyPutRecordsFailure', () => {
  const failure = (name: string, status?: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

  it('retries network errors, 5xx and throttling', () => {
    expect(classifyPutRecordsFailure(new TypeError('Failed to fetch'))).toBe('retry');
    expect(classifyPutRecordsFailure(failure('InternalFailure', 500))).toBe('retry');
    expect(classifyPutRecordsFailure(failure('ServiceUnavailable', 503))).toBe('retry');
    expect(classifyPutRecordsFailure(failure('ProvisionedThroughputExceededException', 400))).toBe(
      'retry',
    );
    expect(classifyPutRecordsFailure(failure('KMSThrottlingException', 400))).toBe('retry');
    expect(classifyPutRecordsFailure(failure('ThrottlingException', 400))).toBe('retry');
    expect(classifyPutRecordsFailure(failure('TimeoutError'))).toBe('retry');
  });

  it('renews expired credentials', () => {
    expect(classifyPutRecordsFailure(failure('ExpiredTokenException', 400))).toBe(
      'renew-credentials',
    );
    expect(classifyPutRecordsFailure(failure('UnrecognizedClientException', 400))).toBe(
      'renew-credentials',
    );
  });

  it('gives up on what would fail again', () => {
    expect(classifyPutRecordsFailure(failure('ResourceNotFoundException', 400))).toBe('fail');
    expect(classifyPutRecordsFailure(failure('AccessDeniedException', 400))).toBe('fail');
    expect(classifyPutRecordsFailure(failure('ValidationException', 400))).toBe('fail');
    expect(classifyPutRecordsFailure(new StorageError('NoCredentials', 'no pool'))).toBe('fail');
  });

  it('looks at the cause of a wrapped failure', () => {
    const unreachable = new StorageError('NoCredentials', 'The identity pool gave no credentials', {
      cause: new TypeError('Failed to fetch'),
    });
    expect(classifyPutRecordsFailure(unreachable)).toBe('retry');
    const refused = new StorageError('NoCredentials', 'The identity pool gave no credentials', {
      cause: failure('NotAuthorizedException', 400),
    });
    expect(classifyPutRecordsFailure(refused)).toBe('fail');
  });

  it('retries the per-record errors Kinesis reports', () => {
    expect(isRetryableRecordError('ProvisionedThroughputExceededException')).toBeTrue();
    expect(isRetryableRecordError('InternalFailure')).toBeTrue();
    expect(isRetryableRecordError('SomethingNew')).toBeFalse();
  });
});
