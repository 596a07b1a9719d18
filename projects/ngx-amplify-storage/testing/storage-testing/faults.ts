import type { StorageMethod } from 'ngx-amplify-storage';
import { S3Operation } from './s3-wire';

/** The failures the testing backend can cause, named by the StorageError code a call then gets. */
export type TestingFaultCode =
  'AccessDenied' | 'NotFound' | 'NetworkError' | 'ServiceError' | 'MissingETag' | 'ObjectChanged';

/** What a fault hits: a StorageService method (all the S3 requests it sends) or one S3 operation. */
export type TestingFaultTarget = StorageMethod | S3Operation;

/** How long a fault lasts. */
export interface TestingFaultOptions {
  /**
   * How many attempts of the request fail: by default every one (the service's retries of it
   * included, since they share its AbortSignal), so the call fails; 1 to see a retry succeed.
   */
  attempts?: number;
}

/** The S3 requests each service method sends. */
const METHOD_OPERATIONS: Record<StorageMethod, readonly S3Operation[]> = {
  put: ['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload'],
  get: ['HeadObject'],
  download: ['GetObject'],
  list: ['ListObjectsV2'],
  remove: ['DeleteObject', 'DeleteObjects'],
  copy: ['CopyObject'],
  getProperties: ['HeadObject'],
  updateMetadata: ['HeadObject', 'CopyObject'],
};

/** The S3 operations a fault target covers. */
export function operationsOf(target: TestingFaultTarget): readonly S3Operation[] {
  return (
    (METHOD_OPERATIONS as Record<string, readonly S3Operation[]>)[target] ?? [target as S3Operation]
  );
}

interface Fault {
  operations: readonly S3Operation[];
  code: TestingFaultCode;
  remaining: number;
  /** The request it struck first: its retries (same signal) are struck too. */
  signal?: AbortSignal;
}

/** Faults waiting for their request, and those striking one request's attempts. */
export class FaultPlan {
  private faults: Fault[] = [];

  /** Adds a fault for the next request of `target`. */
  add(target: TestingFaultTarget, code: TestingFaultCode, options: TestingFaultOptions = {}): void {
    const attempts = options.attempts ?? Infinity;
    if (!(attempts >= 1)) throw new RangeError(`attempts is ${attempts}; give 1 or more.`);
    this.faults.push({ operations: operationsOf(target), code, remaining: attempts });
  }

  /** The fault that strikes this request, if any: one bound to its signal, else the next waiting one. */
  take(operation: S3Operation, signal: AbortSignal | undefined): TestingFaultCode | undefined {
    const fault =
      this.faults.find(
        (f) => f.signal !== undefined && f.signal === signal && f.operations.includes(operation),
      ) ?? this.faults.find((f) => f.signal === undefined && f.operations.includes(operation));
    if (!fault) return undefined;
    fault.signal ??= signal ?? new AbortController().signal;
    if (--fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.code;
  }

  /** Faults that have not struck yet. */
  waiting(): number {
    return this.faults.filter((f) => f.signal === undefined).length;
  }

  /** Forgets every fault. */
  clear(): void {
    this.faults = [];
  }
}
