// storageUrl and storageList against the local backend: real URLs, real listings, real users.
import { Injector, PLATFORM_ID, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import { until } from '../../../spec-support/async';
import { presignedExpiry } from '../../../spec-support/display';
import {
  fetchUncached,
  localSettings,
  loginsFor,
  uniquePath,
} from '../../../spec-support/local-backend';
import { localTestBed } from '../../../spec-support/local-testbed';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { AccessLevel } from '../keys/access-level';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { ListResult } from '../service/storage-types';
import { StorageResource } from './storage-resource';
import { storageList } from './storage-list';
import { storageUrl } from './storage-url';

describe('storageUrl and storageList on the local S3 server', () => {
  let storage: StorageService;
  let cognito: CognitoCredentials;
  let signIn: (user: string) => Promise<string>;

  beforeEach(() => {
    ({ storage, cognito, signIn } = localTestBed());
  });

  async function putText(key: string, text: string, level: AccessLevel = 'public'): Promise<void> {
    await lastValueFrom(storage.put(key, new Blob([text], { type: 'text/plain' }), { level }));
  }

  /** Runs effects (the resource's loader starts in one) and reads the resource's value. */
  function settle<T>(resource: StorageResource<T>): T | undefined {
    TestBed.tick();
    return resource.value();
  }

  function names(result: ListResult | undefined): string[] {
    return (result?.items ?? []).map((item) => item.key.split('/').pop() ?? '').sort();
  }

  async function textAt(url: string): Promise<string> {
    const response = await fetchUncached(url);
    expect(response.status).withContext(`GET ${url}`).toBe(200);
    return response.text();
  }

  it('lists a path, and lists again when the path signal changes', async () => {
    const first = uniquePath('signals-list');
    const second = uniquePath('signals-list');
    await putText(`${first}a.txt`, 'a');
    await putText(`${second}b.txt`, 'b');
    await putText(`${second}c.txt`, 'c');
    const path = signal(first);
    const list = TestBed.runInInjectionContext(() => storageList(path));

    await until(
      () => names(settle(list)),
      (n) => n.length > 0,
      'the first listing',
    );
    expect(names(list.value())).toEqual(['a.txt']);
    expect(list.isLoading()).toBeFalse();
    expect(list.error()).toBeUndefined();

    path.set(second);
    TestBed.tick();
    expect(list.isLoading()).withContext('loading the new path').toBeTrue();
    const listed = await until(
      () => names(settle(list)),
      (n) => n.length === 2,
      'the new path',
    );
    expect(listed).toEqual(['b.txt', 'c.txt']);
  });

  it("lists the signed-in user's private files, and the other user's after a switch", async () => {
    const path = uniquePath('signals-users');
    await signIn('alice');
    await putText(`${path}alice.txt`, 'alice', 'private');
    await signIn('bob');
    await putText(`${path}bob.txt`, 'bob', 'private');
    const list = TestBed.runInInjectionContext(() => storageList(path, { level: 'private' }));

    await until(
      () => names(settle(list)),
      (n) => n.includes('bob.txt'),
      "bob's files",
    );
    expect(names(list.value())).toEqual(['bob.txt']);

    cognito.setLogins(loginsFor('alice'));
    const listed = await until(
      () => names(settle(list)),
      (n) => n.includes('alice.txt'),
      "alice's files after the switch",
    );
    expect(listed).toEqual(['alice.txt']);
  });

  it('reports a failed listing as a StorageError, with no value', async () => {
    // A guest may not list private files: the gateway denies it.
    cognito.clearLogins();
    const list = TestBed.runInInjectionContext(() =>
      storageList(uniquePath('signals-denied'), { level: 'private' }),
    );
    await until(
      () => (settle(list), list.error()),
      (e) => e !== undefined,
      'the error',
    );
    expect(list.error()?.code).toBe('AccessDenied');
    expect(list.value()).toBeUndefined();
    expect(list.isLoading()).toBeFalse();
  });

  it('lists again on reload(), e.g. after an upload', async () => {
    const path = uniquePath('signals-reload');
    await putText(`${path}one.txt`, '1');
    const list = TestBed.runInInjectionContext(() => storageList(path));
    await until(
      () => names(settle(list)),
      (n) => n.length === 1,
      'the first listing',
    );
    await putText(`${path}two.txt`, '2');
    list.reload();
    const listed = await until(
      () => names(settle(list)),
      (n) => n.length === 2,
      'the reload',
    );
    expect(listed).toEqual(['one.txt', 'two.txt']);
  });

  it('lists the new level when the level signal changes', async () => {
    const path = uniquePath('signals-levels');
    await signIn('alice');
    await putText(`${path}public.txt`, 'public', 'public');
    await putText(`${path}protected.txt`, 'protected', 'protected');
    const level = signal<AccessLevel>('public');
    const list = TestBed.runInInjectionContext(() => storageList(path, () => ({ level: level() })));
    const first = await until(
      () => names(settle(list)),
      (n) => n.length > 0,
      'the public listing',
    );
    expect(first).toEqual(['public.txt']);

    level.set('protected');
    const listed = await until(
      () => names(settle(list)),
      (n) => n.includes('protected.txt'),
      'the protected listing',
    );
    expect(listed).toEqual(['protected.txt']);
  });

  it('gives a working URL, and loads nothing while the key is undefined', async () => {
    const key = `${uniquePath('signals-url')}hello.txt`;
    await putText(key, 'hello');
    const current = signal<string | undefined>(undefined);
    const url = TestBed.runInInjectionContext(() => storageUrl(current));
    TestBed.tick();
    expect(url.value()).toBeUndefined();
    expect(url.isLoading()).withContext('nothing to load').toBeFalse();

    current.set(key);
    const loaded = await until(
      () => settle(url),
      (u) => u !== undefined,
      'the URL',
    );
    expect(await textAt(loaded as string)).toBe('hello');
  });

  it('follows the level given as a function, to the object at the new level', async () => {
    const key = `${uniquePath('signals-level')}same-key.txt`;
    await signIn('alice');
    await putText(key, 'public copy', 'public');
    await putText(key, 'protected copy', 'protected');
    const level = signal<AccessLevel>('public');
    const url = TestBed.runInInjectionContext(() => storageUrl(key, () => ({ level: level() })));
    const first = await until(
      () => settle(url),
      (u) => u !== undefined,
      'the public URL',
    );
    expect(await textAt(first as string)).toBe('public copy');

    level.set('protected');
    const second = await until(
      () => settle(url),
      (u) => u !== undefined && u !== first,
      'the protected URL',
    );
    expect(await textAt(second as string)).toBe('protected copy');
  });

  it("storageUrl gives the other user's protected URL after a switch", async () => {
    const key = `${uniquePath('signals-url-users')}avatar.txt`;
    await signIn('alice');
    await putText(key, "alice's", 'protected');
    await signIn('bob');
    await putText(key, "bob's", 'protected');
    const url = TestBed.runInInjectionContext(() => storageUrl(key, { level: 'protected' }));
    const bobs = await until(
      () => settle(url),
      (u) => u !== undefined,
      "bob's URL",
    );
    expect(await textAt(bobs as string)).toBe("bob's");

    cognito.setLogins(loginsFor('alice'));
    const alices = await until(
      () => settle(url),
      (u) => u !== undefined && u !== bobs,
      "alice's URL after the switch",
    );
    expect(await textAt(alices as string)).toBe("alice's");
  });

  it('replaces a short-lived URL before it expires', async () => {
    const key = `${uniquePath('signals-renew')}note.txt`;
    await putText(key, 'renewed');
    const url = TestBed.runInInjectionContext(() => storageUrl(key, { expires: 2 }));
    const first = (await until(
      () => settle(url),
      (u) => u !== undefined,
      'the URL',
    )) as string;
    const firstExpiry = presignedExpiry(first);

    const renewed = (await until(
      () => settle(url),
      (u) => u !== first,
      'the renewed URL',
      10_000,
    )) as string;
    expect(Date.now())
      .withContext('renewed before the first URL expired')
      .toBeLessThan(firstExpiry);
    expect(url.isLoading()).withContext('a renewal is not a reload').toBeFalse();
    expect(await textAt(renewed)).toBe('renewed');
  });

  it('reports a missing object as NotFound when asked to check it exists', async () => {
    const key = `${uniquePath('signals-missing')}nothing.txt`;
    const url = TestBed.runInInjectionContext(() =>
      storageUrl(key, { validateObjectExistence: true }),
    );
    await until(
      () => (settle(url), url.error()),
      (e) => e !== undefined,
      'the error',
    );
    expect(url.error()?.code).toBe('NotFound');
    expect(url.value()).toBeUndefined();
  });

  it('needs an injection context or an injector, and says so', () => {
    expect(() => storageUrl('a.txt')).toThrowError(/storageUrl.*injection context/s);
    expect(() => storageList('')).toThrowError(/storageList.*injection context/s);
    const injector = TestBed.inject(Injector);
    expect(() => storageList('', { injector })).not.toThrow();
  });

  it('loads nothing on the server', () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideAmplifyStorage(localSettings()),
        { provide: PLATFORM_ID, useValue: 'server' },
      ],
    });
    const service = TestBed.inject(StorageService);
    // Spies that call through: they only record whether a helper reached the service.
    const get = spyOn(service, 'get').and.callThrough();
    const list = spyOn(service, 'list').and.callThrough();
    const url = TestBed.runInInjectionContext(() => storageUrl('a.txt'));
    const files = TestBed.runInInjectionContext(() => storageList(''));
    // A browser would call the service as the effects run, within this tick.
    TestBed.tick();
    expect(get).not.toHaveBeenCalled();
    expect(list).not.toHaveBeenCalled();
    for (const resource of [url, files]) {
      expect(resource.value()).toBeUndefined();
      expect(resource.isLoading()).toBeFalse();
      expect(resource.error()).toBeUndefined();
    }
  });
});
