import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { waitFor } from '../../../spec-support/async';
import {
  faultySettings,
  fullFaultStats,
  releaseHeld,
  resetFaults,
  setFaults,
  uniquePath,
} from '../../../spec-support/local-backend';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { ListResult } from './storage-types';
import { StorageService } from './storage.service';

describe('StorageService.list with eachPage', () => {
  let storage: StorageService;

  /** Stores `names` under `path`. */
  async function putAll(path: string, names: string[]): Promise<void> {
    for (const name of names) await lastValueFrom(storage.put(`${path}${name}`, name));
  }

  /** Holds the second listing request for `path` at the fault proxy until `releaseHeld()`. */
  function holdSecondPage(path: string): Promise<void> {
    return setFaults({
      rules: [
        { match: { kind: 'list', query: path.slice(0, -1) }, fault: 'hold', every: 2, times: 1 },
      ],
    });
  }

  beforeEach(async () => {
    await resetFaults();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(faultySettings())],
    });
    storage = TestBed.inject(StorageService);
  });

  afterEach(() => resetFaults());

  it('emits the first page while the server still holds the next one, then the rest', async () => {
    const path = uniquePath('each-page');
    await putAll(path, ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
    await holdSecondPage(path);
    const pages: ListResult[] = [];
    let completed = false;
    const subscription = storage.list(path, { pageSize: 2, eachPage: true }).subscribe({
      next: (page) => pages.push(page),
      complete: () => (completed = true),
    });
    try {
      await waitFor(
        'the first page, with the second held',
        async () => pages.length === 1 && (await fullFaultStats()).held === 1,
      );
      expect(pages[0].items.map((item) => item.key)).toEqual([`${path}a.txt`, `${path}b.txt`]);
      expect(pages[0].nextToken).toEqual(jasmine.any(String));
      expect(completed).toBeFalse();

      expect(await releaseHeld()).toBe(1);
      await waitFor('the listing to complete', () => completed);
      expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
      expect(pages.map((page) => page.nextToken === undefined)).toEqual([false, false, true]);
      expect(pages.flatMap((page) => page.items.map((item) => item.key))).toEqual(
        ['a', 'b', 'c', 'd', 'e'].map((name) => `${path}${name}.txt`),
      );
    } finally {
      subscription.unsubscribe();
    }
  });

  it('emits each page of a folder listing with its own folders', async () => {
    const path = uniquePath('each-page-folders');
    await putAll(path, ['a/1.txt', 'b/1.txt', 'c/1.txt', 'top.txt']);
    const pages = await lastValueFrom(
      storage.list(path, { pageSize: 2, eachPage: true, subpaths: false }).pipe(toArray()),
    );
    expect(pages.map((page) => [...(page.folders ?? []), ...page.items.map((i) => i.key)])).toEqual(
      [
        [`${path}a/`, `${path}b/`],
        [`${path}c/`, `${path}top.txt`],
      ],
    );
  });

  it('fetches every page of 1000 without pageSize, emitting each', async () => {
    const path = uniquePath('each-page-default');
    await putAll(path, ['x.txt', 'y.txt']);
    const pages = await lastValueFrom(storage.list(path, { eachPage: true }).pipe(toArray()));
    expect(pages.length).toBe(1);
    expect(pages[0].items.map((item) => item.key)).toEqual([`${path}x.txt`, `${path}y.txt`]);
    expect(pages[0].nextToken).toBeUndefined();
  });

  it('still emits one page for pageSize alone, and everything at once without either', async () => {
    const path = uniquePath('each-page-off');
    await putAll(path, ['a.txt', 'b.txt', 'c.txt']);
    const one = await lastValueFrom(storage.list(path, { pageSize: 2 }).pipe(toArray()));
    expect(one.map((page) => page.items.length)).toEqual([2]);
    expect(one[0].nextToken).toEqual(jasmine.any(String));
    const all = await lastValueFrom(storage.list(path).pipe(toArray()));
    expect(all.map((page) => page.items.length)).toEqual([3]);
  });
});
