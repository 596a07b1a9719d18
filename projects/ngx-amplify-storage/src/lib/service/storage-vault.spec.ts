import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import {
  localSettings,
  loginsFor,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from './storage.service';
import { transferResult } from './storage-types';
import { StorageVault } from './storage-vault';

/** Service members that are not calls at one level, so the vault has no reason to repeat them. */
const NOT_VAULT_OPERATIONS = ['constructor', 'configure'];

/** The methods a class's instances have (its prototype's functions). */
function methodsOf(type: { prototype: object }): string[] {
  return Object.getOwnPropertyNames(type.prototype).filter(
    (name) => typeof Object.getOwnPropertyDescriptor(type.prototype, name)?.value === 'function',
  );
}

// Compile-time half of the coverage check: a StorageService method missing from the vault is a
// type error here, before any spec runs.
type MissingFromVault = Exclude<
  keyof StorageService,
  keyof StorageVault | 'configure' | 'vault' | 'events$' | 'userChanges'
>;
const vaultCoversService: [MissingFromVault] extends [never] ? true : MissingFromVault = true;

describe('StorageVault: the whole StorageService API at the private level', () => {
  it('has every operation of StorageService', () => {
    expect(vaultCoversService).toBeTrue();
    const missing = methodsOf(StorageService).filter(
      (name) => !NOT_VAULT_OPERATIONS.includes(name) && !methodsOf(StorageVault).includes(name),
    );
    expect(missing).withContext('StorageService methods the vault lacks').toEqual([]);
    // The check sees the operations at all: a list that came out empty would pass anything.
    expect(methodsOf(StorageService)).toEqual(
      jasmine.arrayContaining(['put', 'get', 'list', 'remove', 'copy', 'getProperties']),
    );
  });

  it('runs every operation under private/{identityId}/ on the local backend', async () => {
    TestBed.configureTestingModule({ providers: [provideAmplifyStorage(localSettings())] });
    TestBed.inject(CognitoCredentials).setLogins(loginsFor('alice'));
    const { vault } = TestBed.inject(StorageService);
    const identityId = await firstValueFrom(vault.identityId());
    const path = uniquePath('vault-all');
    const stored = (key: string) => uncheckedGet(`private/${identityId}/${path}${key}`);

    await lastValueFrom(vault.put(`${path}a.txt`, 'secret', { metadata: { description: 'one' } }));
    expect(await (await stored('a.txt')).text()).toBe('secret');
    expect((await uncheckedGet(`public/${path}a.txt`)).status).toBe(404);

    await lastValueFrom(vault.copy({ key: `${path}a.txt` }, { key: `${path}b.txt` }));
    expect(await (await stored('b.txt')).text()).toBe('secret');

    const updated = await lastValueFrom(
      vault.updateMetadata(`${path}b.txt`, { description: 'two' }),
    );
    expect(updated.metadata).toEqual({ description: 'two' });
    const properties = await lastValueFrom(vault.getProperties(`${path}b.txt`));
    expect(properties.size).toBe(6);

    const download = await lastValueFrom(
      vault.get(`${path}a.txt`, { download: true }).pipe(transferResult()),
    );
    expect(await download.body.text()).toBe('secret');
    const url = (await lastValueFrom(vault.get(`${path}a.txt`))).url;
    expect(decodeURIComponent(new URL(url).pathname)).toContain(`private/${identityId}/${path}`);

    const listed = await lastValueFrom(vault.list(path));
    expect(listed.items.map((item) => item.key).sort()).toEqual([`${path}a.txt`, `${path}b.txt`]);

    await lastValueFrom(vault.remove(`${path}a.txt`));
    expect((await stored('a.txt')).status).toBe(404);
    const removed = await lastValueFrom(vault.remove(path, { prefix: true }));
    expect(removed).toEqual({ type: 'result', path, deleted: 1 });
    expect((await stored('b.txt')).status).toBe(404);
  });
});
