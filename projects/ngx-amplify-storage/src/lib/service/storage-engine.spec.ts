import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { errorOf } from '../../../spec-support/async';
import { localSettings, loginsFor, uniquePath } from '../../../spec-support/local-backend';
import { StorageConfigStore } from '../config/storage-config-store';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from './storage.service';

/** A StorageService of its own app injector (not TestBed's root), which the spec may destroy. */
function ownService(): { injector: EnvironmentInjector; storage: StorageService } {
  const injector = createEnvironmentInjector(
    // The root-provided classes again, so that they read this injector's configuration.
    [
      provideAmplifyStorage(localSettings()),
      StorageService,
      CognitoCredentials,
      StorageConfigStore,
    ],
    TestBed.inject(EnvironmentInjector),
  );
  injector.get(CognitoCredentials).setLogins(loginsFor('alice'));
  return { injector, storage: injector.get(StorageService) };
}

describe('StorageService engine (loaded with import() on the first call)', () => {
  it('runs calls once the engine is loaded: a put, then a list that finds it', async () => {
    const { injector, storage } = ownService();
    const path = uniquePath('engine');
    await lastValueFrom(storage.put(`${path}a.txt`, 'a'));
    const listed = await firstValueFrom(storage.list(path));
    expect(listed.items.map((item) => item.key)).toEqual([`${path}a.txt`]);
    injector.destroy();
  });

  it('errors, rather than never answering, when its app is destroyed before the first call', async () => {
    const { injector, storage } = ownService();
    injector.destroy();
    expect(String(await errorOf(storage.list('')))).toMatch(/destroyed/i);
  });
});
