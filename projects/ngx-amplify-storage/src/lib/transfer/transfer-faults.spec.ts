import { lastValueFrom } from 'rxjs';
import {
  faultStats,
  fullFaultStats,
  patternedBytes,
  resetFaults,
  setFaults,
  sha256Hex,
  uncheckedGet,
  uniquePath,
  waitUntil,
} from '../../../spec-support/local-backend';
import { errorOf } from '../../../spec-support/async';
import { faultyApp } from '../../../spec-support/local-testbed';
import { StorageError } from '../errors/storage-error';
import { PutEvent } from '../service/storage-types';
import { TransferControl } from './transfer-control';

const MiB = 1024 * 1024;
const quickRetries = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 };

describe('transfers through a faulty network', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('completes a 64 MiB upload byte for byte with about 10% of requests failing', async () => {
    const storage = faultyApp({ retry: quickRetries });
    await setFaults({
      seed: 2026,
      rules: [
        { match: { kind: 'putPart' }, fault: 'drop-mid-body', rate: 0.04 },
        { match: { kind: 'putPart' }, fault: 'status-500', rate: 0.03 },
        { fault: 'slowdown-503', rate: 0.03 },
      ],
    });
    const file = new File([patternedBytes(64 * MiB, 64) as BlobPart], 'video.bin');
    const key = `${uniquePath('faulty')}video.bin`;
    await lastValueFrom(storage.put(key, file));
    const stats = await faultStats();
    expect(stats.faults).withContext('faults injected').toBeGreaterThan(0);
    await resetFaults();
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(file),
    );
  }, 180_000);

  it('resumes after a reload, sending only the parts that were not stored', async () => {
    const file = new File([patternedBytes(30 * MiB, 30) as BlobPart], 'resume.bin', {
      lastModified: 1_760_000_000_000,
    });
    const key = `${uniquePath('resume')}resume.bin`;
    const options = {
      partConcurrency: 1,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    };

    // First visit: the network dies after three parts; the upload fails but keeps its state.
    const first = faultyApp(options);
    const failure = errorOf(first.put(key, file));
    await waitUntil(
      async () => Object.values((await faultStats()).parts).some((parts) => parts.length >= 3),
      'three parts',
    );
    await setFaults({ rules: [{ fault: 'status-500' }] });
    expect((await failure).code).toBe('ServiceError');
    const stored = Object.values((await faultStats()).parts)[0];
    expect(stored.length).toBeGreaterThanOrEqual(3);
    await resetFaults();

    // After the "reload": the same File for the same key picks up where it stopped.
    const second = faultyApp(options);
    await lastValueFrom(second.put(key, file));
    const stats = await faultStats();
    expect(stats.byKind['createMultipart'] ?? 0)
      .withContext('new multipart uploads')
      .toBe(0);
    const resent = Object.values(stats.parts)[0];
    expect(resent.length).toBe(6 - stored.length);
    expect(resent.some((part) => stored.includes(part)))
      .withContext('parts sent twice')
      .toBeFalse();
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(file),
    );
  }, 120_000);

  it('gives one clear error after the 4th attempt when the server always fails', async () => {
    const storage = faultyApp({ retry: quickRetries });
    await setFaults({ rules: [{ fault: 'slowdown-503' }] });
    const error = await errorOf(storage.put(`${uniquePath('down')}a.txt`, 'never stored'));
    expect(error.code).toBe('ServiceError');
    expect(error.message).toContain('SlowDown');
    expect(error.message).toContain('after 4 attempts');
    // Counted, not timed: the back-off itself is retry-policy.spec's.
    expect((await faultStats()).faults).toBe(4);
  });

  it('does not retry a request the server refuses for good', async () => {
    const storage = faultyApp({ retry: quickRetries });
    const error = await errorOf(
      storage.get(`${uniquePath('none')}missing.txt`, { download: true }),
    );
    expect(error.code).toBe('NotFound');
    expect((await faultStats()).byKind['get']).toBe(1);
  });

  it('stops all traffic while paused, and continues on resume', async () => {
    const storage = faultyApp();
    // Slow enough to pause half-way; Chromium's socket buffers hold a few MiB, hence the size.
    await setFaults({ bytesPerSecond: 12 * MiB });
    const file = new File([patternedBytes(40 * MiB, 40) as BlobPart], 'paused.bin');
    const key = `${uniquePath('pause')}paused.bin`;
    const control = new TransferControl();
    const events: PutEvent[] = [];
    const finished = new Promise<void>((resolve, reject) =>
      storage
        .put(key, file, { control })
        .subscribe({ next: (event) => events.push(event), error: reject, complete: resolve }),
    );
    await waitUntil(
      async () => events.some((event) => event.type === 'progress' && event.loaded > 8 * MiB),
      '8 MiB sent',
    );
    control.pause();
    expect(control.paused()).toBeTrue();
    const pausedAt = Date.now();
    // The parts in flight are aborted (bytes already in socket buffers still drain). A paused
    // upload holds no timer (aborted parts are not retried), so a request sent while paused
    // would start at once, as the aborts happen: the log below shows whether one did.
    await waitUntil(async () => (await faultStats()).inFlight === 0, 'requests to end', 20_000);
    const resumedAt = Date.now();
    control.resume();
    await finished;
    const log = (await fullFaultStats()).log.filter((entry) => entry.kind === 'putPart');
    expect(log.filter((entry) => entry.at > pausedAt && entry.at < resumedAt).length)
      .withContext('parts started between pause and resume')
      .toBe(0);
    expect(events[events.length - 1].type).toBe('result');
    await resetFaults();
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(file),
    );
  }, 120_000);

  it('cancels a small upload through the control while its request is under way', async () => {
    const storage = faultyApp();
    // Held at the proxy until the browser gives up on it: then it is never sent on to S3.
    await setFaults({ rules: [{ match: { kind: 'putObject' }, fault: 'hold' }] });
    const key = `${uniquePath('cancel-small')}a.txt`;
    const control = new TransferControl();
    const upload = errorOf(storage.put(key, 'not for long', { control }));
    await waitUntil(async () => (await fullFaultStats()).held === 1, 'the PUT to be under way');
    control.cancel();
    expect((await upload).code).toBe('Cancelled');
    await waitUntil(async () => (await fullFaultStats()).inFlight === 0, 'the PUT to be abandoned');
    expect((await fullFaultStats()).byKind['putObject'])
      .withContext('the PUT sent again')
      .toBe(1);
    expect((await uncheckedGet(`public/${key}`)).status).toBe(404);
  });

  it('leaves no object when a multipart upload is cancelled', async () => {
    const storage = faultyApp();
    await setFaults({ bytesPerSecond: 12 * MiB });
    const key = `${uniquePath('cancel')}gone.bin`;
    const control = new TransferControl();
    const events: PutEvent[] = [];
    const failed = new Promise<StorageError>((resolve) =>
      storage
        .put(key, new File([patternedBytes(40 * MiB, 9) as BlobPart], 'gone.bin'), { control })
        .subscribe({ next: (e) => events.push(e), error: resolve }),
    );
    await waitUntil(
      async () => events.some((event) => event.type === 'progress' && event.loaded > 6 * MiB),
      '6 MiB sent',
    );
    control.cancel();
    const error = await failed;
    expect(error.code).toBe('Cancelled');
    expect(error.message).toContain(key);
    await waitUntil(async () => (await faultStats()).inFlight === 0, 'requests to end', 20_000);
    expect((await faultStats()).byKind['abortMultipart'])
      .withContext('AbortMultipartUpload sent')
      .toBe(1);
    expect((await faultStats()).byKind['completeMultipart'] ?? 0).toBe(0);
    await resetFaults();
    expect((await uncheckedGet(`public/${key}`)).status).toBe(404);
  }, 60_000);
});
