import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { errorOf, sleep, waitFor } from '../../../spec-support/async';
import {
  localSettings,
  loginsFor,
  requireEnforcement,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage, withTracking } from '../provide-amplify-storage';
import { StorageEvent } from '../tracking/storage-event';
import { StorageService } from './storage.service';
import { RemovePrefixEvent } from './storage-types';

async function signIn(
  user: string,
  sink?: StorageEvent[],
): Promise<{ storage: StorageService; identityId: string }> {
  TestBed.resetTestingModule();
  const features = sink
    ? [withTracking({ record: (event: StorageEvent) => sink.push(event) })]
    : [];
  TestBed.configureTestingModule({
    providers: [provideAmplifyStorage(localSettings(), ...features)],
  });
  TestBed.inject(CognitoCredentials).setLogins(loginsFor(user));
  const storage = TestBed.inject(StorageService);
  return { storage, identityId: (await firstValueFrom(storage.identityId())) as string };
}

function putMany(storage: StorageService, keys: string[]): Promise<unknown> {
  return lastValueFrom(
    range(0, keys.length).pipe(
      mergeMap((i) => storage.put(keys[i], `content ${i}`), 6),
      toArray(),
    ),
  );
}

describe('StorageService copy, properties, folders and prefix delete', () => {
  it('copies within a level and across levels', async () => {
    const { storage, identityId } = await signIn('alice');
    const path = uniquePath('copy');
    await lastValueFrom(
      storage.put(`${path}a.txt`, 'original', { contentType: 'text/x-original' }),
    );
    expect(
      await firstValueFrom(storage.copy({ key: `${path}a.txt` }, { key: `${path}b.txt` })),
    ).toEqual({ key: `${path}b.txt` });
    expect(await (await uncheckedGet(`public/${path}b.txt`)).text()).toBe('original');
    await firstValueFrom(
      storage.copy(
        { key: `${path}a.txt`, level: 'public' },
        { key: `${path}mine.txt`, level: 'private' },
      ),
    );
    const copied = await uncheckedGet(`private/${identityId}/${path}mine.txt`);
    expect(await copied.text()).toBe('original');
    expect(copied.headers.get('content-type')).toBe('text/x-original');
  });

  it("copies another user's protected file into one's own files", async () => {
    const alice = await signIn('alice');
    const path = uniquePath('copy-shared');
    await lastValueFrom(
      alice.storage.put(`${path}shared.txt`, 'from alice', { level: 'protected' }),
    );
    const bob = await signIn('bob');
    await firstValueFrom(
      bob.storage.copy(
        { key: `${path}shared.txt`, level: 'protected', identityId: alice.identityId },
        { key: `${path}kept.txt`, level: 'private' },
      ),
    );
    expect(await (await uncheckedGet(`private/${bob.identityId}/${path}kept.txt`)).text()).toBe(
      'from alice',
    );
  });

  it("refuses to copy into another user's files, before sending anything", async () => {
    const { storage } = await signIn('alice');
    const error = await errorOf(
      storage.copy({ key: 'a' }, { key: 'b', level: 'protected', identityId: 'someone-else' }),
    );
    expect(error.code).toBe('InvalidOption');
    expect(error.field).toBe('to.identityId');
  });

  it('reads properties without the content, and NotFound for a missing key', async () => {
    const { storage } = await signIn('alice');
    const key = `${uniquePath('props')}report.csv`;
    await lastValueFrom(
      storage.put(key, 'a,b\n', {
        level: 'protected',
        contentType: 'text/csv',
        metadata: { description: 'numbers' },
      }),
    );
    const properties = await firstValueFrom(storage.getProperties(key, { level: 'protected' }));
    expect(properties).toEqual(
      jasmine.objectContaining({
        key,
        size: 4,
        contentType: 'text/csv',
        metadata: { description: 'numbers' },
      }),
    );
    expect(properties.eTag).toMatch(/^"/);
    expect(properties.lastModified).toBeInstanceOf(Date);
    expect(
      (await errorOf(storage.getProperties(`${key}.missing`, { level: 'protected' }))).code,
    ).toBe('NotFound');
  });

  it('replaces metadata and keeps the content and content type', async () => {
    const { storage } = await signIn('alice');
    const key = `${uniquePath('meta')}photo.png`;
    await lastValueFrom(
      storage.put(key, 'png bytes', {
        contentType: 'image/png',
        metadata: { description: 'before' },
      }),
    );
    const updated = await firstValueFrom(storage.updateMetadata(key, { description: 'after' }));
    expect(updated.metadata).toEqual({ description: 'after' });
    const properties = await firstValueFrom(storage.getProperties(key));
    expect(properties.metadata).toEqual({ description: 'after' });
    expect(properties.contentType).toBe('image/png');
    expect(await (await uncheckedGet(`public/${key}`)).text()).toBe('png bytes');
    expect((await errorOf(storage.updateMetadata(key, { 'bad name': 'x' }))).code).toBe(
      'InvalidOption',
    );
  });

  it('folds sub-paths into folders with subpaths: false', async () => {
    const { storage } = await signIn('alice');
    const path = uniquePath('folders');
    await putMany(storage, [
      `${path}top.txt`,
      `${path}photos/a.jpg`,
      `${path}photos/b.jpg`,
      `${path}photos-old/c.jpg`,
      `${path}docs/deep/d.txt`,
    ]);
    const folded = await firstValueFrom(storage.list(path, { subpaths: false }));
    expect(folded.items.map((item) => item.key)).toEqual([`${path}top.txt`]);
    expect(folded.folders).toEqual([`${path}docs/`, `${path}photos-old/`, `${path}photos/`]);
    const inside = await firstValueFrom(storage.list(`${path}photos/`, { subpaths: false }));
    expect(inside.items.map((item) => item.key)).toEqual([
      `${path}photos/a.jpg`,
      `${path}photos/b.jpg`,
    ]);
    expect(inside.folders).toEqual([]);
    expect((await firstValueFrom(storage.list(path))).items.length).toBe(5);
  });

  it('deletes 2,500 objects under a prefix in batches, leaving the neighbouring prefix alone', async () => {
    const { storage } = await signIn('alice');
    const path = uniquePath('bulk');
    const doomed = Array.from(
      { length: 2500 },
      (_, i) => `${path}old/${String(i).padStart(4, '0')}.txt`,
    );
    const neighbours = [`${path}old-but-kept/x.txt`, `${path}old.txt`, `${path}keep/y.txt`];
    await putMany(storage, [...doomed, ...neighbours]);
    const events: RemovePrefixEvent[] = await lastValueFrom(
      storage.remove(`${path}old/`, { level: 'public', prefix: true }).pipe(toArray()),
    );
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(events[events.length - 1]).toEqual({
      type: 'result',
      path: `${path}old/`,
      deleted: 2500,
    });
    expect((await firstValueFrom(storage.list(`${path}old/`))).items).toEqual([]);
    expect((await firstValueFrom(storage.list(path))).items.map((item) => item.key).sort()).toEqual(
      [...neighbours].sort(),
    );
  }, 300_000);

  it('refuses a prefix delete whose path is not a folder', async () => {
    const { storage } = await signIn('alice');
    const error = await errorOf(storage.remove('photos', { prefix: true }));
    expect(error.code).toBe('InvalidKey');
    expect(error.message).toContain("ending in '/'");
  });

  it('tracks every operation, failures included, into the registered sinks', async () => {
    const sink: StorageEvent[] = [];
    const { storage } = await signIn('alice', sink);
    storage.configure({ track: true });
    const path = uniquePath('tracked');
    await lastValueFrom(storage.put(`${path}a.txt`, 'abc'));
    await firstValueFrom(storage.copy({ key: `${path}a.txt` }, { key: `${path}b.txt` }));
    await firstValueFrom(storage.getProperties(`${path}b.txt`));
    await firstValueFrom(storage.updateMetadata(`${path}b.txt`, { description: 'x' }));
    await firstValueFrom(storage.list(path, { subpaths: false }));
    await lastValueFrom(storage.remove(path, { prefix: true }));
    await errorOf(storage.getProperties(`${path}gone.txt`));
    await errorOf(storage.remove('not-a-folder', { prefix: true }));
    // The event follows the call's last value by a microtask.
    await waitFor('eight tracking events', () => sink.length >= 8);
    expect(sink.map((event) => `${event.method}:${event.result}`)).toEqual([
      'put:success',
      'copy:success',
      'getProperties:success',
      'updateMetadata:success',
      'list:success',
      'remove:success',
      'getProperties:NotFound',
      'remove:InvalidKey',
    ]);
    // A prefix delete says how many objects it removed (a.txt and b.txt).
    expect(
      sink.find((event) => event.method === 'remove' && event.result === 'success')?.count,
    ).toBe(2);
    const serialized = JSON.stringify(sink);
    expect(serialized).not.toMatch(/X-Amz-|ASIA[A-Z0-9]{16}|secret/i);
  });

  it('tracks a call unsubscribed before its result as Cancelled, and one ended by firstValueFrom as a success, once each', async () => {
    const sink: StorageEvent[] = [];
    const { storage } = await signIn('alice', sink);
    storage.configure({ track: true });
    const path = uniquePath('tracked-cancel');
    await lastValueFrom(storage.put(`${path}a.txt`, 'abc'));
    sink.length = 0;

    storage.list(path).subscribe().unsubscribe();
    const removal = storage.remove(path, { prefix: true }).subscribe();
    removal.unsubscribe();
    await firstValueFrom(storage.getProperties(`${path}a.txt`));
    // A sleep on purpose: the claim is that no second event comes, and an absent event cannot be
    // waited for. The cancelled calls sent nothing (checked below), so nothing is left to answer.
    await sleep(500);

    expect(sink.map((event) => `${event.method}:${event.result}`)).toEqual([
      'list:Cancelled',
      'remove:Cancelled',
      'getProperties:success',
    ]);
    // The cancelled delete sent nothing: the file is still there.
    expect((await firstValueFrom(storage.list(path))).items.map((item) => item.key)).toEqual([
      `${path}a.txt`,
    ]);
  });

  it('names both ends when S3 refuses a copy', async () => {
    requireEnforcement();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideAmplifyStorage(localSettings())] });
    const guest = TestBed.inject(StorageService);
    const path = uniquePath('copy-refused');
    await lastValueFrom(guest.put(`${path}a.txt`, 'from a guest'));
    // A guest may read public files but not write protected ones.
    const error = await errorOf(
      guest.copy({ key: `${path}a.txt` }, { key: `${path}b.txt`, level: 'protected' }),
    );
    expect(error.code).toBe('AccessDenied');
    expect(error.message).toContain(
      `the copy of public key "${path}a.txt" to protected key "${path}b.txt"`,
    );
  });
});
