import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { until, waitFor } from '../../../spec-support/async';
import {
  faultLogFor,
  faultySettings,
  fullFaultStats,
  resetFaults,
  setFaults,
  uncheckedPut,
  uniquePath,
} from '../../../spec-support/local-backend';
import { mountBrowser, pickFiles, uploadsAre } from '../../../spec-support/browser-spec-helpers';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';

// The storage browser's requests as the S3 side sees them: held and counted at the fault proxy
// (tools/local-backend/fault-proxy.mjs), so that a spec can act while a request is in flight and
// count what was sent without timing anything.
describe('StorageBrowser through the fault proxy', () => {
  let storage: StorageService;

  beforeEach(async () => {
    await resetFaults();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(faultySettings())],
    });
    storage = TestBed.inject(StorageService);
    TestBed.inject(CognitoCredentials).clearLogins();
  });
  afterEach(() => resetFaults());

  /** The keys stored under `path` at public, as S3 lists them now. */
  async function storedUnder(path: string): Promise<string[]> {
    return (await firstValueFrom(storage.list(path))).items.map((item) => item.key);
  }

  it('cancels a folder delete part-way: what was deleted stays deleted, the rest stays, and it says so', async () => {
    const path = uniquePath('browser-cancel');
    const folder = `${path}big/`;
    // More than one page of 1000: the delete lists and deletes page by page, so it can stop between.
    const keys = Array.from({ length: 1005 }, (_, i) => `${folder}${String(i).padStart(4, '0')}`);
    await lastValueFrom(
      from([...keys, `${path}keep.txt`]).pipe(
        mergeMap((key) => uncheckedPut(`public/${key}`, 'x'), 16),
        toArray(),
      ),
    );
    // Hold the folder's second listing page (matched by its prefix, so the browser's own listing
    // of the parent passes): by then the first DeleteObjects has removed 1000 objects.
    await setFaults({
      rules: [
        {
          match: { kind: 'list', query: encodeURIComponent(folder) },
          fault: 'hold',
          every: 2,
          times: 1,
        },
      ],
    });
    const { browser } = await mountBrowser({ folder: path, guest: true });
    await until(
      () => browser.getNames(),
      (names) => names.join() === 'big,keep.txt',
      'the folder and the file',
    );
    await browser.clickEntry('big');
    await browser.clickAction('Delete');
    await browser.clickPanelButton('Delete');
    await until(
      async () => (await fullFaultStats()).held,
      (held) => held === 1,
      'the second page to be held',
    );
    expect(await browser.getDeletion()).toEqual({
      text: 'Deleting big: 1000 of 1000 objects deleted…',
      deleted: 1000,
      found: 1000,
    });

    await browser.cancelDeletion();
    await waitFor(
      'the cancel to be reported',
      async () =>
        (await browser.getMessage()) === 'Stopped. What was already deleted stays deleted.',
    );
    expect(await browser.getDeletion()).toBeNull();
    // The held request was the delete's one in flight: cancelling aborted it, so nothing more of
    // the folder can be listed or deleted by it.
    const held = await until(
      async () => (await faultLogFor(encodeURIComponent(folder))).filter((entry) => entry.held),
      (entries) => entries.length === 1 && entries[0].aborted === true,
      'the held listing to be aborted by the client',
    );
    expect(held[0].status).toBeUndefined();
    const deletes = (await fullFaultStats()).log.filter(
      (entry) => entry.method === 'POST' && /[?&]delete/.test(entry.url),
    );
    expect(deletes.length).toBe(1);
    expect(await storedUnder(folder)).toEqual(keys.slice(1000));
    expect(await storedUnder(`${path}keep.txt`)).toEqual([`${path}keep.txt`]);
    // The browser lists again after the cancel and shows the folder, now of 5 objects.
    await until(
      () => browser.getNames(),
      (names) => names.join() === 'big,keep.txt',
      'the folder to be listed again',
    );
    // Seeding 1006 objects takes a few seconds of the default 30.
  }, 90_000);

  it('lists the folder once after a batch of 20 uploads has settled, not after each file', async () => {
    const path = uniquePath('browser-batch');
    const { fixture, browser } = await mountBrowser({ folder: path, guest: true });
    await waitFor('the first listing', async () => (await browser.getStatus()) === 'done');
    const names = Array.from({ length: 20 }, (_, i) => `f-${String(i).padStart(2, '0')}.txt`);
    pickFiles(
      fixture,
      names.map((name) => new File([name], name)),
    );
    await uploadsAre(browser, 20, 'done');
    await waitFor('the 20 files to be listed', async () =>
      (await browser.getStatusText()).includes('20 files'),
    );
    // Counted where S3 sees them: the listing on opening the folder, and one after the batch.
    const listings = (await faultLogFor(encodeURIComponent(path))).filter(
      (entry) => entry.kind === 'list',
    );
    expect(listings.length).toBe(2);
    expect(await storedUnder(path)).toEqual(names.map((name) => `${path}${name}`));
  });
});
