import { DOCUMENT, DestroyRef, NgZone, Signal, inject, signal } from '@angular/core';
import type { KinesisClient, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import {
  CognitoCredentials,
  StorageCredentialsProvider,
  StorageEvent,
  StorageEventSink,
  StorageIdentity,
  ɵSTORAGE_CREDENTIALS_PROVIDER as STORAGE_CREDENTIALS_PROVIDER,
  ɵSTORAGE_EVENT_SINKS as STORAGE_EVENT_SINKS,
  ɵretryDelay as retryDelay,
} from 'ngx-amplify-storage';
import { classifyPutRecordsFailure, isRetryableRecordError } from './kinesis-failures';
import {
  KinesisSinkOptions,
  ResolvedKinesisSinkOptions,
  resolveKinesisSinkOptions,
} from './kinesis-sink-options';
import {
  KEEPALIVE_BODY_LIMIT,
  PUT_RECORDS_LIMITS,
  PendingRecord,
  RecordBuffer,
  pendingRecord,
  putRecordsEnvelopeSize,
} from './record-buffer';

/** The SDK pieces the sink loads on first use. */
interface Sdk {
  kinesis: typeof import('@aws-sdk/client-kinesis');
  sha256: typeof import('@smithy/core/checksum').Sha256Js;
}

/** Clients signing with one user's credentials. */
interface Session {
  id: string;
  identity: StorageIdentity;
  /** Sends with plain fetch, which may carry up to 5 MiB but dies with the page. */
  client: KinesisClient;
  /** Sends with `fetch(..., { keepalive: true })`, which outlives the page, for bodies of up to 64 KiB. */
  keepaliveClient: KinesisClient;
}

/** A PutRecords call that hangs this long is abandoned (and retried): the buffer must move on. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Credentials closer than this to expiry are renewed rather than used for a call the page may not outlive. */
const EXPIRY_MARGIN_MS = 60_000;
/** Kinesis partition keys are 1 to 256 characters. */
const MAX_PARTITION_KEY_LENGTH = 256;

const utf8 = new TextEncoder();

/** A random key for this page session: 128 bits, hex. */
function randomSessionKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A tracking sink that sends storage events to an Amazon Kinesis data stream with PutRecords.
 * Events wait in a bounded buffer and go in batches: when `batchSize` are waiting, after
 * `flushIntervalMs`, on `flush()`, and when the page is hidden or closed. Failed records are sent
 * again with back-off, up to `retry.maxAttempts` attempts. Made by `kinesisSink()`; constructing it
 * directly needs an injection context.
 */
export class KinesisEventSink implements StorageEventSink {
  private readonly options: ResolvedKinesisSinkOptions;
  private readonly credentials: StorageCredentialsProvider;
  private readonly zone = inject(NgZone);
  private readonly document = inject(DOCUMENT);
  private readonly buffer: RecordBuffer;
  private readonly sentCount = signal(0);
  private readonly droppedCount = signal(0);
  private readonly failedCount = signal(0);
  private readonly pendingCount = signal(0);
  private readonly lastFailure = signal<unknown>(undefined);
  private sdk: Promise<Sdk> | undefined;
  private current: Session | undefined;
  private draining: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Infinity;
  private wake: (() => void) | undefined;
  private inFlight = 0;
  private keepaliveBytesInFlight = 0;
  private closed = false;

  /** The partition key of this page session's records (unless `partitionKey` is given). */
  readonly sessionKey = randomSessionKey();
  /** Events that reached the stream. */
  readonly sent: Signal<number> = this.sentCount.asReadonly();
  /** Events dropped, oldest first, because the buffer was full. */
  readonly dropped: Signal<number> = this.droppedCount.asReadonly();
  /** Events given up on: out of attempts, refused for good (e.g. no such stream), or unsendable. */
  readonly failed: Signal<number> = this.failedCount.asReadonly();
  /** Events waiting in the buffer or on their way. */
  readonly pending: Signal<number> = this.pendingCount.asReadonly();
  /** The error of the last failed call, for diagnostics; undefined until one fails. */
  readonly lastError: Signal<unknown> = this.lastFailure.asReadonly();

  constructor(options: KinesisSinkOptions) {
    this.options = resolveKinesisSinkOptions(options);
    this.credentials =
      this.options.credentials ??
      inject(STORAGE_CREDENTIALS_PROVIDER, { optional: true }) ??
      inject(CognitoCredentials);
    this.buffer = new RecordBuffer(this.options.maxBufferedEvents);
    const view = this.document.defaultView;
    const onVisibilityChange = () => {
      if (this.document.visibilityState === 'hidden') this.flushBeforeUnload();
    };
    const onPageHide = () => this.flushBeforeUnload();
    // Outside Angular's zone: page-lifecycle events must not run change detection.
    this.zone.runOutsideAngular(() => {
      this.document.addEventListener('visibilitychange', onVisibilityChange);
      view?.addEventListener('pagehide', onPageHide);
    });
    inject(DestroyRef).onDestroy(() => {
      this.document.removeEventListener('visibilitychange', onVisibilityChange);
      view?.removeEventListener('pagehide', onPageHide);
      // What fits goes out in keepalive requests; the app (or this injector) is going away.
      this.flushBeforeUnload();
      this.closed = true;
      this.clearTimer();
      this.wake?.();
    });
  }

  /** Buffers `event` as a record; never throws, never waits. Sends at once when a batch is full. */
  record(event: StorageEvent): void {
    if (this.closed) return;
    const record = this.toRecord(event);
    if (!record) {
      this.failedCount.update((n) => n + 1);
      return;
    }
    this.droppedCount.update((n) => n + this.buffer.push(record));
    this.updatePending();
    // The SDK and the credentials are fetched with the first event, so that a page closed soon
    // after can still send synchronously (see flushBeforeUnload).
    this.prepare();
    if (
      this.buffer.length >= this.options.batchSize ||
      this.buffer.bytes >= PUT_RECORDS_LIMITS.maxBytes
    ) {
      void this.flush();
    } else {
      this.schedule(this.options.flushIntervalMs);
    }
  }

  /**
   * Sends every buffered event now; resolves once each has reached the stream or been given up
   * on, retries included. Never rejects: failures show in `failed` and `lastError`.
   */
  flush(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drain(): Promise<void> {
    this.clearTimer();
    let failures = 0;
    while (this.buffer.length > 0 && !this.closed) {
      const batch = this.buffer.take({
        maxRecords: this.options.batchSize,
        maxBytes: PUT_RECORDS_LIMITS.maxBytes,
      });
      if (await this.send(batch, false)) {
        failures = 0;
      } else {
        failures++;
        await this.pause(retryDelay(failures, this.options.retry, Math.random()));
      }
    }
  }

  /**
   * The page is being hidden or closed: sends what fits in keepalive requests, which the browser
   * completes after the page is gone. Their bodies may total 64 KiB per page, so a larger buffer
   * goes partly this way and the rest by plain fetch, which only a page that lives on completes.
   * Everything up to `fetch()` runs in microtasks (the SDK and credentials are already loaded,
   * and signing hashes synchronously), so the requests leave before the page can unload.
   */
  private flushBeforeUnload(): void {
    if (this.closed) return;
    const envelope = putRecordsEnvelopeSize(this.options.streamName);
    for (;;) {
      const budget = KEEPALIVE_BODY_LIMIT - this.keepaliveBytesInFlight - envelope;
      if (budget <= 0) break;
      const batch = this.buffer.take({
        maxRecords: this.options.batchSize,
        maxBytes: budget,
        measure: (record) => record.bodySize,
      });
      if (batch.length === 0) break;
      const bytes = batch.reduce((sum, record) => sum + record.bodySize, envelope);
      this.keepaliveBytesInFlight += bytes;
      void this.send(batch, true).finally(() => (this.keepaliveBytesInFlight -= bytes));
    }
    if (this.buffer.length > 0) void this.flush();
  }

  /** Sends one batch; true if every record landed. Failed records go back in the buffer, or are given up. */
  private async send(batch: PendingRecord[], keepalive: boolean): Promise<boolean> {
    this.inFlight += batch.length;
    let retry: PendingRecord[] = [];
    let lost = 0;
    try {
      const output = await this.putRecords(batch, keepalive);
      const codes = new Set<string>();
      (output.Records ?? []).forEach((result, index) => {
        if (!result.ErrorCode) return;
        codes.add(result.ErrorCode);
        if (isRetryableRecordError(result.ErrorCode)) retry.push(batch[index]);
        else lost++;
      });
      this.sentCount.update((n) => n + batch.length - retry.length - lost);
      if (codes.size > 0)
        this.lastFailure.set(
          new Error(
            `PutRecords: ${retry.length + lost} of ${batch.length} records failed (${[...codes].join(', ')}).`,
          ),
        );
    } catch (error) {
      this.lastFailure.set(error);
      if (classifyPutRecordsFailure(error) === 'retry') retry = batch;
      else lost = batch.length;
    } finally {
      this.inFlight -= batch.length;
    }
    if (lost > 0) this.failedCount.update((n) => n + lost);
    if (retry.length > 0) this.retryLater(retry);
    this.updatePending();
    return retry.length === 0 && lost === 0;
  }

  /** One PutRecords call; renews credentials once if they expired. */
  private async putRecords(
    batch: PendingRecord[],
    keepalive: boolean,
  ): Promise<PutRecordsCommandOutput> {
    const sdk = await this.loadSdk();
    const input = {
      StreamName: this.options.streamName,
      Records: batch.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
    };
    const session = await this.session(sdk, keepalive);
    try {
      return await (keepalive ? session.keepaliveClient : session.client).send(
        new sdk.kinesis.PutRecordsCommand(input),
      );
    } catch (error) {
      if (classifyPutRecordsFailure(error) !== 'renew-credentials') throw error;
      const renewed = await this.session(sdk, false, true);
      return await renewed.client.send(new sdk.kinesis.PutRecordsCommand(input));
    }
  }

  /** Counts an attempt on each record, gives up on those out of attempts, and queues the rest again. */
  private retryLater(records: PendingRecord[]): void {
    const again: PendingRecord[] = [];
    for (const record of records) {
      record.attempts++;
      if (record.attempts < this.options.retry.maxAttempts) again.push(record);
    }
    if (records.length > again.length)
      this.failedCount.update((n) => n + records.length - again.length);
    if (again.length === 0) return;
    this.droppedCount.update((n) => n + this.buffer.requeue(again));
    // The drain loop backs off by itself; this covers records of a keepalive send.
    this.schedule(retryDelay(again[0].attempts, this.options.retry, Math.random()));
  }

  /**
   * The clients for the current user. Before unload, the last credentials are used if still
   * valid, as asking the provider could need the network; otherwise the provider is asked (it
   * caches, renews and follows sign-in and sign-out).
   */
  private async session(sdk: Sdk, useLast: boolean, forceRefresh = false): Promise<Session> {
    const last = this.current;
    const expiration = last?.identity.credentials.expiration;
    if (
      useLast &&
      last &&
      (expiration === undefined || expiration.getTime() - Date.now() > EXPIRY_MARGIN_MS)
    )
      return last;
    const identity = await this.credentials.getIdentity(
      forceRefresh ? { forceRefresh: true } : undefined,
    );
    const { accessKeyId, secretAccessKey, sessionToken } = identity.credentials;
    const id = JSON.stringify([accessKeyId, sessionToken]);
    if (this.current?.id === id) return this.current;
    const config = {
      region: this.options.region,
      endpoint: this.options.endpoint,
      // No expiration here: renewal is the provider's job, and new credentials get new clients.
      credentials: { accessKeyId, secretAccessKey, sessionToken },
      // Synchronous hashing: WebCrypto is specified to answer in a later task, which a closing page
      // may never run (Chromium happens to answer within microtasks; other engines need not).
      sha256: sdk.sha256,
      // The sink retries by itself, record by record, with its own counts.
      maxAttempts: 1,
    };
    // Clients of the previous user: their handlers hold nothing, but nothing should use them again.
    this.current?.client.destroy();
    this.current?.keepaliveClient.destroy();
    this.current = {
      id,
      identity,
      client: new sdk.kinesis.KinesisClient({
        ...config,
        requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS },
      }),
      keepaliveClient: new sdk.kinesis.KinesisClient({
        ...config,
        requestHandler: { keepAlive: true },
      }),
    };
    return this.current;
  }

  // The SDK is loaded with the first event, so apps that track nothing never download it.
  private loadSdk(): Promise<Sdk> {
    this.sdk ??= Promise.all([
      import('@aws-sdk/client-kinesis'),
      import('@smithy/core/checksum'),
    ]).then(
      ([kinesis, checksum]) => ({ kinesis, sha256: checksum.Sha256Js }),
      (error) => {
        this.sdk = undefined; // a chunk that failed to load (offline) is tried again next time
        throw error;
      },
    );
    return this.sdk;
  }

  /** Loads the SDK and the credentials ahead of the first send. */
  private prepare(): void {
    if (this.current || this.sdk) return;
    this.loadSdk().then(
      (sdk) => this.session(sdk, false).catch(() => undefined),
      () => undefined,
    );
  }

  /** The event as a record: JSON of the event and when it was recorded; undefined if it cannot be sent. */
  private toRecord(event: StorageEvent): PendingRecord | undefined {
    let partitionKey: string;
    let data: Uint8Array;
    try {
      partitionKey = this.options.partitionKey ? this.options.partitionKey(event) : this.sessionKey;
      // Batching delays arrival by seconds, so the record says when the call ended.
      data = utf8.encode(JSON.stringify({ ...event, time: new Date().toISOString() }));
    } catch {
      return undefined;
    }
    if (
      typeof partitionKey !== 'string' ||
      partitionKey.length < 1 ||
      partitionKey.length > MAX_PARTITION_KEY_LENGTH
    )
      return undefined;
    const record = pendingRecord(data, partitionKey);
    return record.size <= PUT_RECORDS_LIMITS.maxRecordBytes ? record : undefined;
  }

  /** Makes sure a flush starts within `delayMs`. */
  private schedule(delayMs: number): void {
    if (this.closed) return;
    const due = Date.now() + delayMs;
    if (this.timer !== undefined && this.timerDue <= due) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    // Outside Angular's zone, so that a pending flush never keeps a zone-based app from being stable.
    this.timer = this.zone.runOutsideAngular(() =>
      setTimeout(() => {
        this.timer = undefined;
        this.timerDue = Infinity;
        void this.flush();
      }, delayMs),
    );
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  /** Waits `ms` between failed calls, or less if the sink is destroyed meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = this.zone.runOutsideAngular(() => setTimeout(done, ms));
      this.wake = done;
    });
  }

  private updatePending(): void {
    this.pendingCount.set(this.buffer.length + this.inFlight);
  }
}

/**
 * A Kinesis sink for `withTracking()`:
 * `provideAmplifyStorage(config, withTracking(kinesisSink({ streamName: 'storage-events', region: 'eu-west-1' })))`.
 * The options are checked at once; the sink is made in the app's environment injector.
 */
export function kinesisSink(options: KinesisSinkOptions): () => KinesisEventSink {
  const resolved = resolveKinesisSinkOptions(options);
  return () => new KinesisEventSink(resolved);
}

/** The app's Kinesis sink, as given to `withTracking()`, to read its counters or flush it; undefined if none. */
export function injectKinesisSink(): KinesisEventSink | undefined {
  return inject(STORAGE_EVENT_SINKS).find(
    (sink): sink is KinesisEventSink => sink instanceof KinesisEventSink,
  );
}
