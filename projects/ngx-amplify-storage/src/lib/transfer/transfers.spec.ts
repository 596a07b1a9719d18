import { TestBed } from '@angular/core/testing';
import { lastValueFrom, toArray } from 'rxjs';
import {
  localBackend,
  localSettings,
  loginsFor,
  patternedBytes,
  sha256Hex,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { StorageSettings } from '../config/storage-config';
import { errorOf } from '../../../spec-support/async';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage, withTransferOptions } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { transferResult } from '../service/storage-types';
import { TransferOptions } from './transfer-options';

const MiB = 1024 * 1024;

function setUp(
  settings: StorageSettings = localSettings(),
  transfers: Partial<TransferOptions> = {},
): StorageService {
  TestBed.configureTestingModule({
    providers: [provideAmplifyStorage(settings, withTransferOptions(transfers))],
  });
  TestBed.inject(CognitoCredentials).setLogins(loginsFor('alice'));
  return TestBed.inject(StorageService);
}

// Pausing and cancelling under way are transfer-faults.spec's: the fault proxy counts the
// requests, so those specs wait on its counters rather than on the clock.
describe('transfers on the local S3 server', () => {
  it('uploads a large File in parts, byte for byte', async () => {
    const storage = setUp();
    const bytes = patternedBytes(23 * MiB, 7);
    const file = new File([bytes as BlobPart], 'big.bin', { type: 'application/x-test' });
    const key = `${uniquePath('multipart')}big.bin`;
    const events = await lastValueFrom(storage.put(key, file).pipe(toArray()));
    const progress = events
      .filter((event) => event.type === 'progress')
      .map((event) => event.loaded);
    expect(progress[progress.length - 1]).toBe(file.size);
    expect(events[events.length - 1]).toEqual(jasmine.objectContaining({ type: 'result', key }));
    const stored = await uncheckedGet(`public/${key}`);
    expect(stored.headers.get('content-type')).toBe('application/x-test');
    expect(await sha256Hex(await stored.blob())).toBe(await sha256Hex(file));
  });

  it('uploads a large byte array in parts, byte for byte, from a view at an offset', async () => {
    const storage = setUp();
    const buffer = patternedBytes(12 * MiB, 5);
    const view = buffer.subarray(123, 11 * MiB + 7);
    const key = `${uniquePath('multipart')}bytes.bin`;
    const events = await lastValueFrom(storage.put(key, view).pipe(toArray()));
    const progress = events.filter((event) => event.type === 'progress').map((e) => e.loaded);
    expect(progress[progress.length - 1]).toBe(view.byteLength);
    const stored = await uncheckedGet(`public/${key}`);
    // Three parts (5, 5 and 1 MiB + 7 - 123 bytes): S3's multipart ETag ends in -3.
    expect(stored.headers.get('etag')).toMatch(/-3"$/);
    expect(await sha256Hex(await stored.blob())).toBe(
      await sha256Hex(new Blob([view as Uint8Array<ArrayBuffer>])),
    );
  });

  it('downloads in ranges, byte for byte, with progress up to the size', async () => {
    const storage = setUp(localSettings(), {
      rangedDownloadThreshold: 3 * MiB,
      downloadChunkSize: 3 * MiB,
    });
    const bytes = patternedBytes(10 * MiB + 123, 3);
    const key = `${uniquePath('ranges')}big.bin`;
    await lastValueFrom(storage.put(key, bytes));
    const events = await lastValueFrom(storage.get(key, { download: true }).pipe(toArray()));
    const result = events[events.length - 1];
    if (result.type !== 'result') throw new Error('no result');
    expect(result.size).toBe(bytes.length);
    expect(await sha256Hex(result.body)).toBe(await sha256Hex(new Blob([bytes as BlobPart])));
    const totals = events.filter((event) => event.type === 'progress').map((event) => event.total);
    expect(totals[totals.length - 1]).toBe(bytes.length);
  });

  it('downloads an empty object', async () => {
    const storage = setUp();
    const key = `${uniquePath('empty')}nothing.txt`;
    await lastValueFrom(storage.put(key, ''));
    const result = await lastValueFrom(storage.get(key, { download: true }).pipe(transferResult()));
    expect(result.size).toBe(0);
  });

  it('stops a multipart upload with a clear error when the bucket hides ETag from the browser', async () => {
    const storage = setUp({ ...localSettings(), bucket: localBackend().hiddenETagBucket });
    const error = await errorOf(
      storage.put(`${uniquePath('etag')}big.bin`, patternedBytes(6 * MiB)),
    );
    expect(error.code).toBe('MissingETag');
    expect(error.message).toContain('ExposeHeaders');
  });

  it('refuses transfer options S3 would reject', () => {
    expect(() => withTransferOptions({ partSize: MiB })).toThrowMatching(
      (e) => e.code === 'InvalidOption' && /5 MiB/.test(e.message),
    );
    expect(() => withTransferOptions({ partConcurrency: 0 })).toThrowMatching(
      (e) => e.field === 'partConcurrency',
    );
    expect(() => withTransferOptions({ rangedDownloadThreshold: 0.5 })).toThrowMatching(
      (e) => e.field === 'rangedDownloadThreshold',
    );
    expect(() => withTransferOptions({ downloadChunkSize: 0 })).toThrowMatching(
      (e) => e.field === 'downloadChunkSize',
    );
    expect(() =>
      withTransferOptions({ retry: { maxAttempts: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
    ).toThrowMatching((e) => e.field === 'retry.maxAttempts');
  });
});
