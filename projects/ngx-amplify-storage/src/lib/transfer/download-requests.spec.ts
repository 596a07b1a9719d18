import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import {
  faultySettings,
  fullFaultStats,
  localBackend,
  loginsFor,
  patternedBytes,
  resetFaults,
  sha256Hex,
  uniquePath,
} from '../../../spec-support/local-backend';
import { StorageSettings } from '../config/storage-config';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage, withTransferOptions } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { transferResult } from '../service/storage-types';
import { TransferOptions } from './transfer-options';

const MiB = 1024 * 1024;

/** An app on the fault proxy, whose counters see every request the browser sends, preflights too. */
function loadApp(
  transfers: Partial<TransferOptions> = {},
  settings: StorageSettings = faultySettings(),
): StorageService {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [provideAmplifyStorage(settings, withTransferOptions(transfers))],
  });
  TestBed.inject(CognitoCredentials).setLogins(loginsFor('alice'));
  return TestBed.inject(StorageService);
}

/**
 * What the proxy has seen since the last reset: the distinct ranges asked for (a GET sent again
 * after a network error is the retry policy's, not a new range: moto_server behind its proxies
 * now and then drops a connection mid-answer), HEADs and preflights.
 */
async function counts(): Promise<{ ranges: number; head: number; preflight: number }> {
  const { byKind, log } = await fullFaultStats();
  const ranges = new Set(log.filter((entry) => entry.kind === 'get').map((entry) => entry.range));
  return { ranges: ranges.size, head: byKind['head'] ?? 0, preflight: byKind['preflight'] ?? 0 };
}

describe('download requests, counted at the server', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('downloads an object below the ranged threshold with one GET: no HEAD, no preflight', async () => {
    const storage = loadApp();
    const bytes = patternedBytes(3 * MiB + 17, 5);
    const key = `${uniquePath('one-get')}one.bin`;
    await lastValueFrom(
      storage.put(key, bytes, {
        contentType: 'application/x-one',
        metadata: { description: 'one' },
      }),
    );
    await resetFaults();
    const result = await lastValueFrom(storage.get(key, { download: true }).pipe(transferResult()));
    expect(await counts()).toEqual({ ranges: 1, head: 0, preflight: 0 });
    expect(result.size).toBe(bytes.length);
    expect(result.contentType).toBe('application/x-one');
    expect(result.metadata).toEqual({ description: 'one' });
    expect(result.eTag).toMatch(/^"?[0-9a-f]{32}"?$/);
    expect(await sha256Hex(result.body)).toBe(await sha256Hex(new Blob([bytes as BlobPart])));
  });

  it('above the threshold, takes the size from Content-Range: ranges only, no HEAD, no preflight', async () => {
    const storage = loadApp({ rangedDownloadThreshold: 4 * MiB, downloadChunkSize: 3 * MiB });
    const bytes = patternedBytes(10 * MiB + 3, 6);
    const key = `${uniquePath('ranged')}ranged.bin`;
    await lastValueFrom(storage.put(key, bytes));
    await resetFaults();
    const result = await lastValueFrom(storage.get(key, { download: true }).pipe(transferResult()));
    // 4 MiB first, then 3 + 3 + the last 3 bytes.
    expect(await counts()).toEqual({ ranges: 4, head: 0, preflight: 0 });
    expect(result.size).toBe(bytes.length);
    expect(await sha256Hex(result.body)).toBe(await sha256Hex(new Blob([bytes as BlobPart])));
  });

  it('falls back to one HEAD for the size when the bucket’s CORS rules hide Content-Range', async () => {
    const settings = { ...faultySettings(), bucket: localBackend().hiddenETagBucket };
    // One PUT: a multipart upload stops at the hidden ETag (MissingETag), as it must.
    const storage = loadApp(
      {
        rangedDownloadThreshold: 4 * MiB,
        downloadChunkSize: 3 * MiB,
        multipartThreshold: 64 * MiB,
      },
      settings,
    );
    const bytes = patternedBytes(10 * MiB + 3, 7);
    const key = `${uniquePath('hidden-range')}hidden.bin`;
    await lastValueFrom(storage.put(key, bytes));
    await resetFaults();
    const result = await lastValueFrom(storage.get(key, { download: true }).pipe(transferResult()));
    expect(result.size).toBe(bytes.length);
    expect(await sha256Hex(result.body)).toBe(await sha256Hex(new Blob([bytes as BlobPart])));
    const seen = await counts();
    expect(seen.head).withContext('HEADs for the size').toBe(1);
    expect(seen.ranges).toBe(4);
  });

  it('gives presigned URLs that a page fetches as a simple request, with no preflight', async () => {
    const storage = loadApp();
    const key = `${uniquePath('simple')}simple.txt`;
    await lastValueFrom(storage.put(key, 'simple'));
    const { url } = await firstValueFrom(storage.get(key));
    await resetFaults();
    const response = await fetch(url);
    expect(await response.text()).toBe('simple');
    expect(await counts()).toEqual({ ranges: 1, head: 0, preflight: 0 });
  });
});
