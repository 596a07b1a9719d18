import { DEFAULT_RETRY_POLICY, classifyFailure, retryDelay } from './retry-policy';

function s3Error(name: string, status: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('retry policy', () => {
  it('retries network errors, 5xx and throttling', () => {
    expect(classifyFailure(new TypeError('Failed to fetch'))).toBe('retry');
    expect(classifyFailure(s3Error('InternalError', 500))).toBe('retry');
    expect(classifyFailure(s3Error('ServiceUnavailable', 503))).toBe('retry');
    expect(classifyFailure(s3Error('SlowDown', 503))).toBe('retry');
    expect(classifyFailure(s3Error('ThrottlingException', 400))).toBe('retry');
    expect(classifyFailure(s3Error('TooManyRequests', 429))).toBe('retry');
    expect(classifyFailure(s3Error('RequestTimeout', 400))).toBe('retry');
  });

  it('does not retry other 4xx errors or aborts', () => {
    expect(classifyFailure(s3Error('AccessDenied', 403))).toBe('fail');
    expect(classifyFailure(s3Error('NoSuchKey', 404))).toBe('fail');
    expect(classifyFailure(s3Error('EntityTooSmall', 400))).toBe('fail');
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(classifyFailure(abort)).toBe('fail');
    expect(classifyFailure(new Error('something odd'))).toBe('fail');
  });

  it('renews expired credentials', () => {
    expect(classifyFailure(s3Error('ExpiredToken', 400))).toBe('renew-credentials');
    expect(classifyFailure(s3Error('InvalidAccessKeyId', 403))).toBe('renew-credentials');
  });

  it('backs off exponentially with full jitter, up to the cap', () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(retryDelay(1, policy, 0.999)).toBe(249);
    expect(retryDelay(2, policy, 0.999)).toBe(499);
    expect(retryDelay(3, policy, 0.5)).toBe(500);
    expect(retryDelay(10, policy, 0.999)).toBe(4995);
    expect(retryDelay(3, policy, 0)).toBe(0);
  });
});
