import { ComponentRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { firstValueFrom, lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { until, waitFor as eventually } from '../../../spec-support/async';
import { imageFetches, pixelPng } from '../../../spec-support/display';
import {
  fetchUncached,
  faultLogFor,
  fullFaultStats,
  releaseHeld,
  setFaults,
  throughFaultProxy,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { localTestBed } from '../../../spec-support/local-testbed';
import { S3AlbumHarness } from '../../../testing/s3-album-harness';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { AccessLevel } from '../keys/access-level';
import { withMaxConcurrentTransfers } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { StorageBody, transferResult } from '../service/storage-types';
import { AlbumItem, SelectedAlbumItem, byKey } from './album-item';
import { S3Album } from './s3-album';

interface Mounted {
  fixture: ComponentFixture<S3Album>;
  harness: S3AlbumHarness;
  selected: SelectedAlbumItem[];
  changes: SelectedAlbumItem[][];
}

const keysOf = (items: readonly { key: string }[]) => items.map((item) => item.key);

/** Waits until the album shows images and every one of them has finished loading (or failing). */
function imagesSettled(element: HTMLElement): Promise<void> {
  return eventually('the shown images to finish loading', () => {
    const images = Array.from(element.querySelectorAll('img'));
    return images.length > 0 && images.every((image) => image.complete);
  });
}

describe('S3Album on the local S3 server', () => {
  let storage: StorageService;
  let cognito: CognitoCredentials;
  let signIn: (user: string) => Promise<string>;

  async function put(
    key: string,
    body: StorageBody = pixelPng(),
    level: AccessLevel = 'public',
  ): Promise<void> {
    await lastValueFrom(storage.put(key, body, { level }));
  }

  /** Mounts an album `width` pixels wide and 400 high, with 100-pixel tiles unless told otherwise. */
  async function mount(
    inputs: Partial<Record<keyof S3Album, unknown>>,
    width = 330,
  ): Promise<Mounted> {
    const fixture = TestBed.createComponent(S3Album);
    const host = fixture.nativeElement as HTMLElement;
    host.style.width = `${width}px`;
    host.style.setProperty('--amplify-album-height', '400px');
    const ref: ComponentRef<S3Album> = fixture.componentRef;
    ref.setInput('tileSize', 100);
    for (const [name, value] of Object.entries(inputs)) ref.setInput(name, value);
    const selected: SelectedAlbumItem[] = [];
    const changes: SelectedAlbumItem[][] = [];
    fixture.componentInstance.selected.subscribe((item) => selected.push(item));
    fixture.componentInstance.selectionChange.subscribe((items) => changes.push(items));
    const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3AlbumHarness);
    return { fixture, harness, selected, changes };
  }

  async function listed(harness: S3AlbumHarness, count: number): Promise<void> {
    await eventually(
      `the album has listed ${count} items`,
      async () =>
        ((await harness.getStatus()) === 'done' && (await harness.getTiles()).length > 0) ||
        count === 0,
    );
    await eventually(
      `the album shows ${count} files`,
      async () => (await harness.getStatusText()) === (count === 1 ? '1 file' : `${count} files`),
    );
  }

  /** Puts `count` small images named `img-00000.png`... under `path`, six at a time. */
  async function putMany(path: string, count: number): Promise<void> {
    const png = pixelPng();
    await lastValueFrom(
      range(0, count).pipe(
        mergeMap(
          (i) =>
            storage.put(`${path}img-${String(i).padStart(5, '0')}.png`, png).pipe(transferResult()),
          6,
        ),
        toArray(),
      ),
    );
  }

  beforeEach(() => {
    ({ storage, cognito, signIn } = localTestBed(withMaxConcurrentTransfers(6)));
  });

  it('lists the items of a protected album, including those of another user through identityId', async () => {
    const aliceId = await signIn('alice');
    const path = uniquePath('album-protected');
    await put(`${path}a.png`, pixelPng(), 'protected');
    await put(`${path}b.txt`, 'bee', 'protected');
    await put(`${path}c.png`, pixelPng(), 'protected');

    const own = await mount({ path, level: 'protected', sort: byKey });
    await listed(own.harness, 3);
    expect(await own.harness.getTileKeys()).toEqual([
      `${path}a.png`,
      `${path}b.txt`,
      `${path}c.png`,
    ]);
    own.fixture.destroy();

    await signIn('bob');
    const others = await mount({ path, level: 'protected', identityId: aliceId, sort: byKey });
    await listed(others.harness, 3);
    expect(await others.harness.getTileKeys()).toEqual([
      `${path}a.png`,
      `${path}b.txt`,
      `${path}c.png`,
    ]);
    const [image] = await others.harness.getTiles({ key: `${path}a.png` });
    await eventually('the image tile has a URL', async () => (await image.getImageSrc()) !== null);
    expect(decodeURIComponent((await image.getImageSrc()) as string)).toContain(
      `protected/${aliceId}/${path}a.png`,
    );
  });

  it('shows images as images, text as a text preview (markup as text) and other files as file tiles', async () => {
    const path = uniquePath('album-kinds');
    await put(`${path}photo.png`);
    await put(`${path}notes.txt`, '<script>window.__albumRan = true</script>Hello');
    await put(`${path}report.pdf`, 'not really a pdf');
    const { fixture, harness } = await mount({ path, sort: byKey });
    await listed(harness, 3);

    const photo = await harness.getTile(`${path}photo.png`);
    const notes = await harness.getTile(`${path}notes.txt`);
    const report = await harness.getTile(`${path}report.pdf`);
    await eventually(
      'the tiles have loaded',
      async () =>
        (await photo.getStatus()) === 'image' &&
        (await notes.getStatus()) === 'text' &&
        (await report.getStatus()) === 'plain',
    );
    expect(await photo.getKind()).toBe('image');
    expect(await photo.getImageSrc()).toContain('photo.png');
    expect(await notes.getKind()).toBe('text');
    expect(await notes.getPreview()).toBe('<script>window.__albumRan = true</script>Hello');
    expect(await notes.getImageSrc()).toBeNull();
    expect(await report.getKind()).toBe('other');
    expect(await report.getName()).toBe('report.pdf');
    expect((fixture.nativeElement as HTMLElement).querySelector('script')).toBeNull();
    expect((window as { __albumRan?: boolean }).__albumRan).toBeUndefined();
  });

  it('shows a file name with markup as text, never as HTML', async () => {
    const path = uniquePath('album-markup');
    // No '/' in it: that would make it a folder, not a name.
    const name = '<img src=x onerror="window.__albumNameRan = true"><b>name.pdf';
    await put(`${path}${name}`, 'not really a pdf');
    const { fixture, harness } = await mount({ path });
    await listed(harness, 1);
    const tile = await harness.getTile(`${path}${name}`);
    expect(await tile.getName()).toBe(name);
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('b')).toBeNull();
    expect(host.querySelector('amplify-s3-album-tile img')).toBeNull();
    expect((window as { __albumNameRan?: boolean }).__albumNameRan).toBeUndefined();
  });

  it('sorts newest first by default, and by a given comparator', async () => {
    const path = uniquePath('album-sort');
    // Written in key order, each newer than the last, so that newest first is the reverse of key
    // order. Last-Modified counts whole seconds: an object is written again until it is newer.
    let previous = 0;
    for (const name of ['a.png', 'b.png', 'c.png']) {
      previous = await until(
        async () => {
          await put(`${path}${name}`);
          return Date.parse(
            (await uncheckedGet(`public/${path}${name}`)).headers.get('last-modified') ?? '',
          );
        },
        (modified) => modified > previous,
        `${name} to be newer than the one before`,
      );
    }
    const newest = await mount({ path });
    await listed(newest.harness, 3);
    expect(await newest.harness.getTileKeys()).toEqual([
      `${path}c.png`,
      `${path}b.png`,
      `${path}a.png`,
    ]);

    newest.fixture.componentRef.setInput('sort', byKey);
    await eventually(
      'the order follows the new comparator',
      async () => (await newest.harness.getTileKeys())[0] === `${path}a.png`,
    );
    expect(await newest.harness.getTileKeys()).toEqual([
      `${path}a.png`,
      `${path}b.png`,
      `${path}c.png`,
    ]);
  });

  it('shows only the items the filter keeps', async () => {
    const path = uniquePath('album-filter');
    await put(`${path}one.png`);
    await put(`${path}two.png`);
    await put(`${path}three.txt`, 'text');
    const { harness, fixture } = await mount({
      path,
      filter: (item: AlbumItem) => item.kind === 'image',
      sort: byKey,
    });
    await listed(harness, 2);
    expect(await harness.getTileKeys()).toEqual([`${path}one.png`, `${path}two.png`]);

    fixture.componentRef.setInput('filter', (item: AlbumItem) => item.key.endsWith('.md'));
    await eventually('the empty state shows', () => harness.isEmpty());
    expect(await harness.getTiles()).toEqual([]);
  });

  it('lists every page with a small pageSize', async () => {
    const path = uniquePath('album-pages');
    await putMany(path, 7);
    const { harness } = await mount({ path, pageSize: 2, sort: byKey });
    await listed(harness, 7);
    expect((await harness.getTileKeys()).length).toBe(7);
  });

  it('selects one item at a time by click, emitting it with its URL and details', async () => {
    const path = uniquePath('album-single');
    await put(`${path}a.png`);
    await put(`${path}b.txt`, 'bee');
    const { harness, selected, changes } = await mount({ path, sort: byKey });
    await listed(harness, 2);
    expect(await harness.isMultiselectable()).toBeFalse();

    await harness.selectTile(`${path}a.png`);
    await eventually('(selected) has emitted', () => selected.length === 1);
    const [item] = selected;
    expect(item).toEqual(
      jasmine.objectContaining({
        key: `${path}a.png`,
        name: 'a.png',
        size: pixelPng().size,
        contentType: 'image/png',
        kind: 'image',
      }),
    );
    expect(item.lastModified).toBeInstanceOf(Date);
    expect((await fetchUncached(item.url)).status).toBe(200);
    expect(await harness.getSelectedKeys()).toEqual([`${path}a.png`]);

    await harness.selectTile(`${path}b.txt`);
    await eventually('(selected) has emitted again', () => selected.length === 2);
    expect(selected[1]).toEqual(
      jasmine.objectContaining({ key: `${path}b.txt`, contentType: 'text/plain', kind: 'text' }),
    );
    expect(await harness.getSelectedKeys()).toEqual([`${path}b.txt`]);
    expect(keysOf(changes[changes.length - 1])).toEqual([`${path}b.txt`]);
  });

  it('selects several items in multiple mode, emitting the whole selection', async () => {
    const path = uniquePath('album-multiple');
    for (const name of ['a.png', 'b.png', 'c.png']) await put(`${path}${name}`);
    const { harness, changes, selected, fixture } = await mount({
      path,
      sort: byKey,
      selection: 'multiple',
    });
    const keyChanges: (readonly string[])[] = [];
    fixture.componentInstance.selectedKeys.subscribe((keys) => keyChanges.push(keys));
    await listed(harness, 3);
    expect(await harness.isMultiselectable()).toBeTrue();

    await harness.selectTile(`${path}a.png`);
    await harness.selectTile(`${path}c.png`);
    await eventually('two selection changes', () => changes.length === 2);
    expect(keysOf(changes[1])).toEqual([`${path}a.png`, `${path}c.png`]);
    expect(changes[1].every((item) => item.url.startsWith('http'))).toBeTrue();
    expect(await harness.getSelectedKeys()).toEqual([`${path}a.png`, `${path}c.png`]);

    // Selecting again deselects, and emits the smaller selection but no (selected).
    await harness.selectTile(`${path}a.png`);
    await eventually('a third selection change', () => changes.length === 3);
    expect(keysOf(changes[2])).toEqual([`${path}c.png`]);
    expect(keysOf(selected)).toEqual([`${path}a.png`, `${path}c.png`]);
    expect(await harness.getSelectedKeys()).toEqual([`${path}c.png`]);
    expect(keyChanges[keyChanges.length - 1]).toEqual([`${path}c.png`]);
  });

  it('selects nothing in none mode', async () => {
    const path = uniquePath('album-none');
    await put(`${path}a.png`);
    const { fixture, harness, selected, changes } = await mount({ path, selection: 'none' });
    await listed(harness, 1);
    await harness.selectTile(`${path}a.png`);
    await harness.pressKey(TestKey.ENTER);
    expect(await (await harness.getTile(`${path}a.png`)).isSelected()).toBeFalse();
    // Selections leave in order (one after the other), so once a single-mode selection made
    // afterwards has arrived, anything the none-mode click and key had emitted would be there too.
    fixture.componentRef.setInput('selection', 'single');
    await harness.selectTile(`${path}a.png`);
    await eventually('the single-mode selection arrives', () => changes.length > 0);
    expect(changes.map(keysOf)).toEqual([[`${path}a.png`]]);
    expect(keysOf(selected)).toEqual([`${path}a.png`]);
  });

  it('moves focus with the arrow keys, Home and End, and selects with Enter and Space', async () => {
    const path = uniquePath('album-keys');
    await putMany(path, 7);
    const key = (i: number) => `${path}img-${String(i).padStart(5, '0')}.png`;
    // 330 px of 100 px tiles: three columns.
    //   0 1 2
    //   3 4 5
    //   6
    const { harness, selected } = await mount({ path, sort: byKey });
    await listed(harness, 7);
    const first = await harness.getTile(key(0));
    expect(await first.isActive())
      .withContext('the first tile is the tab stop')
      .toBeTrue();
    expect(await (await harness.getTile(key(1))).isActive()).toBeFalse();

    await harness.pressKey(TestKey.RIGHT_ARROW);
    expect(await harness.getFocusedKey()).toBe(key(1));
    await harness.pressKey(TestKey.DOWN_ARROW);
    expect(await harness.getFocusedKey()).toBe(key(4));
    await harness.pressKey(TestKey.DOWN_ARROW);
    expect(await harness.getFocusedKey()).toBe(key(6));
    await harness.pressKey(TestKey.UP_ARROW);
    expect(await harness.getFocusedKey()).toBe(key(3));
    await harness.pressKey(TestKey.LEFT_ARROW);
    expect(await harness.getFocusedKey()).toBe(key(2));
    await harness.pressKey(TestKey.END);
    expect(await harness.getFocusedKey()).toBe(key(6));
    expect(await (await harness.getTile(key(6))).isActive()).toBeTrue();
    await harness.pressKey(TestKey.HOME);
    expect(await harness.getFocusedKey()).toBe(key(0));

    await harness.pressKey(TestKey.RIGHT_ARROW);
    await harness.pressKey(TestKey.ENTER);
    await eventually('Enter selected', () => selected.length === 1);
    expect(selected[0].key).toBe(key(1));
    await harness.pressKey(TestKey.RIGHT_ARROW);
    await harness.pressKey(' ');
    await eventually('Space selected', () => selected.length === 2);
    expect(selected[1].key).toBe(key(2));
    expect(await harness.getSelectedKeys()).toEqual([key(2)]);
  });

  it('labels the grid as a listbox of options with their position and file name', async () => {
    const path = uniquePath('album-a11y');
    await put(`${path}a.png`);
    await put(`${path}b.png`);
    const { fixture, harness } = await mount({ path, sort: byKey, label: 'Holiday photos' });
    await listed(harness, 2);
    expect(await harness.getLabel()).toBe('Holiday photos');
    const grid = (fixture.nativeElement as HTMLElement).querySelector(
      '[role="listbox"]',
    ) as HTMLElement;
    const options = Array.from(grid.querySelectorAll('[role="option"]'));
    expect(options.map((option) => option.getAttribute('aria-label'))).toEqual(['a.png', 'b.png']);
    expect(options.map((option) => option.getAttribute('aria-posinset'))).toEqual(['1', '2']);
    expect(options.map((option) => option.getAttribute('aria-setsize'))).toEqual(['2', '2']);
    expect(options.map((option) => option.getAttribute('aria-selected'))).toEqual([
      'false',
      'false',
    ]);
  });

  it('shows the empty state for a path with no objects', async () => {
    const { harness } = await mount({ path: uniquePath('album-empty') });
    await eventually('the empty state shows', () => harness.isEmpty());
    expect(await harness.getStatusText()).toBe('0 files');
    expect(await harness.getTiles()).toEqual([]);
    expect(await harness.isError()).toBeFalse();
  });

  it('shows the error state when the listing fails', async () => {
    const { harness } = await mount({ path: 'bad//path/' });
    await eventually('the error state shows', () => harness.isError());
    expect(await harness.getErrorCode()).toBe('InvalidKey');
    expect(await harness.getStatus()).toBe('error');
    expect(await harness.isEmpty()).toBeFalse();
  });

  it('says in words that the whole album is refused when listing its top is denied', async () => {
    cognito.clearLogins(); // a guest: the role policy lists no private files
    const { harness, fixture } = await mount({ level: 'private' });
    await eventually('the error state shows', () => harness.isError());
    expect(await harness.getErrorCode()).toBe('AccessDenied');
    const shown = fixture.nativeElement.querySelector('.amplify-s3-album-error-message');
    expect(shown?.textContent?.trim()).toBe('You do not have access to this album.');
  });

  it('shows a file uploaded through its own picker without a full reload', async () => {
    const path = uniquePath('album-picker');
    await put(`${path}old.png`);
    const { harness } = await mount({ path, picker: true });
    await listed(harness, 1);
    const picker = await harness.getPicker();

    await picker.pickFiles([new File([pixelPng()], 'new photo.png', { type: 'image/png' })]);

    await eventually(
      'the uploaded file is in the album',
      async () => (await harness.getTiles({ key: `${path}new_photo.png` })).length === 1,
      15_000,
    );
    expect(await harness.getStatusText()).toBe('2 files');
    // Newest first: the upload leads.
    expect((await harness.getTileKeys())[0]).toBe(`${path}new_photo.png`);
  });

  describe('browsing folders', () => {
    /** Waits for the album to show `folder` fully listed, with `text` as its status line. */
    async function shows(harness: S3AlbumHarness, folder: string, text: string): Promise<void> {
      await eventually(
        `the album shows ${folder} as "${text}"`,
        async () =>
          (await harness.getFolder()) === folder &&
          (await harness.getStatus()) === 'done' &&
          (await harness.getStatusText()) === text,
      );
    }

    async function putTree(path: string): Promise<void> {
      await put(`${path}top.png`);
      await put(`${path}2024/a.png`);
      await put(`${path}2024/may/b.txt`, 'bee');
      await put(`${path}docs/c.txt`, 'sea');
    }

    it('shows sub-folders first, opens them by click, Enter and the trail, and goes up with Backspace', async () => {
      const path = uniquePath('album-folders');
      await putTree(path);
      const { harness, fixture, selected } = await mount({ path, folders: true, sort: byKey });
      const opened: (string | undefined)[] = [];
      fixture.componentInstance.folder.subscribe((folder) => opened.push(folder));

      await shows(harness, path, '2 folders, 1 file');
      expect(await harness.getTileKeys()).toEqual([
        `${path}2024/`,
        `${path}docs/`,
        `${path}top.png`,
      ]);
      const folderTile = await harness.getTile(`${path}2024/`);
      expect(await folderTile.getKind()).toBe('folder');
      expect(await folderTile.getStatus()).toBe('folder');
      expect(await folderTile.getName()).toBe('2024');
      expect(await harness.getBreadcrumbs()).toEqual([path.slice(0, -1)]);

      // A click opens the folder (no selection), and focus moves to its first tile once listed.
      await harness.selectTile(`${path}2024/`);
      await shows(harness, `${path}2024/`, '1 folder, 1 file');
      expect(await harness.getTileKeys()).toEqual([`${path}2024/may/`, `${path}2024/a.png`]);
      expect(await harness.getBreadcrumbs()).toEqual([path.slice(0, -1), '2024']);
      expect(opened).toEqual([`${path}2024/`]);
      expect(selected).toEqual([]);
      await eventually(
        'focus is on the first tile',
        async () => (await harness.getFocusedKey()) === `${path}2024/may/`,
      );

      // Enter opens the focused folder; its text file is listed with a preview.
      await harness.pressKey(TestKey.ENTER);
      await shows(harness, `${path}2024/may/`, '1 file');
      expect(await harness.getTileKeys()).toEqual([`${path}2024/may/b.txt`]);

      // Backspace goes up one folder; the trail goes straight back to the top.
      await eventually(
        'focus is on b.txt',
        async () => (await harness.getFocusedKey()) === `${path}2024/may/b.txt`,
      );
      await harness.pressKey(TestKey.BACKSPACE);
      await shows(harness, `${path}2024/`, '1 folder, 1 file');
      await harness.openBreadcrumb(path.slice(0, -1));
      await shows(harness, path, '2 folders, 1 file');
      expect(opened).toEqual([`${path}2024/`, `${path}2024/may/`, `${path}2024/`, path]);

      // Going up, focus returns to the folder just left, here the second tile.
      await harness.selectTile(`${path}docs/`);
      await shows(harness, `${path}docs/`, '1 file');
      await eventually(
        'focus is on c.txt',
        async () => (await harness.getFocusedKey()) === `${path}docs/c.txt`,
      );
      await harness.pressKey(TestKey.BACKSPACE);
      await shows(harness, path, '2 folders, 1 file');
      await eventually(
        'focus is on the folder left',
        async () => (await harness.getFocusedKey()) === `${path}docs/`,
      );

      // Files still select as usual.
      await harness.selectTile(`${path}top.png`);
      await eventually('(selected) has emitted', () => selected.length === 1);
      expect(selected[0].key).toBe(`${path}top.png`);
    });

    it('starts in the bound folder, and never shows one outside its path', async () => {
      const path = uniquePath('album-folder-input');
      await putTree(path);
      const { harness, fixture } = await mount({ path, folders: true, folder: `${path}docs/` });
      await shows(harness, `${path}docs/`, '1 file');
      expect(await harness.getTileKeys()).toEqual([`${path}docs/c.txt`]);

      fixture.componentRef.setInput('folder', 'somewhere-else/');
      await shows(harness, path, '2 folders, 1 file');
    });

    it('lists every key under the path, flat, when not browsing folders', async () => {
      const path = uniquePath('album-flat');
      await putTree(path);
      const { harness } = await mount({ path, sort: byKey });
      await listed(harness, 4);
      expect(await harness.isBrowsingFolders()).toBeFalse();
      expect(await harness.getFolder()).toBe(path);
      expect(await harness.getBreadcrumbs()).toEqual([]);
      expect(await harness.getTiles({ kind: 'folder' })).toEqual([]);
      // Every key at once: each tile is named by its key under the path, so that top.png and a
      // sub-folder's file of the same name would not look alike.
      const names = await Promise.all((await harness.getTiles()).map((tile) => tile.getName()));
      expect(names.sort()).toEqual(['2024/a.png', '2024/may/b.txt', 'docs/c.txt', 'top.png']);
    });

    it('lists folders page by page with a small pageSize', async () => {
      const path = uniquePath('album-folder-pages');
      for (const name of ['a', 'b', 'c', 'd', 'e']) await put(`${path}${name}/x.png`);
      await put(`${path}f.png`);
      const { harness } = await mount({ path, folders: true, pageSize: 2, sort: byKey });
      await shows(harness, path, '5 folders, 1 file');
      expect(await harness.getTileKeys()).toEqual([
        ...['a', 'b', 'c', 'd', 'e'].map((name) => `${path}${name}/`),
        `${path}f.png`,
      ]);
    });

    it('keeps a multiple selection across folders', async () => {
      const path = uniquePath('album-folder-selection');
      await putTree(path);
      const { harness, changes } = await mount({ path, folders: true, selection: 'multiple' });
      await shows(harness, path, '2 folders, 1 file');
      await harness.selectTile(`${path}top.png`);
      await harness.selectTile(`${path}2024/`);
      await shows(harness, `${path}2024/`, '1 folder, 1 file');
      await harness.selectTile(`${path}2024/a.png`);
      await eventually('two selection changes', () => changes.length === 2);
      expect(keysOf(changes[1])).toEqual([`${path}top.png`, `${path}2024/a.png`]);
    });

    it('uploads through its picker into the folder shown', async () => {
      const path = uniquePath('album-folder-picker');
      await putTree(path);
      const { harness, fixture } = await mount({
        path,
        folders: true,
        picker: true,
        folder: `${path}docs/`,
      });
      const uploads: string[] = [];
      fixture.componentInstance.uploaded.subscribe((file) => uploads.push(file.key));
      expect(await harness.isBrowsingFolders()).toBeTrue();
      await shows(harness, `${path}docs/`, '1 file');
      const picker = await harness.getPicker();
      await picker.pickFiles([new File(['new notes'], 'notes.txt', { type: 'text/plain' })]);
      await eventually(
        'the upload is in the folder shown',
        async () => (await harness.getTiles({ key: `${path}docs/notes.txt` })).length === 1,
        15_000,
      );
      expect(uploads).toEqual([`${path}docs/notes.txt`]);
      const listing = await firstValueFrom(storage.list(`${path}docs/`));
      expect(keysOf(listing.items).sort()).toEqual([`${path}docs/c.txt`, `${path}docs/notes.txt`]);
    });

    it("runs processFile on its picker's files", async () => {
      const path = uniquePath('album-processed');
      await put(`${path}old.png`);
      const { harness, fixture } = await mount({
        path,
        picker: true,
        processFile: (file: File) => new File([file], `small-${file.name}`, { type: file.type }),
      });
      const uploads: string[] = [];
      fixture.componentInstance.uploaded.subscribe((file) => uploads.push(file.key));
      await listed(harness, 1);
      await (
        await harness.getPicker()
      ).pickFiles([new File([pixelPng()], 'cat.png', { type: 'image/png' })]);
      await eventually(
        'the processed file is in the album',
        async () => (await harness.getTiles({ key: `${path}small-cat.png` })).length === 1,
        15_000,
      );
      expect(uploads).toEqual([`${path}small-cat.png`]);
      expect(keysOf((await firstValueFrom(storage.list(path))).items).sort()).toEqual([
        `${path}old.png`,
        `${path}small-cat.png`,
      ]);
    });

    it('shows a folder made by its own upload into a sub-folder without a full reload', async () => {
      const path = uniquePath('album-folder-new');
      await put(`${path}top.png`);
      const { harness } = await mount({
        path,
        folders: true,
        picker: true,
        fileToKey: (file: { name: string }) => `fresh/${file.name}`,
      });
      await shows(harness, path, '1 file');
      const picker = await harness.getPicker();
      await picker.pickFiles([new File([pixelPng()], 'p.png', { type: 'image/png' })]);
      await eventually(
        'the new folder is shown',
        async () => (await harness.getTiles({ key: `${path}fresh/`, kind: 'folder' })).length === 1,
        15_000,
      );
      expect(await harness.getStatusText()).toBe('1 folder, 1 file');
    });
  });

  it('renews the URLs of visible tiles before they expire', async () => {
    const path = uniquePath('album-renew');
    await put(`${path}a.png`);
    const { harness } = await mount({ path, expires: 2 });
    await listed(harness, 1);
    const tile = await harness.getTile(`${path}a.png`);
    await eventually('the tile has a URL', async () => (await tile.getImageSrc()) !== null);
    const first = await tile.getImageSrc();
    await eventually('the URL is renewed', async () => (await tile.getImageSrc()) !== first, 4000);
    expect(await tile.getStatus()).toBe('image');
  });

  it('shows the not-found state on a tile whose object was deleted while shown', async () => {
    const path = uniquePath('album-deleted');
    await put(`${path}a.png`);
    const { fixture, harness } = await mount({ path });
    await listed(harness, 1);
    const tile = await harness.getTile(`${path}a.png`);
    await eventually('the tile image is loaded', () => tile.isImageLoaded());
    await lastValueFrom(storage.remove(`${path}a.png`));
    const image = (fixture.nativeElement as HTMLElement).querySelector(
      'amplify-s3-album-tile img',
    ) as HTMLImageElement;
    // As in the S3Image spec: make the browser fetch the image again, from a valid URL (404).
    image.src = (await firstValueFrom(storage.get(`${path}a.png`, { expires: 600 }))).url;
    await eventually(
      'the tile shows not found',
      async () => (await tile.getErrorCode()) === 'NotFound',
    );
    expect(await tile.getErrorCode()).toBe('NotFound');
    expect(await tile.isImageLoaded())
      .withContext('the deleted image is no longer shown')
      .toBeFalse();
  });

  it('pages through 2,500 objects, rendering and fetching only the visible tiles', async () => {
    const path = uniquePath('album-large');
    const count = 2500;
    const key = (i: number) => `${path}img-${String(i).padStart(5, '0')}.png`;
    await putMany(path, count);

    const { fixture, harness } = await mount({ path, sort: byKey, pageSize: 500 }, 620);
    const element = fixture.nativeElement as HTMLElement;
    // Progressive: tiles show while later pages are still being listed.
    let shownWhileListing = false;
    await eventually(
      'every page is listed',
      async () => {
        const status = await harness.getStatus();
        if (status === 'more' && element.querySelectorAll('amplify-s3-album-tile').length > 0)
          shownWhileListing = true;
        return status === 'done';
      },
      30_000,
    );
    expect(shownWhileListing)
      .withContext('tiles were shown before the last page arrived')
      .toBeTrue();
    expect(await harness.getStatusText()).toBe(`${count} files`);
    const listRequests = performance
      .getEntriesByType('resource')
      .filter(
        (entry) =>
          entry.name.includes('list-type=2') &&
          decodeURIComponent(entry.name).includes(`prefix=public/${path}`),
      );
    expect(listRequests.length).toBe(count / 500);

    await imagesSettled(element);
    const tiles = element.querySelectorAll('amplify-s3-album-tile').length;
    const images = element.querySelectorAll('img').length;
    const fetched = imageFetches(path).length;
    // 400 px of 100 px rows, six to a row, plus a buffer row or two: a few dozen, not thousands.
    expect(tiles).toBeGreaterThan(0);
    expect(tiles).toBeLessThanOrEqual(60);
    expect(images).toBeLessThanOrEqual(tiles);
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThanOrEqual(tiles);
    expect(await harness.getTileKeys()).toContain(key(0));

    await harness.scrollToEnd();
    await eventually('the last items are rendered', async () =>
      (await harness.getTileKeys()).includes(key(count - 1)),
    );
    expect(await harness.getTileKeys()).not.toContain(key(0));
    expect(element.querySelectorAll('amplify-s3-album-tile').length).toBeLessThanOrEqual(60);
    await imagesSettled(element);
    expect(imageFetches(path).length)
      .withContext('images fetched after a jump to the end')
      .toBeLessThanOrEqual(2 * 60);

    // The keyboard reaches both ends too, scrolling the focused tile into view.
    await harness.scrollToTop();
    await harness.pressKey(TestKey.END);
    await eventually(
      'the last tile has focus',
      async () => (await harness.getFocusedKey()) === key(count - 1),
    );
    await harness.pressKey(TestKey.HOME);
    await eventually(
      'the first tile has focus',
      async () => (await harness.getFocusedKey()) === key(0),
    );
  }, 180_000);

  it("keeps the items the seed's filter example picks by item.path", async () => {
    const path = uniquePath('album-seed-filter');
    await put(`${path}a.JPG`);
    await put(`${path}b.png`);
    await put(`${path}c.jpg`);
    const { harness } = await mount({
      path,
      sort: byKey,
      filter: (item: AlbumItem) => /jpg/i.test(item.path),
    });
    await listed(harness, 2);
    expect(await harness.getTileKeys()).toEqual([`${path}a.JPG`, `${path}c.jpg`]);
  });

  describe('through the fault proxy', () => {
    throughFaultProxy(() => storage);

    it('shows the first page while the server still holds the next one', async () => {
      const path = uniquePath('album-stream');
      await putMany(path, 5);
      await setFaults({
        rules: [
          { match: { kind: 'list', query: path.slice(0, -1) }, fault: 'hold', every: 2, times: 1 },
        ],
      });
      const { harness } = await mount({ path, pageSize: 2, sort: byKey });
      await eventually(
        'two tiles shown while the second page is held',
        async () =>
          (await harness.getTileKeys()).length === 2 && (await fullFaultStats()).held === 1,
      );
      expect(await harness.getStatus()).toBe('more');
      expect(await harness.getTileKeys()).toEqual([`${path}img-00000.png`, `${path}img-00001.png`]);

      expect(await releaseHeld()).toBe(1);
      await listed(harness, 5);
    });

    it("fetches a text tile's preview with one ranged GET, no HEAD, cutting no character", async () => {
      const path = uniquePath('album-preview-range');
      // 'a' and 300 four-byte characters: the 1120-byte range ends inside the 280th of them.
      const text = `a${'😀'.repeat(300)}`;
      await put(`${path}long.txt`, text);
      const { harness } = await mount({ path });
      await listed(harness, 1);
      const tile = await harness.getTile(`${path}long.txt`);
      await eventually('the preview is shown', async () => (await tile.getStatus()) === 'text');
      // 280 UTF-16 units, less the half character that would end them.
      expect(await tile.getPreview()).toBe(`a${'😀'.repeat(139)}`);
      const requests = (await faultLogFor(`${path}long.txt`)).filter(
        (entry) => entry.kind !== 'putObject',
      );
      expect(requests.map((entry) => [entry.method, entry.range])).toEqual([
        ['GET', 'bytes=0-1119'],
      ]);
    });

    it('previews a text shorter than the range, and an empty one, whole', async () => {
      const path = uniquePath('album-preview-short');
      await put(`${path}short.txt`, 'just this');
      await put(`${path}empty.txt`, '');
      const { harness } = await mount({ path, sort: byKey });
      await listed(harness, 2);
      const short = await harness.getTile(`${path}short.txt`);
      const empty = await harness.getTile(`${path}empty.txt`);
      await eventually(
        'both previews are shown',
        async () => (await short.getStatus()) === 'text' && (await empty.getStatus()) === 'text',
      );
      expect(await short.getPreview()).toBe('just this');
      expect(await empty.getPreview()).toBe('');
    });
  });
});
