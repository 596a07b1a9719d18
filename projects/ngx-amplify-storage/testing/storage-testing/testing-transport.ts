import type {
  SdkHttpRequest,
  SdkHttpResponse,
  StorageTransport,
  TransferProgress,
} from 'ngx-amplify-storage';
import { LevelPrefixes } from './access-rules';
import { FaultPlan, TestingFaultCode } from './faults';
import { InMemoryBucket } from './in-memory-bucket';
import { S3Operation, accessKeyOf, bodyBytes, errorResponse, parseS3Request } from './s3-wire';
import { TestingCredentials } from './testing-credentials';
import { serveS3 } from './testing-s3';

/** One request the testing backend received, as the controller reports it. */
export interface TestingRequest {
  /** The S3 operation. */
  operation: S3Operation;
  /** The full key (level prefix included), or the listed prefix for ListObjectsV2. */
  key: string;
  /** Who sent it: the identity whose credentials signed it. */
  identityId: string | undefined;
  /** The HTTP status answered; undefined while held or after a network fault. */
  status?: number;
  /** The fault that struck it, if any. */
  fault?: TestingFaultCode;
}

/** What the transport needs to know of the configuration at each request. */
export interface TestingTarget {
  bucket: string;
  prefixes: LevelPrefixes;
}

function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * StorageService's transport in specs: answers the SDK's requests from an in-memory bucket
 * instead of the network, so the real service (queue, retries, progress, errors, tracking) runs
 * on top. It reports progress as XHR does, can hold requests until released, and injects faults.
 */
export class TestingTransport implements StorageTransport {
  readonly bucket = new InMemoryBucket();
  readonly faults = new FaultPlan();
  private readonly listeners = new WeakMap<AbortSignal, (progress: TransferProgress) => void>();
  private readonly log: TestingRequest[] = [];
  private readonly held: { request: TestingRequest; release: () => void }[] = [];
  private holding = false;
  private waiters: {
    test: (r: TestingRequest) => boolean;
    resolve: (r: TestingRequest) => void;
  }[] = [];

  constructor(
    private readonly credentials: TestingCredentials,
    private readonly target: () => TestingTarget,
  ) {}

  /** Sends progress of every request made with `signal` to `listener`. */
  watch(signal: AbortSignal, listener: (progress: TransferProgress) => void): void {
    this.listeners.set(signal, listener);
  }

  /** Answers one request from the in-memory bucket (called by the SDK). */
  async handle(
    request: SdkHttpRequest,
    options: { abortSignal?: unknown } = {},
  ): Promise<{ response: SdkHttpResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    if (signal?.aborted) throw abortError();
    const { bucket, prefixes } = this.target();
    const parsed = parseS3Request(request, bucket);
    const signer = this.credentials.identityOfKey(accessKeyOf(parsed.headers, parsed.query));
    const entry: TestingRequest = {
      operation: parsed.operation,
      key: parsed.operation === 'ListObjectsV2' ? (parsed.query['prefix'] ?? '') : parsed.key,
      identityId: signer.identityId,
    };
    this.log.push(entry);
    const body = await bodyBytes(request.body);
    const listener = signal && this.listeners.get(signal);
    // Half the body goes before a hold, so a held upload shows progress under way.
    if (listener && body.length > 0)
      listener({ direction: 'upload', loaded: Math.floor(body.length / 2), total: body.length });
    this.announce(entry);
    if (this.holding) await this.hold(entry, signal);
    const fault = this.faults.take(parsed.operation, signal);
    entry.fault = fault;
    if (fault === 'NetworkError') {
      this.announce(entry);
      throw new TypeError('Failed to fetch');
    }
    let response: SdkHttpResponse;
    if (!signer.known) {
      response = errorResponse(
        403,
        'InvalidAccessKeyId',
        'The AWS access key ID you provided does not exist in our records.',
        parsed.operation === 'HeadObject',
      );
    } else if (parsed.bucket !== bucket) {
      response = errorResponse(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        parsed.operation === 'HeadObject',
      );
    } else if (fault !== undefined && fault !== 'MissingETag') {
      response = faultResponse(fault, parsed.operation === 'HeadObject');
    } else {
      response = serveS3(this.bucket, parsed, body, { identityId: signer.identityId, prefixes });
      // A CORS rule that hides ETag: the browser reads the answer without it.
      if (fault === 'MissingETag') delete response.headers['etag'];
    }
    entry.status = response.statusCode;
    // Announced again once answered, for waiters on the status.
    this.announce(entry);
    if (listener && body.length > 0)
      listener({ direction: 'upload', loaded: body.length, total: body.length });
    if (listener && response.body instanceof Blob) {
      const total = response.body.size;
      listener({ direction: 'download', loaded: Math.floor(total / 2), total });
      listener({ direction: 'download', loaded: total, total });
    }
    return { response };
  }

  /** Every request received so far, oldest first. */
  requests(): readonly TestingRequest[] {
    return [...this.log];
  }

  /** Resolves with the first request (already received or still to come) that `test` accepts. */
  nextRequest(test: (request: TestingRequest) => boolean, after = 0): Promise<TestingRequest> {
    const seen = this.log.slice(after).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** From now on, requests wait (counted in `heldRequests`) until released. */
  startHolding(): void {
    this.holding = true;
  }

  /** Requests waiting to be answered. */
  heldRequests(): readonly TestingRequest[] {
    return this.held.map((held) => held.request);
  }

  /** Answers the held requests (at most `count`); without `count`, all of them and stops holding. */
  release(count?: number): number {
    if (count === undefined) this.holding = false;
    const released = this.held.splice(0, count ?? this.held.length);
    for (const held of released) held.release();
    return released.length;
  }

  /** Forgets requests, faults and held state (stored objects are kept). */
  resetRequests(): void {
    this.log.length = 0;
    this.faults.clear();
    this.release();
  }

  /** Part of the SDK's handler contract. */
  updateHttpClientConfig(): void {
    // Nothing to configure: no network is involved.
  }

  /** Part of the SDK's handler contract. */
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Part of the SDK's handler contract. */
  destroy(): void {
    // Nothing pooled to free.
  }

  private announce(request: TestingRequest): void {
    const matched = this.waiters.filter((waiter) => waiter.test(request));
    this.waiters = this.waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(request);
  }

  private hold(request: TestingRequest, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const held = {
        request,
        release: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.held.splice(this.held.indexOf(held), 1);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.held.push(held);
    });
  }
}

/** The answer S3 gives for each injectable fault (NetworkError and MissingETag are made elsewhere). */
function faultResponse(code: TestingFaultCode, head: boolean): SdkHttpResponse {
  switch (code) {
    case 'AccessDenied':
      return errorResponse(
        403,
        'AccessDenied',
        'Access Denied (injected by the testing backend)',
        head,
      );
    case 'NotFound':
      return errorResponse(
        404,
        'NoSuchKey',
        'The specified key does not exist (injected by the testing backend).',
        head,
      );
    case 'ObjectChanged':
      return errorResponse(
        412,
        'PreconditionFailed',
        'At least one of the preconditions you specified did not hold (injected by the testing backend).',
        head,
      );
    default:
      return errorResponse(
        500,
        'InternalError',
        'We encountered an internal error (injected by the testing backend).',
        head,
      );
  }
}
