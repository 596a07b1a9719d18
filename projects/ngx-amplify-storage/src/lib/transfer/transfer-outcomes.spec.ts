import { lastValueFrom } from 'rxjs';
import {
  attemptsIn,
  faultLogFor,
  fullFaultStats,
  localBackend,
  patternedBytes,
  resetFaults,
  setFaults,
  sha256Hex,
  uncheckedGet,
  uncheckedPut,
  uniquePath,
  waitUntil,
} from '../../../spec-support/local-backend';
import { errorOf } from '../../../spec-support/async';
import { faultyApp } from '../../../spec-support/local-testbed';
import { transferResult } from '../service/storage-types';
import { ResumableUploadStore, resumableUploadId } from './resumable-upload-store';
import { TransferOptions } from './transfer-options';

// The true result after lost responses: S3 did the work, the browser never heard back. Each
// spec loses the answer of EVERY attempt (or of the one attempt that cannot be repeated), so
// retrying alone cannot find the truth; the library must look at the object.
const MiB = 1024 * 1024;
const quickRetries = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 };
const day = 24 * 3600 * 1000;

/** A fresh app on the fault proxy with quick retries, signed in as alice. */
const loadApp = (transfers: Partial<TransferOptions> = {}) =>
  faultyApp({ retry: quickRetries, ...transfers });

/** The ETag S3 holds for a full key, read past the proxy. */
async function storedETag(fullKey: string): Promise<string | null> {
  const response = await uncheckedGet(fullKey);
  await response.arrayBuffer();
  return response.ok ? response.headers.get('etag') : null;
}

describe('the true result after a lost response', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('reports a small PUT whose every answer was lost as stored, with the stored ETag', async () => {
    const storage = loadApp();
    await setFaults({ rules: [{ match: { kind: 'putObject' }, fault: 'lose-response' }] });
    const folder = uniquePath('lost-put');
    const key = `${folder}a.txt`;
    const result = await lastValueFrom(
      storage.put(key, 'stored, though nobody was told').pipe(transferResult()),
    );
    // This key's PUTs only: a put another spec left in flight may reach the proxy meanwhile.
    const puts = (await faultLogFor(folder)).filter((entry) => entry.kind === 'putObject');
    expect(attemptsIn(puts)).withContext('every attempt was made').toBe(quickRetries.maxAttempts);
    expect(puts.every((entry) => entry.lostStatus === 200)).toBeTrue();
    expect(puts.every((entry) => entry.invocationId))
      .withContext('SDK invocation ids')
      .toBeTrue();
    expect(result.eTag).toBe((await storedETag(`public/${key}`)) ?? 'no object');
    expect(await (await uncheckedGet(`public/${key}`)).text()).toBe(
      'stored, though nobody was told',
    );
  });

  it('still fails a small PUT that never reached S3: no false success', async () => {
    const storage = loadApp();
    await setFaults({
      rules: [{ match: { kind: 'putObject' }, fault: 'drop-mid-body', afterBytes: 0 }],
    });
    const key = `${uniquePath('never-put')}a.txt`;
    const error = await errorOf(storage.put(key, 'never stored'));
    expect(error.code).toBe('NetworkError');
    expect((await uncheckedGet(`public/${key}`)).status).toBe(404);
  });

  it('does not report a PUT as stored when the key holds other bytes', async () => {
    const storage = loadApp();
    const key = `${uniquePath('other-put')}a.txt`;
    await uncheckedPut(`public/${key}`, 'someone else wrote this');
    await setFaults({
      rules: [{ match: { kind: 'putObject' }, fault: 'drop-mid-body', afterBytes: 0 }],
    });
    expect((await errorOf(storage.put(key, 'never stored'))).code).toBe('NetworkError');
  });

  it('completes a multipart upload whose UploadPart answers were lost, byte for byte', async () => {
    const storage = loadApp();
    await setFaults({
      rules: [{ match: { kind: 'putPart' }, fault: 'lose-response', every: 2, times: 3 }],
    });
    const file = new File([patternedBytes(16 * MiB, 16) as BlobPart], 'parts.bin');
    const key = `${uniquePath('lost-part')}parts.bin`;
    await lastValueFrom(storage.put(key, file));
    expect((await fullFaultStats()).faultsByType['lose-response']).toBe(3);
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(file),
    );
  });

  it('reports a multipart upload whose CompleteMultipartUpload answer was lost as done, and forgets it', async () => {
    const storage = loadApp();
    await setFaults({
      rules: [{ match: { kind: 'completeMultipart' }, fault: 'lose-response', times: 1 }],
    });
    const file = new File([patternedBytes(12 * MiB, 12) as BlobPart], 'complete.bin', {
      lastModified: 1_760_000_000_000,
    });
    const key = `${uniquePath('lost-complete')}complete.bin`;
    const result = await lastValueFrom(storage.put(key, file).pipe(transferResult()));
    const stats = await fullFaultStats();
    expect(stats.log.find((entry) => entry.kind === 'completeMultipart')?.lostStatus)
      .withContext('S3 completed it')
      .toBe(200);
    expect(result.eTag).toBe((await storedETag(`public/${key}`)) ?? 'no object');
    expect(await sha256Hex(await (await uncheckedGet(`public/${key}`)).blob())).toBe(
      await sha256Hex(file),
    );

    // No stale resume record: the same file to the same key is a new upload, and it works.
    const identityId = await lastValueFrom(storage.identityId());
    const id = resumableUploadId({
      bucket: localBackend().bucket,
      key: `public/${key}`,
      identityId,
      file,
    });
    expect(await new ResumableUploadStore().find(id, day))
      .withContext('resume record')
      .toBeUndefined();
    await resetFaults();
    await lastValueFrom(loadApp().put(key, file));
    expect((await fullFaultStats()).byKind['createMultipart'])
      .withContext('a fresh upload')
      .toBe(1);
  }, 60_000);

  it('reports a delete whose every answer was lost as done', async () => {
    const storage = loadApp();
    const key = `${uniquePath('lost-delete')}a.txt`;
    await uncheckedPut(`public/${key}`, 'to be deleted');
    await setFaults({ rules: [{ match: { kind: 'deleteObject' }, fault: 'lose-response' }] });
    expect(await lastValueFrom(storage.remove(key))).toEqual({ key });
    const deletes = (await faultLogFor(key)).filter((entry) => entry.kind === 'deleteObject');
    expect(attemptsIn(deletes))
      .withContext('every attempt was made')
      .toBe(quickRetries.maxAttempts);
    expect((await uncheckedGet(`public/${key}`)).status).toBe(404);
  });

  it('still fails a delete that never reached S3, while the object is there', async () => {
    const storage = loadApp();
    const key = `${uniquePath('never-delete')}a.txt`;
    await uncheckedPut(`public/${key}`, 'still here');
    await setFaults({
      rules: [{ match: { kind: 'deleteObject' }, fault: 'drop-mid-body', afterBytes: 0 }],
    });
    expect((await errorOf(storage.remove(key))).code).toBe('NetworkError');
    await waitUntil(async () => (await fullFaultStats()).inFlight === 0, 'requests to end');
    expect((await uncheckedGet(`public/${key}`)).status).toBe(200);
  });
});
