import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import {
  faultLogFor,
  fullFaultStats,
  localBackend,
  patternedBytes,
  releaseHeld,
  resetFaults,
  setFaults,
  sha256Hex,
  uncheckedGet,
  uncheckedPut,
  uniquePath,
  requireEnforcement,
  waitUntil,
} from '../../../spec-support/local-backend';
import { errorOf } from '../../../spec-support/async';
import { faultyApp } from '../../../spec-support/local-testbed';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { transferResult } from '../service/storage-types';
import { ResumableUploadStore, resumableUploadId } from './resumable-upload-store';
import { TransferOptions } from './transfer-options';

// Downloads cut mid-stream or changed under way, resumes matched by content, expired resume
// records, and credentials that expire in the middle of an upload: all through the fault proxy.
const MiB = 1024 * 1024;
const quickRetries = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 };
const day = 24 * 3600 * 1000;

/** A fresh app on the fault proxy with quick retries, as after a page load, signed in as `user`. */
const loadApp = (transfers: Partial<TransferOptions> = {}, user = 'alice') =>
  faultyApp({ retry: quickRetries, ...transfers }, user);

describe('downloads through a faulty network', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('finishes a download whose ranges were cut mid-stream, byte for byte, as simple requests', async () => {
    const storage = loadApp({ rangedDownloadThreshold: 3 * MiB, downloadChunkSize: 3 * MiB });
    const bytes = patternedBytes(10 * MiB + 5, 21);
    const key = `${uniquePath('cut')}cut.bin`;
    await lastValueFrom(storage.put(key, bytes));
    await resetFaults();
    // Matched and counted by key: a GET another spec left in flight would shift `every` and the count.
    await setFaults({
      rules: [
        { match: { kind: 'get', path: key }, fault: 'cut-response-body', every: 2, times: 2 },
      ],
    });
    const result = await lastValueFrom(storage.get(key, { download: true }).pipe(transferResult()));
    expect(await sha256Hex(result.body)).toBe(await sha256Hex(new Blob([bytes as BlobPart])));
    const stats = await fullFaultStats();
    expect(stats.faultsByType['cut-response-body']).toBe(2);
    const gets = (await faultLogFor(key)).filter((entry) => entry.kind === 'get');
    // 4 ranges, the 2 cut ones sent again.
    expect(new Set(gets.map((entry) => entry.range)).size)
      .withContext('ranges')
      .toBe(4);
    expect(gets.length).toBe(6);
    // Ranges are checked by their answer's ETag, not pinned by If-Match, which costs a preflight.
    expect(gets.every((entry) => entry.ifMatch === undefined)).toBeTrue();
    expect(stats.byKind['preflight'] ?? 0).toBe(0);
    expect(stats.byKind['head'] ?? 0).toBe(0);
  });

  it('fails a download cut off on every attempt with one clear NetworkError', async () => {
    const storage = loadApp({ rangedDownloadThreshold: 3 * MiB, downloadChunkSize: 3 * MiB });
    const key = `${uniquePath('cut-always')}cut.bin`;
    await lastValueFrom(storage.put(key, patternedBytes(4 * MiB, 4)));
    await setFaults({ rules: [{ match: { kind: 'get', path: key }, fault: 'cut-response-body' }] });
    const error = await errorOf(storage.get(key, { download: true }));
    expect(error.code).toBe('NetworkError');
    expect(error.message).toContain(`after ${quickRetries.maxAttempts} attempts`);
  });

  it('reports an object rewritten between two ranges as ObjectChanged, never a mix of versions', async () => {
    const storage = loadApp({
      rangedDownloadThreshold: 3 * MiB,
      downloadChunkSize: 3 * MiB,
      partConcurrency: 1,
    });
    const size = 7 * MiB;
    const key = `${uniquePath('changed')}changing.bin`;
    await lastValueFrom(storage.put(key, patternedBytes(size, 8)));
    // Hold the second range until the object has changed: same size, other bytes. Matched by key:
    // a GET another spec left in flight would otherwise count as the first and shift the hold.
    await setFaults({
      rules: [{ match: { kind: 'get', path: key }, fault: 'hold', every: 2, times: 1 }],
    });
    const failure = errorOf(storage.get(key, { download: true }));
    await waitUntil(async () => (await fullFaultStats()).held === 1, 'the second range to be held');
    await uncheckedPut(`public/${key}`, 'x'.repeat(size));
    expect(await releaseHeld()).toBe(1);
    const error = await failure;
    expect(error.code as string).toBe('ObjectChanged');
    expect(error.message).toContain(key);
    expect(error.message).toContain('changed while it was being downloaded');
  });
});

describe('resuming uploads', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('never stitches a different file with the same name, size and time onto old parts', async () => {
    const lastModified = 1_750_000_000_000;
    const first = new File([patternedBytes(20 * MiB, 100) as BlobPart], 'same.bin', {
      lastModified,
    });
    const other = new File([patternedBytes(20 * MiB, 200) as BlobPart], 'same.bin', {
      lastModified,
    });
    const key = `${uniquePath('fingerprint')}same.bin`;
    const options = {
      partConcurrency: 1,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    };

    // The first file stops after two parts, leaving a resume record.
    const failure = errorOf(loadApp(options).put(key, first));
    await waitUntil(
      async () => Object.values((await fullFaultStats()).parts).some((parts) => parts.length >= 2),
      'two parts',
    );
    await setFaults({ rules: [{ fault: 'status-500' }] });
    expect((await failure).code).toBe('ServiceError');
    await resetFaults();

    // Another file that only looks the same: a new upload of all its parts, the old one aborted.
    await lastValueFrom(loadApp(options).put(key, other));
    const stats = await fullFaultStats();
    expect(stats.byKind['createMultipart']).withContext('a new multipart upload').toBe(1);
    expect(Object.values(stats.parts)[0].length).withContext('parts sent').toBe(4);
    expect(stats.byKind['abortMultipart']).withContext('the old upload aborted').toBe(1);
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(other),
    );
  }, 120_000);

  it('purges expired resume records when uploads start, aborting their uploads', async () => {
    const storage = loadApp();
    const identityId = await lastValueFrom(storage.identityId());
    const store = new ResumableUploadStore();
    const expiredKey = `public/${uniquePath('expired')}old.bin`;
    const old = new File([patternedBytes(6 * MiB, 1) as BlobPart], 'old.bin', { lastModified: 1 });
    const id = resumableUploadId({
      bucket: localBackend().bucket,
      key: expiredKey,
      identityId,
      file: old,
    });
    await store.save({
      id,
      uploadId: 'expired-upload-id',
      partSize: 5 * MiB,
      parts: [],
      createdAt: Date.now() - 8 * day,
    });

    await lastValueFrom(
      storage.put(
        `${uniquePath('any')}new.bin`,
        new File([patternedBytes(6 * MiB, 6) as BlobPart], 'new.bin'),
      ),
    );
    expect(await store.find(id, 365 * day))
      .withContext('the expired record')
      .toBeUndefined();
    await waitUntil(
      async () =>
        (await fullFaultStats()).log.some(
          (entry) => entry.kind === 'abortMultipart' && entry.url.includes('expired-upload-id'),
        ),
      'the expired upload to be aborted',
      20_000,
    );
  });
});

describe('credentials that expire during an upload', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('renews them under injected faults, and the upload completes byte for byte', async () => {
    // Expiry is the gateway's check: moto_server takes any credentials, expired or not.
    requireEnforcement();
    // 'shortlived' gets credentials that last 10 s (tools/run-tests.mjs).
    const storage = loadApp({ partConcurrency: 2 }, 'shortlived');
    const identity = await TestBed.inject(CognitoCredentials).getIdentity();
    const expiresAt = (identity.credentials.expiration as Date).getTime();
    await setFaults({
      seed: 11,
      rules: [
        // Part 3's first attempt waits until the credentials it was signed with have expired.
        { match: { kind: 'putPart', query: 'partNumber=3' }, fault: 'hold', times: 1 },
        // Two at most: with 4 attempts a part must never meet more injected failures than it
        // may retry, however the two lanes' requests interleave (a run once saw one part given
        // up after 4 attempts while every third request failed).
        { match: { kind: 'putPart' }, fault: 'status-500', every: 3, times: 2 },
        { match: { kind: 'putPart' }, fault: 'lose-response', times: 1 },
      ],
    });
    const file = new File([patternedBytes(26 * MiB, 26) as BlobPart], 'renewed.bin');
    const key = `${uniquePath('renewal')}renewed.bin`;
    const upload = lastValueFrom(storage.put(key, file));
    await waitUntil(async () => (await fullFaultStats()).held === 1, 'part 3 to be held');
    await waitUntil(() => Date.now() > expiresAt + 1000, 'the credentials to expire', 30_000);
    await releaseHeld();
    await upload;
    const stats = await fullFaultStats();
    expect(stats.log.some((entry) => entry.status === 400 && entry.kind === 'putPart'))
      .withContext('ExpiredToken seen')
      .toBeTrue();
    expect(stats.faults).toBeGreaterThan(2);
    await resetFaults();
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(file),
    );
  }, 120_000);
});
