import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestKey } from '@angular/cdk/testing';
import { firstValueFrom, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { until, waitFor } from '../../../spec-support/async';
import {
  localSettings,
  loginsFor,
  slowLinkSettings,
  uniquePath,
} from '../../../spec-support/local-backend';
import {
  MountedBrowser,
  mountBrowser,
  pickFiles,
  uploadsAre,
} from '../../../spec-support/browser-spec-helpers';
import { StorageSettings } from '../config/storage-config';
import { StorageBrowserHarness } from '../../../testing/storage-browser-harness';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { StorageBrowserIntl } from './storage-browser-intl';
import { AccessLevel } from '../keys/access-level';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { BrowserLocation } from './browser-access';

describe('StorageBrowser on the local S3 server', () => {
  let storage: StorageService;
  let cognito: CognitoCredentials;

  async function signIn(user: string | undefined): Promise<string> {
    if (user === undefined) cognito.clearLogins();
    else cognito.setLogins(loginsFor(user));
    return (await firstValueFrom(storage.identityId())) as string;
  }

  async function put(key: string, body: string, level: AccessLevel = 'public'): Promise<void> {
    await lastValueFrom(storage.put(key, body, { level }));
  }

  async function exists(key: string, level: AccessLevel = 'public'): Promise<boolean> {
    const listing = await lastValueFrom(storage.list(key, { level }));
    return listing.items.some((item) => item.key === key);
  }

  function mount(
    location: BrowserLocation,
    folder: string,
    inputs: Record<string, unknown> = {},
  ): Promise<MountedBrowser> {
    return mountBrowser({ location, folder, ...inputs });
  }

  /** Waits until the browser has listed and shows exactly `names`, in order. */
  async function shows(browser: StorageBrowserHarness, names: string[]): Promise<void> {
    await until(
      async () =>
        (await browser.getStatus()) === 'done'
          ? (await browser.getNames()).join(', ')
          : '(listing)',
      (shown) => shown === names.join(', '),
      `the browser to show ${names.join(', ')}`,
    );
  }

  function setUp(settings: StorageSettings): void {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(settings)],
    });
    storage = TestBed.inject(StorageService);
    cognito = TestBed.inject(CognitoCredentials);
  }

  beforeEach(() => setUp(localSettings()));

  it('shows folders first with a breadcrumb trail, and opens folders by keyboard, mouse and crumbs', async () => {
    await signIn(undefined);
    const path = uniquePath('browser-nav');
    await put(`${path}b.txt`, 'b');
    await put(`${path}a.txt`, 'aa');
    await put(`${path}docs/inner.txt`, 'inner');
    const { browser, fixture } = await mount({ level: 'public' }, path, { guest: true });
    await shows(browser, ['docs', 'a.txt', 'b.txt']);
    expect(await browser.getBreadcrumbs()).toEqual([
      'All files',
      ...path.split('/').filter(Boolean),
    ]);
    expect(await browser.getStatusText()).toContain('1 folder, 2 files');

    // Focus makes the first entry active; the arrows then move and select.
    await browser.pressKey(TestKey.DOWN_ARROW);
    expect(await browser.getSelectedNames()).toEqual(['a.txt']);
    await browser.pressKey(TestKey.UP_ARROW);
    expect((await browser.getEntries())[0]).toEqual(
      jasmine.objectContaining({ name: 'docs', active: true, selected: true }),
    );
    await browser.pressKey(TestKey.ENTER);
    await shows(browser, ['inner.txt']);
    expect(await browser.getFolder()).toBe(`${path}docs/`);

    await browser.pressKey(TestKey.BACKSPACE);
    await shows(browser, ['docs', 'a.txt', 'b.txt']);
    // A double click opens a folder, as in file managers.
    (fixture.nativeElement as HTMLElement)
      .querySelector(`[data-key="${path}docs/"]`)!
      .dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await shows(browser, ['inner.txt']);
    await browser.openBreadcrumb(path.split('/')[0]);
    await shows(browser, ['docs', 'a.txt', 'b.txt']);
  });

  it('sorts by name, size or date and filters by name within the folder', async () => {
    await signIn(undefined);
    const path = uniquePath('browser-sort');
    await put(`${path}small.txt`, 's');
    await put(`${path}large.txt`, 'large content');
    await put(`${path}medium.txt`, 'medium');
    const { browser } = await mount({ level: 'public' }, path, { guest: true });
    await shows(browser, ['large.txt', 'medium.txt', 'small.txt']);
    await browser.setSort('size desc');
    await shows(browser, ['large.txt', 'medium.txt', 'small.txt']);
    await browser.setSort('size asc');
    await shows(browser, ['small.txt', 'medium.txt', 'large.txt']);
    // (Dates are to the second in S3, so the three tie here; browser-rules.spec.ts sorts by date.)
    await browser.setSort('name desc');
    await shows(browser, ['small.txt', 'medium.txt', 'large.txt']);
    await browser.setFilter('MED');
    await shows(browser, ['medium.txt']);
    await browser.setFilter('nothing like it');
    await shows(browser, []);
    expect(await (await browser.host()).text()).toContain(
      'Nothing in this folder matches “nothing like it”.',
    );
  });

  it('selects one or several entries by mouse and by keyboard', async () => {
    await signIn(undefined);
    const path = uniquePath('browser-select');
    for (const name of ['a', 'b', 'c', 'd']) await put(`${path}${name}.txt`, name);
    const { browser, fixture } = await mount({ level: 'public' }, path, { guest: true });
    await shows(browser, ['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    await browser.clickEntry('b.txt');
    expect(await browser.getSelectedNames()).toEqual(['b.txt']);
    await browser.clickEntry('d.txt', { control: true });
    expect(await browser.getSelectedNames()).toEqual(['b.txt', 'd.txt']);
    await browser.clickEntry('a.txt', { shift: true });
    // Shift extends from the anchor, the last entry clicked (d.txt), up to a.txt.
    expect(await browser.getSelectedNames()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    await browser.pressKey(TestKey.ESCAPE);
    expect(await browser.getSelectedNames()).toEqual([]);
    await browser.pressKey(TestKey.HOME);
    await browser.pressKeyWith({ shift: true }, TestKey.DOWN_ARROW);
    expect(await browser.getSelectedNames()).toEqual(['a.txt', 'b.txt']);
    await browser.pressKeyWith({ control: true }, TestKey.DOWN_ARROW);
    await browser.pressKeyWith({ control: true }, TestKey.DOWN_ARROW);
    await browser.pressKey(' ');
    expect(await browser.getSelectedNames()).toEqual(['a.txt', 'b.txt', 'd.txt']);
    await browser.pressKeyWith({ control: true }, 'a');
    expect(fixture.componentInstance.selectedKeys()).toEqual(
      ['a', 'b', 'c', 'd'].map((name) => `${path}${name}.txt`),
    );
    expect(await browser.getStatusText()).toContain('4 selected');
  });

  it('says so when a dropped folder cannot be read, and uploads nothing', async () => {
    await signIn(undefined);
    const path = uniquePath('browser-unreadable-drop');
    const { browser, fixture } = await mount({ level: 'public' }, path, { guest: true });
    await shows(browser, []);
    // A FAKE folder entry: Chromium refuses readEntries only on an opaque origin (file:,
    // about:blank, as the e2e probe saw), which a Karma page is not; this stands in for that refusal.
    const refusingFolder = {
      isFile: false,
      isDirectory: true,
      name: 'trip',
      fullPath: '/trip',
      createReader: () => ({
        readEntries: (_read: unknown, fail: (error: DOMException) => void) =>
          fail(new DOMException('A URI supplied to the API was malformed.', 'EncodingError')),
      }),
    };
    const drop = new DragEvent('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', {
      value: {
        types: ['Files'],
        files: [],
        items: [{ kind: 'file', webkitGetAsEntry: () => refusingFolder }],
      },
    });
    (fixture.nativeElement as HTMLElement).dispatchEvent(drop);
    const message = await until(
      () => browser.getMessage(),
      (text) => text !== null,
      'a message about the drop',
    );
    expect(message).toBe(new StorageBrowserIntl().browserDropUnreadable);
    expect(await browser.getUploads()).toEqual([]);
  });

  it('uploads picked and dropped files with progress, and shows them', async () => {
    await signIn(undefined);
    const path = uniquePath('browser-upload');
    const { browser, fixture, changes } = await mount({ level: 'public' }, path, { guest: true });
    await shows(browser, []);
    pickFiles(fixture, [new File(['hello'], 'hello.txt'), new File(['hi'], 'hi.txt')]);
    await uploadsAre(browser, 2, 'done');
    await shows(browser, ['hello.txt', 'hi.txt']);
    const dropped = new DataTransfer();
    dropped.items.add(new File(['dropped'], 'dropped.txt', { type: 'text/plain' }));
    (fixture.nativeElement as HTMLElement).dispatchEvent(
      new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }),
    );
    await uploadsAre(browser, 3, 'done');
    await shows(browser, ['dropped.txt', 'hello.txt', 'hi.txt']);
    expect(await exists(`${path}dropped.txt`)).toBeTrue();
    expect((await browser.getUploads()).map((upload) => upload.text)).toEqual([
      'Done',
      'Done',
      'Done',
    ]);
    expect(changes.length).toBe(0);
  });

  it('creates a folder, renames, copies to another level, moves and deletes after confirmation', async () => {
    await signIn('alice');
    const path = uniquePath('browser-actions');
    await put(`${path}a.txt`, 'content of a');
    const { browser, changes } = await mount({ level: 'public' }, path);
    await shows(browser, ['a.txt']);
    expect(await browser.getActions()).toEqual([
      'Upload files',
      'Upload folder',
      'New folder',
      'Download',
      'Copy',
      'Move',
      'Rename',
      'Delete',
      'Properties',
      'Get link',
    ]);
    expect(await browser.isActionEnabled('Rename')).toBeFalse();

    await browser.clickAction('New folder');
    await browser.setPanelField('new');
    await browser.clickPanelButton('New folder');
    await shows(browser, ['new', 'a.txt']);
    await browser.clickAction('New folder');
    await browser.setPanelField('a.txt');
    await browser.clickPanelButton('New folder');
    expect(await browser.getPanelText()).toContain('Something with this name is already here');
    await browser.setPanelField('x/y');
    await browser.clickPanelButton('New folder');
    expect(await browser.getPanelText()).toContain('A name cannot contain “/”.');
    await browser.clickPanelButton('Cancel');

    await browser.clickEntry('a.txt');
    await browser.clickAction('Rename');
    await browser.setPanelField('b.txt');
    await browser.clickPanelButton('Rename');
    await shows(browser, ['new', 'b.txt']);
    expect(await exists(`${path}a.txt`)).toBeFalse();

    await browser.clickEntry('b.txt');
    await browser.clickAction('Copy');
    await browser.setPanelLevel('My private files');
    await browser.setPanelField(path, 'folder');
    await browser.clickPanelButton('Copy');
    await waitFor(
      'the copy to be reported',
      async () => (await browser.getMessage()) === 'Copied 1 item.',
    );
    expect(await exists(`${path}b.txt`, 'private')).toBeTrue();

    await browser.clickEntry('b.txt');
    await browser.clickAction('Move');
    await browser.setPanelField(`${path}new`, 'folder');
    await browser.clickPanelButton('Move');
    await shows(browser, ['new']);
    expect(await exists(`${path}new/b.txt`)).toBeTrue();

    await browser.clickEntry('new');
    await browser.pressKey(TestKey.DELETE);
    expect(await browser.getPanelText()).toContain('Delete “new”? This cannot be undone.');
    await browser.clickPanelButton('Cancel');
    expect(await exists(`${path}new/b.txt`)).toBeTrue();
    await browser.clickAction('Delete');
    await browser.clickPanelButton('Delete');
    await shows(browser, []);
    expect(await exists(`${path}new/b.txt`)).toBeFalse();
    expect(changes.map((change) => change.action)).toEqual([
      'createFolder',
      'rename',
      'copy',
      'move',
      'delete',
    ]);
    expect(changes[2]).toEqual({ action: 'copy', level: 'private', keys: [`${path}b.txt`] });
  });

  it('offers a guest no private files and only reading at protected', async () => {
    await signIn(undefined);
    const { browser } = await mount({ level: 'protected' }, uniquePath('browser-guest'), {
      guest: true,
    });
    expect(await browser.getLocations()).toEqual([
      'Public files',
      'Protected files (read only)',
      "Another user's protected files",
    ]);
    await shows(browser, []);
    expect(await browser.getActions()).toEqual(['Download', 'Copy', 'Properties', 'Get link']);
  });

  it("reads another user's protected files by identity ID, with properties and a link, but writes nothing there", async () => {
    const aliceId = await signIn('alice');
    const path = uniquePath('browser-other');
    await lastValueFrom(
      storage.put(`${path}shared.txt`, 'from alice', {
        level: 'protected',
        metadata: { description: 'shared by alice' },
      }),
    );
    await signIn('bob');
    const { browser } = await mount({ level: 'public' }, '');
    await browser.chooseLocation("Another user's protected files", aliceId);
    await waitFor('the location to change', async () => (await browser.getLevel()) === 'protected');
    expect(await browser.getActions()).toEqual(['Download', 'Copy', 'Properties', 'Get link']);
    // Open alice's folder by typing nothing: the top lists her folders.
    await until(
      async () => ((await browser.getStatus()) === 'done' ? await browser.getNames() : []),
      (names) => names.includes(path.slice(0, -1)),
      "alice's folder",
    );
    await browser.openFolder(path.slice(0, -1));
    await shows(browser, ['shared.txt']);
    await browser.clickEntry('shared.txt');
    await browser.clickAction('Properties');
    // Keyboard users land on the panel's heading, read first, not on its last button.
    await waitFor(
      'focus on the panel heading',
      async () => document.activeElement?.textContent?.trim() === 'Properties of shared.txt',
    );
    await waitFor('the properties', async () =>
      ((await browser.getPanelText()) ?? '').includes('description: shared by alice'),
    );
    expect(await browser.getPanelText()).toContain('10 bytes');
    await browser.clickPanelButton('Close');
    await browser.clickAction('Get link');
    await waitFor('the link', async () =>
      ((await browser.getPanelText()) ?? '').includes('Works until'),
    );
    const url = (fixtureLink() as HTMLInputElement).value;
    expect(await (await fetch(url, { cache: 'no-store' })).text()).toBe('from alice');
  });

  it('shows a refusal by the server in place, for a listing and for an action', async () => {
    await signIn(undefined);
    // The app wrongly says a signed-in user: the browser offers private, and the server refuses.
    const { browser } = await mount({ level: 'private' }, '');
    await waitFor('the listing to fail', async () => (await browser.getStatus()) === 'error');
    expect(await browser.getListError()).toBe(
      'The server refused: you do not have permission to list this folder here.',
    );
    const protectedBrowser = await mount({ level: 'protected' }, uniquePath('browser-refused'));
    await shows(protectedBrowser.browser, []);
    await protectedBrowser.browser.clickAction('New folder');
    await protectedBrowser.browser.setPanelField('denied');
    await protectedBrowser.browser.clickPanelButton('New folder');
    await waitFor(
      'the refusal',
      async () => (await protectedBrowser.browser.getMessage()) !== null,
    );
    expect(await protectedBrowser.browser.getMessage()).toBe(
      'The server refused: you do not have permission to create folders here.',
    );
  });

  it('renders only the entries in view of a large folder, and reaches the last by keyboard', async () => {
    await signIn(undefined);
    const path = uniquePath('browser-many');
    const names = Array.from({ length: 150 }, (_, i) => `f-${String(i).padStart(3, '0')}.txt`);
    await lastValueFrom(
      from(names).pipe(
        mergeMap((name) => storage.put(`${path}${name}`, name), 8),
        toArray(),
      ),
    );
    const { browser, fixture } = await mount({ level: 'public' }, path, { guest: true });
    await waitFor('the listing', async () => (await browser.getStatusText()).includes('150 files'));
    const rendered = (fixture.nativeElement as HTMLElement).querySelectorAll(
      '[role=option]',
    ).length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(40);
    await browser.pressKey(TestKey.END);
    await waitFor('the last entry to be rendered and active', async () =>
      (await browser.getEntries()).some((e) => e.name === 'f-149.txt' && e.active && e.selected),
    );
    await browser.setView('grid');
    await waitFor(
      'the grid',
      async () => (await (await browser.host()).getAttribute('data-view')) === 'grid',
    );
    expect(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[role=option]').length,
    ).toBeLessThan(80);
  });

  function fixtureLink(): Element | null {
    return document.querySelector('.amplify-storage-browser-link');
  }
});

describe('StorageBrowser uploads over a slow link', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(slowLinkSettings())],
    });
    TestBed.inject(CognitoCredentials).clearLogins();
  });

  it('pauses, resumes and cancels an upload', async () => {
    const path = uniquePath('browser-pause');
    const { fixture, browser } = await mountBrowser({ folder: path, guest: true });
    await waitFor('the listing', async () => (await browser.getStatus()) === 'done');
    pickFiles(fixture, [
      new File([new Uint8Array(24 * 1024 * 1024)], 'big.bin'),
      new File([new Uint8Array(24 * 1024 * 1024)], 'dropped.bin'),
    ]);
    const state = async (key: string) =>
      (await browser.getUploads()).find((upload) => upload.key === key)?.state;
    await until(
      () => state(`${path}big.bin`),
      (s) => s === 'running',
      'big.bin to start',
    );
    await browser.controlUpload(`${path}big.bin`, 'pause');
    expect(await state(`${path}big.bin`)).toBe('paused');
    await browser.controlUpload(`${path}big.bin`, 'resume');
    await until(
      () => state(`${path}dropped.bin`),
      (s) => s === 'running' || s === 'queued',
      'dropped.bin to be listed',
    );
    await browser.controlUpload(`${path}dropped.bin`, 'cancel');
    await until(
      () => state(`${path}dropped.bin`),
      (s) => s === 'cancelled',
      'dropped.bin to be cancelled',
      30_000,
    );
    await until(
      () => state(`${path}big.bin`),
      (s) => s === 'done',
      'big.bin to finish',
      30_000,
    );
    await waitFor(
      'the browser to show big.bin only',
      async () => (await browser.getNames()).join() === 'big.bin',
    );
  });
});
