import { Injectable, Signal, computed, inject } from '@angular/core';
import {
  AccessLevel,
  StorageError,
  ɵStorageConfigStore as StorageConfigStore,
  ɵlevelPrefix as levelPrefix,
  ɵobjectKey as objectKey,
} from 'ngx-amplify-storage';
import { TestingFaultCode, TestingFaultOptions, TestingFaultTarget } from './faults';
import { StoredObject } from './in-memory-bucket';
import { bodyBytes } from './s3-wire';
import { TestingCredentials } from './testing-credentials';
import { TestingRequest, TestingTransport } from './testing-transport';

/** Where an object lies, as StorageService calls name it. */
export interface TestingObjectLocation {
  /** Access level; default the configured level. */
  level?: AccessLevel;
  /** Owner of a protected or private object; default the current identity. */
  identityId?: string;
}

/** How `seed` stores an object. */
export interface TestingSeedOptions extends TestingObjectLocation {
  /** Content type; default `text/plain` for strings, the Blob's type, else `application/octet-stream`. */
  contentType?: string;
  /** User metadata. */
  metadata?: Record<string, string>;
}

/** A stored object, as a spec inspects it. */
export interface TestingObject {
  /** The full S3 key, level prefix included (`protected/{identityId}/photos/a.png`). */
  fullKey: string;
  /** Size in bytes. */
  size: number;
  /** Content type as stored. */
  contentType: string;
  /** User metadata as stored. */
  metadata: Record<string, string>;
  /** ETag, quoted as S3 sends it. */
  eTag: string;
  /** The content as bytes. */
  bytes(): Uint8Array;
  /** The content decoded as UTF-8. */
  text(): string;
}

function view(object: StoredObject): TestingObject {
  return {
    fullKey: object.key,
    size: object.body.length,
    contentType: object.contentType,
    metadata: { ...object.metadata },
    eTag: object.eTag,
    bytes: () => object.body.slice(),
    text: () => new TextDecoder().decode(object.body),
  };
}

/**
 * Inspects and drives the in-memory backend of `provideStorageTesting()`, as HttpTestingController
 * does for HttpClient: seed and read objects, switch the signed-in identity, see the requests
 * sent, hold and release them, and make the next ones fail.
 */
@Injectable()
export class StorageTestingController {
  private readonly configStore = inject(StorageConfigStore);
  private readonly credentials = inject(TestingCredentials);
  private readonly transport = inject(TestingTransport);

  /** The signed-in identity ID (undefined: none). */
  readonly identityId: Signal<string | undefined> = computed(() => {
    this.credentials.userChanges();
    return this.credentials.identityId();
  });

  /** Signs in as `identityId` (a Cognito-style ID), or out with undefined; components reload. */
  signInAs(identityId: string | undefined): void {
    this.credentials.switchTo(identityId);
  }

  /** Stores an object directly, as another app or user might have, without a request. */
  async seed(
    key: string,
    body: string | Blob | Uint8Array,
    options: TestingSeedOptions = {},
  ): Promise<TestingObject> {
    const contentType =
      options.contentType ??
      (typeof body === 'string'
        ? 'text/plain'
        : body instanceof Blob && body.type
          ? body.type
          : 'application/octet-stream');
    const stored = this.transport.bucket.put(this.fullKey(key, options), await bodyBytes(body), {
      contentType,
      metadata: { ...options.metadata },
    });
    return view(stored);
  }

  /** The object at `key` (level and owner as a call names them), or undefined. */
  object(key: string, location: TestingObjectLocation = {}): TestingObject | undefined {
    const stored = this.transport.bucket.get(this.fullKey(key, location));
    return stored && view(stored);
  }

  /** Every stored object, in key order. */
  objects(): TestingObject[] {
    return this.transport.bucket.all().map(view);
  }

  /** The object a presigned URL from `get()` points to, or undefined (URLs are not served). */
  objectAt(url: string): TestingObject | undefined {
    const { bucket } = this.configStore.config();
    const parsed = new URL(url);
    const segments = parsed.pathname.replace(/^\//, '').split('/').map(decodeURIComponent);
    if (!parsed.hostname.startsWith(`${bucket}.`) && segments.shift() !== bucket) return undefined;
    const stored = this.transport.bucket.get(segments.join('/'));
    return stored && view(stored);
  }

  /** The requests StorageService has sent, oldest first. */
  requests(): readonly TestingRequest[] {
    return this.transport.requests();
  }

  /** Resolves with the first request `test` accepts (default: any), already sent or still to come. */
  nextRequest(test: (request: TestingRequest) => boolean = () => true): Promise<TestingRequest> {
    return this.transport.nextRequest(test);
  }

  /**
   * Makes the next request of `target` (a service method such as 'put', or an S3 operation such
   * as 'UploadPart') fail as `code`; by default its retries too, so the call fails with `code`.
   */
  failNext(
    target: TestingFaultTarget,
    code: TestingFaultCode,
    options?: TestingFaultOptions,
  ): void {
    this.transport.faults.add(target, code, options);
  }

  /** Makes the next identity request fail, as a Cognito outage would (NoCredentials). */
  failCredentials(message = 'Could not get credentials (injected by the testing backend).'): void {
    this.credentials.failNext(new StorageError('NoCredentials', message));
  }

  /** Holds every request from now on until `release()`, to see calls in flight. */
  hold(): void {
    this.transport.startHolding();
  }

  /** The requests being held. */
  heldRequests(): readonly TestingRequest[] {
    return this.transport.heldRequests();
  }

  /** Answers held requests: `count` of them, or all of them and stops holding. Returns how many. */
  release(count?: number): number {
    return this.transport.release(count);
  }

  /** Multipart uploads started and neither completed nor aborted (a cancel should leave none). */
  openUploads(): number {
    return this.transport.bucket.openUploads();
  }

  /** Empties the bucket and forgets requests and faults; the identity stays. */
  reset(): void {
    this.transport.bucket.clear();
    this.transport.resetRequests();
  }

  private fullKey(key: string, location: TestingObjectLocation): string {
    const config = this.configStore.config();
    const level = location.level ?? config.level;
    const owner = level === 'public' ? undefined : (location.identityId ?? this.identityId());
    return objectKey(levelPrefix(level, owner, config.customPrefix), key);
  }
}
