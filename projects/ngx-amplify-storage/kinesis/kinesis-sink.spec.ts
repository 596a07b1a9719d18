// The Kinesis sink against a real kinesalite (tools/local-kinesis), read back with GetRecords.
// Per-record and whole-call failures, which kinesalite cannot produce, come from the fault double
// in front of it (kinesis-fault-proxy.mjs); a missing stream is kinesalite's own, real error.
import { TestBed } from '@angular/core/testing';
import { KinesisEventSink, kinesisSink } from './kinesis-sink';
import { KinesisSinkOptions } from './kinesis-sink-options';
import { KEEPALIVE_BODY_LIMIT } from './record-buffer';
import { waitFor } from '../spec-support/async';
import {
  KINESIS_REGION,
  LocalKinesisCredentials,
  createTestStream,
  kinesisFaultStats,
  localKinesis,
  readStream,
  readStreamUntil,
  resetKinesisFaults,
  setKinesisFaults,
  sleep,
  testEvent,
} from './kinesis-spec-helpers';

const PUT_RECORDS = 'Kinesis_20131202.PutRecords';

/** The PutRecords requests the page sends, as fetch saw them. */
interface SeenRequest {
  keepalive: boolean;
  authorization: string;
  bodyBytes: Promise<number>;
  response: Promise<Response>;
}

/** Spies on fetch (passing every call through) and collects the PutRecords requests. */
function watchPutRecords(): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const realFetch = window.fetch.bind(window);
  spyOn(window, 'fetch').and.callFake((input: RequestInfo | URL, init?: RequestInit) => {
    if (!(input instanceof Request) || input.headers.get('x-amz-target') !== PUT_RECORDS)
      return realFetch(input, init);
    // Read the body from a copy made before fetch takes the request's own.
    const bodyBytes = input
      .clone()
      .arrayBuffer()
      .then((body) => body.byteLength);
    const response = realFetch(input, init);
    seen.push({
      keepalive: input.keepalive,
      authorization: input.headers.get('authorization') ?? '',
      bodyBytes,
      response,
    });
    return response;
  });
  return seen;
}

/**
 * Runs a long chain of microtasks and nothing else: no task (timer, network, WebCrypto answer)
 * can run until it ends, so what happened meanwhile would also happen in a page that unloads
 * right after the event.
 */
async function onlyMicrotasks(): Promise<void> {
  for (let i = 0; i < 20_000; i++) await null;
}

/** Makes document.visibilityState answer `state` until the returned function is called. */
function pretendVisibility(state: DocumentVisibilityState): () => void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  return () => delete (document as unknown as { visibilityState?: unknown }).visibilityState;
}

const keysOf = (records: { data: { key: string } }[]) => records.map((record) => record.data.key);
const eventKeys = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `event-${from + i}`);

describe('KinesisEventSink (against local kinesalite)', () => {
  let credentials: LocalKinesisCredentials;

  beforeEach(async () => {
    credentials = new LocalKinesisCredentials();
    await resetKinesisFaults();
  });

  /** A sink in the test injector; by default it never sends by itself (60 s interval). */
  function makeSink(
    options: Partial<KinesisSinkOptions> & { streamName: string },
    endpoint = localKinesis().kinesisEndpoint,
  ): KinesisEventSink {
    return TestBed.runInInjectionContext(() =>
      kinesisSink({
        region: KINESIS_REGION,
        endpoint,
        credentials,
        flushIntervalMs: 60_000,
        ...options,
      })(),
    );
  }

  it("sends events on flush(): JSON of the event plus its time, under the page session's partition key", async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream });
    const before = Date.now();
    sink.record(testEvent(1));
    sink.record(testEvent(2, { method: 'list', result: 'NotFound', size: undefined }));
    sink.record(testEvent(3, { level: 'private', method: 'download' }));
    expect(sink.pending()).toBe(3);

    await sink.flush();

    expect([sink.sent(), sink.pending(), sink.failed(), sink.dropped()]).toEqual([3, 0, 0, 0]);
    const records = await readStream(stream);
    expect(keysOf(records)).toEqual(['event-1', 'event-2', 'event-3']);
    const { time, ...event } = records[0].data;
    expect(event).toEqual(testEvent(1));
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(time)).toBeLessThanOrEqual(Date.now() + 1000);
    // An event without a size has no size in its record (JSON leaves undefined out).
    expect(Object.keys(records[1].data).sort()).toEqual([
      'durationMs',
      'key',
      'level',
      'method',
      'result',
      'time',
    ]);
    expect(records.map((record) => record.partitionKey)).toEqual([
      sink.sessionKey,
      sink.sessionKey,
      sink.sessionKey,
    ]);
    expect(sink.sessionKey).toMatch(/^[0-9a-f]{32}$/);
    expect(makeSink({ streamName: stream }).sessionKey).not.toBe(sink.sessionKey);
  });

  it('uses the partitionKey function when given one', async () => {
    const stream = await createTestStream(2);
    const sink = makeSink({
      streamName: stream,
      partitionKey: (event) => `${event.level}:${event.method}`,
    });
    sink.record(testEvent(1));
    sink.record(testEvent(2, { level: 'protected', method: 'get' }));
    await sink.flush();
    const records = await readStream(stream);
    expect(records.map((record) => [record.data.key, record.partitionKey]).sort()).toEqual([
      ['event-1', 'public:put'],
      ['event-2', 'protected:get'],
    ]);
  });

  it('sends by itself flushIntervalMs after an event', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream, flushIntervalMs: 400 });
    sink.record(testEvent(1));
    // A sleep on purpose: the flush interval itself is under test; 150 ms into a 400 ms interval
    // nothing may have been sent yet.
    await sleep(150);
    expect(await readStream(stream)).toEqual([]);
    const records = await readStreamUntil(stream, (found) => found.length === 1);
    expect(keysOf(records)).toEqual(['event-1']);
    expect(sink.sent()).toBe(1);
  });

  it('sends at once when batchSize events are waiting', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream, batchSize: 10 });
    for (let i = 0; i < 9; i++) sink.record(testEvent(i));
    // A sleep on purpose: the claim is that nine events send nothing, which cannot be waited for.
    await sleep(300);
    expect(await readStream(stream)).toEqual([]);
    sink.record(testEvent(9));
    const records = await readStreamUntil(stream, (found) => found.length === 10, 3000);
    expect(keysOf(records)).toEqual(eventKeys(0, 10));
  });

  it('puts 1,200 events in PutRecords calls of at most 500, in order', async () => {
    const stream = await createTestStream();
    const sink = makeSink(
      { streamName: stream, maxBufferedEvents: 2000 },
      localKinesis().kinesisFaultyEndpoint,
    );
    for (let i = 0; i < 1200; i++) sink.record(testEvent(i));
    await sink.flush();
    expect(sink.sent()).toBe(1200);
    expect((await kinesisFaultStats()).putRecordsCalls.map((call) => call.records)).toEqual([
      500, 500, 200,
    ]);
    expect(keysOf(await readStream(stream))).toEqual(eventKeys(0, 1200));
  });

  it('resends only the records PutRecords reported failed, until each has landed once', async () => {
    const stream = await createTestStream();
    await setKinesisFaults({
      calls: [
        { failEvery: 3, errorCode: 'ProvisionedThroughputExceededException' },
        { failEvery: 2, errorCode: 'InternalFailure' },
      ],
    });
    const sink = makeSink(
      { streamName: stream, retry: { baseDelayMs: 20 } },
      localKinesis().kinesisFaultyEndpoint,
    );
    for (let i = 0; i < 9; i++) sink.record(testEvent(i));
    await sink.flush();

    const calls = (await kinesisFaultStats()).putRecordsCalls;
    // 9 sent, 3 failed (0, 3, 6); those 3 sent again, 2 failed (0 and 6); those 2 sent again.
    expect(calls.map((call) => [call.records, call.failed])).toEqual([
      [9, 3],
      [3, 2],
      [2, 0],
    ]);
    expect([sink.sent(), sink.failed(), sink.pending()]).toEqual([9, 0, 0]);
    expect((sink.lastError() as Error).message).toBe(
      'PutRecords: 2 of 3 records failed (InternalFailure).',
    );
    const keys = keysOf(await readStream(stream));
    expect(keys.length).toBe(9);
    expect([...keys].sort()).toEqual(eventKeys(0, 9).sort());
    // The failed records went again as the oldest, in their order.
    expect(keys).toEqual([
      'event-1',
      'event-2',
      'event-4',
      'event-5',
      'event-7',
      'event-8',
      'event-3',
      'event-0',
      'event-6',
    ]);
  });

  it('retries whole calls that failed: 500 InternalFailure, 503, a dropped connection', async () => {
    const stream = await createTestStream();
    await setKinesisFaults({
      calls: [
        { status: 500, type: 'InternalFailure' },
        { status: 503, type: 'ServiceUnavailable' },
        { drop: true },
      ],
    });
    const sink = makeSink(
      { streamName: stream, retry: { baseDelayMs: 20 } },
      localKinesis().kinesisFaultyEndpoint,
    );
    for (let i = 0; i < 5; i++) sink.record(testEvent(i));
    await sink.flush();

    expect((await kinesisFaultStats()).putRecordsCalls.map((call) => call.fault)).toEqual([
      '500 InternalFailure',
      '503 ServiceUnavailable',
      'drop',
      'pass',
    ]);
    expect([sink.sent(), sink.failed()]).toEqual([5, 0]);
    expect(keysOf(await readStream(stream))).toEqual(eventKeys(0, 5));
    // The last failure was the browser's network error.
    expect(sink.lastError()).toEqual(jasmine.any(TypeError));
  });

  it('gives up on a record after retry.maxAttempts attempts, and counts it failed', async () => {
    const stream = await createTestStream();
    await setKinesisFaults({ then: { status: 500, type: 'InternalFailure' } });
    const sink = makeSink(
      { streamName: stream, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 } },
      localKinesis().kinesisFaultyEndpoint,
    );
    for (let i = 0; i < 4; i++) sink.record(testEvent(i));
    await sink.flush();

    expect([sink.sent(), sink.failed(), sink.pending(), sink.dropped()]).toEqual([0, 4, 0, 0]);
    expect((await kinesisFaultStats()).putRecordsCalls.length).toBe(3);
    expect((sink.lastError() as Error).name).toBe('InternalFailure');
    expect(await readStream(stream)).toEqual([]);
  });

  it('gives up at once when the stream does not exist (kinesalite answers ResourceNotFoundException)', async () => {
    const sink = makeSink(
      { streamName: `missing-${Date.now()}` },
      localKinesis().kinesisFaultyEndpoint,
    );
    sink.record(testEvent(1));
    sink.record(testEvent(2));
    await sink.flush();

    expect([sink.sent(), sink.failed()]).toEqual([0, 2]);
    expect((sink.lastError() as Error).name).toBe('ResourceNotFoundException');
    expect((await kinesisFaultStats()).putRecordsCalls.map((call) => call.fault)).toEqual(['pass']);
  });

  it('holds at most maxBufferedEvents, dropping the oldest and counting them', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream, maxBufferedEvents: 10 });
    for (let i = 0; i < 25; i++) sink.record(testEvent(i));
    expect([sink.pending(), sink.dropped()]).toEqual([10, 15]);

    await sink.flush();

    expect([sink.sent(), sink.dropped(), sink.failed()]).toEqual([10, 15, 0]);
    expect(keysOf(await readStream(stream))).toEqual(eventKeys(15, 25));
  });

  it('under back-pressure keeps the newest: a failed call comes back as the oldest, and is dropped first', async () => {
    const stream = await createTestStream();
    await setKinesisFaults({ calls: [{ status: 503, type: 'ServiceUnavailable' }] });
    const sink = makeSink(
      { streamName: stream, maxBufferedEvents: 20, batchSize: 20, retry: { baseDelayMs: 20 } },
      localKinesis().kinesisFaultyEndpoint,
    );
    // The 20th event starts a call, which the stream refuses; meanwhile 20 more arrive.
    for (let i = 0; i < 40; i++) sink.record(testEvent(i));
    expect(sink.pending()).toBe(40);

    await sink.flush();

    expect([sink.sent(), sink.dropped(), sink.failed(), sink.pending()]).toEqual([20, 20, 0, 0]);
    expect(
      (await kinesisFaultStats()).putRecordsCalls.map((call) => [call.records, call.fault]),
    ).toEqual([
      [20, '503 ServiceUnavailable'],
      [20, 'pass'],
    ]);
    expect(keysOf(await readStream(stream))).toEqual(eventKeys(20, 40));
  });

  it('sends with keepalive when the page is hidden', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream });
    sink.record(testEvent(1));
    sink.record(testEvent(2));
    await waitFor('the credentials to be fetched ahead', () => credentials.calls > 0);
    const seen = watchPutRecords();
    const restore = pretendVisibility('hidden');
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      restore();
    }
    expect(keysOf(await readStreamUntil(stream, (found) => found.length === 2))).toEqual([
      'event-1',
      'event-2',
    ]);
    expect(seen.length).toBe(1);
    expect(seen[0].keepalive).toBeTrue();
    expect((await seen[0].response).status).toBe(200);
    expect(sink.sent()).toBe(2);
  });

  it('does nothing when the page becomes visible', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream });
    sink.record(testEvent(1));
    const restore = pretendVisibility('visible');
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      restore();
    }
    // A sleep on purpose: the claim is that 'visible' sends nothing, which cannot be waited for.
    await sleep(200);
    expect(sink.pending()).toBe(1);
    expect(await readStream(stream)).toEqual([]);
  });

  it('on pagehide, hands a keepalive PutRecords of at most 64 KiB to fetch before any task runs, and sends the rest by plain fetch', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream });
    // Events of about 1 KiB (long keys): some 60 fit under the keepalive limit.
    const longKey = (i: number) => `${'k'.repeat(700)}-${i}`;
    for (let i = 0; i < 200; i++) sink.record(testEvent(i, { key: longKey(i) }));
    // Only what record() itself set off ran before: loading the SDK and the credentials.
    await waitFor('the credentials to be fetched ahead', () => credentials.calls > 0);
    // One task turn, on purpose, so that what record() set off has run before the pagehide.
    await sleep(0);
    const seen = watchPutRecords();

    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await onlyMicrotasks();
    expect(seen.filter((request) => request.keepalive).length)
      .withContext('a keepalive PutRecords was handed to fetch before any task could run')
      .toBe(1);

    const records = await readStreamUntil(stream, (found) => found.length === 200);
    expect(records.map((record) => record.data.key).sort()).toEqual(
      Array.from({ length: 200 }, (_, i) => longKey(i)).sort(),
    );
    const keepalive = seen.filter((request) => request.keepalive);
    expect(keepalive.length).toBe(1);
    expect(await keepalive[0].bodyBytes).toBeLessThanOrEqual(KEEPALIVE_BODY_LIMIT);
    expect(await keepalive[0].bodyBytes).toBeGreaterThan(KEEPALIVE_BODY_LIMIT * 0.9);
    expect((await keepalive[0].response).status).toBe(200);
    expect(seen.filter((request) => !request.keepalive).length).toBe(1);
    expect([sink.sent(), sink.failed(), sink.pending()]).toEqual([200, 0, 0]);
  });

  it('sends what is left with keepalive when the app is destroyed, and takes nothing after', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream });
    sink.record(testEvent(1));
    sink.record(testEvent(2));
    await waitFor('the credentials to be fetched ahead', () => credentials.calls > 0);
    TestBed.resetTestingModule();
    expect(keysOf(await readStreamUntil(stream, (found) => found.length === 2))).toEqual([
      'event-1',
      'event-2',
    ]);
    sink.record(testEvent(3));
    expect(sink.pending()).toBe(0);
    // A sleep on purpose: the claim is that nothing more is sent, which cannot be waited for.
    await sleep(100);
    expect((await readStream(stream)).length).toBe(2);
  });

  it('signs each call with the credentials the provider gives at the time, as after a sign-in', async () => {
    const stream = await createTestStream();
    const provider = {
      accessKeyId: 'FIRSTUSER',
      forced: 0,
      getIdentity(options?: { forceRefresh?: boolean }) {
        if (options?.forceRefresh) this.forced++;
        return Promise.resolve({
          credentials: { accessKeyId: this.accessKeyId, secretAccessKey: 'secret' },
        });
      },
    };
    const sink = makeSink({ streamName: stream, credentials: provider });
    const seen = watchPutRecords();
    sink.record(testEvent(1));
    await sink.flush();
    provider.accessKeyId = 'SECONDUSER';
    sink.record(testEvent(2));
    await sink.flush();

    expect(seen.map((request) => /Credential=([^/]+)\//.exec(request.authorization)?.[1])).toEqual([
      'FIRSTUSER',
      'SECONDUSER',
    ]);
    expect(keysOf(await readStream(stream))).toEqual(['event-1', 'event-2']);
    expect(provider.forced).toBe(0);
  });

  it('renews expired credentials once and sends again, without spending an attempt', async () => {
    const stream = await createTestStream();
    await setKinesisFaults({ calls: [{ status: 400, type: 'ExpiredTokenException' }] });
    const provider = {
      forced: 0,
      getIdentity(options?: { forceRefresh?: boolean }) {
        if (options?.forceRefresh) this.forced++;
        return Promise.resolve({
          credentials: { accessKeyId: `KEY${this.forced}`, secretAccessKey: 'secret' },
        });
      },
    };
    const sink = makeSink(
      { streamName: stream, credentials: provider, retry: { maxAttempts: 1 } },
      localKinesis().kinesisFaultyEndpoint,
    );
    sink.record(testEvent(1));
    await sink.flush();

    expect(provider.forced).toBe(1);
    expect([sink.sent(), sink.failed()]).toEqual([1, 0]);
    expect((await kinesisFaultStats()).putRecordsCalls.map((call) => call.fault)).toEqual([
      '400 ExpiredTokenException',
      'pass',
    ]);
  });

  it('counts an event it cannot send as failed: a partition key the function got wrong', async () => {
    const stream = await createTestStream();
    const sink = makeSink({ streamName: stream, partitionKey: () => '' });
    sink.record(testEvent(1));
    expect([sink.failed(), sink.pending()]).toEqual([1, 0]);
  });
});
