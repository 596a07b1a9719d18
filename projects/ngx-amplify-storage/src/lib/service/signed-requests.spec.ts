import { firstValueFrom, lastValueFrom } from 'rxjs';
import {
  faultLogFor,
  faultySettings,
  fetchUncached,
  fullFaultStats,
  resetFaults,
  uniquePath,
} from '../../../spec-support/local-backend';
import { testBedOn } from '../../../spec-support/local-testbed';
import { correctClock } from '../presign/sigv4';
import { PutEvent } from './storage-types';
import { StorageService } from './storage.service';

// Puts and listings are signed by the library and sent without S3Client (issue 13): these check
// what S3 stores and answers for them, through the fault proxy, which logs every request.
describe('StorageService puts and listings signed by the library', () => {
  let storage: StorageService;

  beforeEach(async () => {
    await resetFaults();
    storage = testBedOn(faultySettings()).storage;
  });

  afterEach(() => resetFaults());

  async function put(key: string, body: string): Promise<string | undefined> {
    const result = (await lastValueFrom(storage.put(key, body))) as Extract<
      PutEvent,
      { type: 'result' }
    >;
    return result.eTag;
  }

  it('lists keys with XML special characters, spaces and non-ASCII, with their sizes and ETags', async () => {
    const path = uniquePath('odd-keys');
    const names = [
      `a & b <c> "d" 'e'.txt`,
      'two  spaces.txt',
      'é ü/中文.txt',
      'plus+percent%20.txt',
    ];
    const eTags = new Map<string, string | undefined>();
    for (const name of names) eTags.set(`${path}${name}`, await put(`${path}${name}`, name));
    const { items } = await firstValueFrom(storage.list(path));
    expect(items.map((item) => item.key).sort()).toEqual(
      names.map((name) => `${path}${name}`).sort(),
    );
    for (const item of items) {
      expect(item.eTag)
        .withContext(item.key)
        .toBe(eTags.get(item.key) ?? 'no ETag from the put');
      expect(item.size)
        .withContext(item.key)
        .toBe(new TextEncoder().encode(item.key.slice(path.length)).byteLength);
      expect(Math.abs(item.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    }
  });

  it('sends a listing as a presigned GET, with no CORS preflight', async () => {
    const path = uniquePath('no-preflight');
    await put(`${path}one.txt`, 'one');
    await resetFaults();
    const { items } = await firstValueFrom(storage.list(path));
    expect(items.length).toBe(1);
    const log = (await fullFaultStats()).log.filter((entry) =>
      entry.url.includes(path.slice(0, -1)),
    );
    expect(log.map((entry) => [entry.method, entry.kind])).toEqual([['GET', 'list']]);
    expect(log[0].url).toContain('X-Amz-Signature=');
  });

  it('stores what a put asks for: content type, disposition, cache control, expiry and metadata', async () => {
    const key = `${uniquePath('put-headers')}report.csv`;
    const expires = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
    await lastValueFrom(
      storage.put(key, 'a,b\n', {
        contentType: 'text/csv',
        contentDisposition: 'attachment; filename="report.csv"',
        cacheControl: 'max-age=60',
        expires,
        metadata: { Description: 'numbers  and  spaces' },
      }),
    );
    const [request] = await faultLogFor(key.split('/')[0]);
    expect(request.method).toBe('PUT');
    expect(request.invocationId).toEqual(jasmine.any(String));
    const properties = await firstValueFrom(storage.getProperties(key));
    expect(properties.contentType).toBe('text/csv');
    // S3 keeps metadata names in lower case; the value goes as given, its spaces too.
    expect(properties.metadata).toEqual({ description: 'numbers  and  spaces' });
    const { url } = await firstValueFrom(storage.get(key));
    const response = await fetchUncached(url);
    expect(await response.text()).toBe('a,b\n');
    expect(response.headers.get('cache-control')).toBe('max-age=60');
    expect(response.headers.get('expires')).toBe(expires.toUTCString());
  });

  it("signs by S3's clock once S3 says the device's clock is off (FAKE clock: 20 minutes slow)", async () => {
    const key = `${uniquePath('skewed')}a.txt`;
    // The one fake: this page's clock cannot be set, so the signer's clock is moved back instead.
    correctClock(new Date(Date.now() - 20 * 60_000));
    try {
      expect(await put(key, 'a')).toMatch(/^"/);
      const puts = (await faultLogFor(key.split('/')[0])).filter((entry) => entry.method === 'PUT');
      // The gateway refused the first (RequestTimeTooSkewed, with its ServerTime); the retry passed.
      expect(puts.map((entry) => entry.status)).toEqual([403, 200]);
    } finally {
      correctClock(new Date());
    }
  });

  it("lists by S3's clock once a presigned listing comes back expired (FAKE clock: 20 minutes slow)", async () => {
    const path = uniquePath('skewed-list');
    await put(`${path}a.txt`, 'a');
    await resetFaults();
    // The one fake, as above: the signer's clock is moved back, past the listing URL's 15 minutes.
    correctClock(new Date(Date.now() - 20 * 60_000));
    try {
      const { items } = await firstValueFrom(storage.list(path));
      expect(items.map((item) => item.key)).toEqual([`${path}a.txt`]);
      const lists = await faultLogFor(path.slice(0, -1));
      // The gateway refused the first as expired (AccessDenied, with its ServerTime); the retry passed.
      expect(lists.map((entry) => [entry.kind, entry.status])).toEqual([
        ['list', 403],
        ['list', 200],
      ]);
    } finally {
      correctClock(new Date());
    }
  });
});
