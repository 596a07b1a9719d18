import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import {
  FullFaultStats,
  faultySettings,
  fullFaultStats,
  localBackend,
  loginsFor,
  patternedBytes,
  releaseHeld,
  resetFaults,
  setFaults,
  uniquePath,
  waitUntil,
} from '../../../spec-support/local-backend';
import { StorageConfigStore } from '../config/storage-config-store';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import {
  StorageFeature,
  provideAmplifyStorage,
  withMaxRequestsPerHost,
  withTransferOptions,
} from '../provide-amplify-storage';
import { requestHost } from '../service/s3-session';
import { StorageService } from '../service/storage.service';
import { RequestLimiter } from './request-limiter';

const MiB = 1024 * 1024;

/**
 * The fault proxy's control API under another host name: with six requests held, the browser has
 * no connection left to the proxy's own host (six per host), so the spec talks to it as localhost.
 */
function controlByOtherHost(path: string, init?: RequestInit): Promise<Response> {
  const url = new URL(`${localBackend().faultControlEndpoint}${path}`);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return fetch(url, init);
}

async function heldRequests(): Promise<number> {
  return ((await (await controlByOtherHost('/stats')).json()) as FullFaultStats).held;
}

/** An app on the fault proxy, whose counters see every request the browser sends. */
function loadApp(...features: StorageFeature[]): StorageService {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [
      provideAmplifyStorage(
        faultySettings(),
        // 5 MiB parts, four at a time per upload: 20 MiB is four parts all wanting to go.
        withTransferOptions({ partConcurrency: 4 }),
        ...features,
      ),
    ],
  });
  TestBed.inject(CognitoCredentials).setLogins(loginsFor('alice'));
  return TestBed.inject(StorageService);
}

describe('the request limit, counted at the server', () => {
  beforeEach(() => resetFaults());
  afterAll(() => resetFaults());

  it('never has more than 6 requests in flight for four multipart uploads of four parts', async () => {
    const storage = loadApp();
    const path = uniquePath('limit');
    // The first six parts to arrive are held: all six slots are then taken by parts, with ten
    // more parts waiting. Without the limit those ten would reach the server meanwhile.
    await setFaults({ rules: [{ match: { kind: 'putPart' }, fault: 'hold', times: 6 }] });
    const uploads = [1, 2, 3, 4].map((n) =>
      lastValueFrom(storage.put(`${path}${n}.bin`, patternedBytes(20 * MiB, n))),
    );
    await waitUntil(async () => (await heldRequests()) === 6, 'six parts held');
    const limiter = TestBed.inject(RequestLimiter).forHost(
      requestHost(TestBed.inject(StorageConfigStore).config()),
    );
    await waitUntil(() => limiter.queued === 10, 'the ten other parts waiting in the library');
    await controlByOtherHost('/release', { method: 'POST' });
    await Promise.all(uploads);
    const stats = await fullFaultStats();
    expect(stats.byKind['putPart']).toBe(16);
    expect(stats.maxInFlight).withContext('peak requests in flight at the server').toBe(6);
  }, 120_000);

  it('sends a small put started after a large upload before the large upload’s queued parts', async () => {
    const storage = loadApp(withMaxRequestsPerHost(1));
    const path = uniquePath('turns');
    await setFaults({ rules: [{ match: { kind: 'putPart' }, fault: 'hold', times: 1 }] });
    const big = lastValueFrom(storage.put(`${path}big.bin`, patternedBytes(20 * MiB, 9)));
    await waitUntil(async () => (await fullFaultStats()).held === 1, 'part 1 held');
    const limiter = TestBed.inject(RequestLimiter).forHost(
      requestHost(TestBed.inject(StorageConfigStore).config()),
    );
    // Parts 2 to 4 wait for the one slot; then the small put joins them.
    await waitUntil(() => limiter.queued === 3, 'parts 2 to 4 waiting');
    const small = lastValueFrom(storage.put(`${path}small.txt`, 'small'));
    await waitUntil(() => limiter.queued === 4, 'the small put waiting');
    expect(await releaseHeld()).toBe(1);
    await Promise.all([big, small]);
    const order = (await fullFaultStats()).log
      .filter((entry) => entry.kind === 'putPart' || entry.kind === 'putObject')
      .map((entry) => entry.kind);
    expect(order).toEqual(['putPart', 'putObject', 'putPart', 'putPart', 'putPart']);
    expect((await fullFaultStats()).maxInFlight).toBe(1);
  }, 120_000);
});
