// The demo against the real local backend that tools/run-tests.mjs starts (LOCAL_BACKEND).
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { StorageEvent, StorageService } from 'ngx-amplify-storage';
import { firstValueFrom } from 'rxjs';
import { App } from './app';
import { routes } from './app.routes';
import { provideLocalBackend } from './local-backend';
import { karmaBackend } from '../testing/karma-backend';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Demo app on the local backend', () => {
  let fixture: ComponentFixture<App>;
  let page: HTMLElement;

  /** Waits until `condition` holds; fails at once if the page shows an error (unless one is expected). */
  async function waitFor(
    what: string,
    condition: () => boolean,
    timeoutMs = 15_000,
    errorExpected = false,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await fixture.whenStable();
      const errors = Array.from(page.querySelectorAll('.error'), (error) =>
        error.textContent?.trim(),
      );
      if (errors.length > 0 && !errorExpected)
        throw new Error(`The page shows an error while waiting for ${what}: ${errors.join('; ')}`);
      if (condition()) return;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  function text(selector: string): string {
    return page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  function radio(name: 'user' | 'level', value: string): HTMLInputElement {
    const input = page.querySelector<HTMLInputElement>(
      `input[type=radio][name=${name}][value="${value}"]`,
    );
    if (!input) throw new Error(`No ${name} radio button for ${value}`);
    return input;
  }

  /** Keys in the table of the current user's files, once that list has loaded as `user`. */
  async function listedKeys(user: string, level: string): Promise<string[]> {
    const section = page.querySelector('section[aria-labelledby=files-heading]')!;
    await waitFor(`the ${level} files of ${user}`, () => {
      const heading = section.querySelector('h2')?.textContent ?? '';
      return (
        heading.includes(`${level} files of ${user}`) &&
        section.querySelector('[aria-busy=false]') !== null
      );
    });
    return Array.from(section.querySelectorAll('td.key'), (cell) => cell.textContent?.trim() ?? '');
  }

  function section(headingId: string): HTMLElement {
    return page.querySelector<HTMLElement>(`section[aria-labelledby=${headingId}]`)!;
  }

  /** Types `value` into a field, as the user would: the demo reads fields on `input` or `change`. */
  function fill(
    field: HTMLInputElement | HTMLTextAreaElement,
    value: string,
    event: 'input' | 'change' = 'input',
  ): void {
    field.value = value;
    field.dispatchEvent(new Event(event));
  }

  function button(scope: HTMLElement, label: string): HTMLButtonElement {
    const found = Array.from(scope.querySelectorAll('button')).find(
      (candidate) => candidate.textContent?.trim() === label,
    );
    if (!found) throw new Error(`No button “${label}”`);
    return found;
  }

  /** The object tools' properties, as { Size: '5 bytes', … }. */
  function shownProperties(): Record<string, string> {
    return Object.fromEntries(
      Array.from(page.querySelectorAll('.properties dt'), (term) => [
        term.textContent?.trim(),
        term.nextElementSibling?.textContent?.trim() ?? '',
      ]),
    );
  }

  /** The event log's rows, newest first, as `method result level key`. */
  function loggedEvents(): string[] {
    return Array.from(section('events-heading').querySelectorAll('tbody tr'), (row) =>
      Array.from((row as HTMLTableRowElement).cells)
        .slice(1, 5)
        .map((cell) => cell.textContent?.trim())
        .join(' '),
    );
  }

  /** Opens a page by its path, as its link in the header does, and waits until it is shown. */
  async function open(path: string, headingText: string): Promise<void> {
    await TestBed.inject(Router).navigateByUrl(path);
    await waitFor(`the ${headingText} page`, () => text('main h1') === headingText);
  }

  async function actAs(user: string): Promise<void> {
    radio('user', user).click();
    await waitFor(
      `the identity of ${user}`,
      () =>
        /^Identity ID of \S+: us-east-1:[0-9a-f-]+$/.test(text('.identity')) &&
        text('.identity').startsWith(`Identity ID of ${user}:`),
    );
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter(routes), provideLocalBackend(karmaBackend())],
    });
    fixture = TestBed.createComponent(App);
    page = fixture.nativeElement;
    await fixture.whenStable();
    await open('/service', 'Service API');
  });

  it('opens the storage browser for the empty path, and each page by its link in the header', async () => {
    await TestBed.inject(Router).navigateByUrl('/');
    await waitFor('the storage browser page', () => text('main h1') === 'Storage browser');
    const links = Array.from(page.querySelectorAll<HTMLAnchorElement>('nav[aria-label=Pages] a'));
    expect(links.map((link) => link.textContent?.trim())).toEqual([
      'Storage browser',
      'Components',
      'Service API',
      'Angular',
    ]);
    expect(page.querySelector('nav a.active')?.textContent?.trim()).toBe('Storage browser');
    links[1].click();
    await waitFor('the components page', () => text('main h1') === 'Components');
    links[3].click();
    await waitFor('the Angular page', () => text('main h1') === 'Angular');
    expect(page.querySelector('nav a[aria-current=page]')?.textContent?.trim()).toBe('Angular');
  });

  it('offers a guest no private level, and says so when a signed-in user at that level signs out', async () => {
    await actAs('alice');
    radio('level', 'private').click();
    await listedKeys('alice', 'private');
    await actAs('Guest');
    expect(radio('level', 'private').disabled).toBeTrue();
    expect(radio('level', 'public').checked).toBeTrue();
    expect(text('.level-note')).toBe(
      'Guests have no private files, so the public files are shown.',
    );
    expect(text('label.unavailable')).toBe('private sign in to have private files');
    // The guest's public files list without an error (waitFor fails on any error shown).
    await waitFor(
      'the public files',
      () =>
        text('#files-heading') === 'public files' &&
        section('files-heading').querySelector('[aria-busy=false]') !== null,
    );
    expect(page.querySelector('.error')).toBeNull();
  });

  it('lists the album once per switch of user, with no call cancelled', async () => {
    await open('/components', 'Components');
    const album = section('album-heading').querySelector<HTMLElement>('amplify-s3-album')!;
    await waitFor('the first listing', () => album.getAttribute('data-status') === 'done');
    const events: StorageEvent[] = [];
    const subscription = TestBed.inject(StorageService).events$.subscribe((event) =>
      events.push(event),
    );
    try {
      radio('level', 'protected').click();
      await waitFor('the protected album', () =>
        text('#album-heading').startsWith('Album: protected files of Guest'),
      );
      await waitFor('the listing', () => events.some((event) => event.method === 'list'));
      await actAs('alice');
      await waitFor(
        'the listing as alice',
        () =>
          events.filter((event) => event.method === 'list').length >= 2 &&
          album.getAttribute('data-status') === 'done',
      );
      await fixture.whenStable();
      // The listings only: the page's image may also check a key it does not find (a 'get').
      const listings = events.filter((event) => event.method === 'list');
      expect(listings.map((event) => `${event.method} ${event.result} ${event.level}`)).toEqual([
        'list success protected',
        'list success protected',
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it("uploads a private file as alice that bob's private list does not show", async () => {
    const fileName = `demo-spec-${Date.now().toString(36)}.txt`;

    await actAs('alice');
    radio('level', 'private').click();
    expect(await listedKeys('alice', 'private')).not.toContain(fileName);

    const picker = page.querySelector<HTMLInputElement>('input#upload-files')!;
    const files = new DataTransfer();
    files.items.add(new File(['written by the demo spec'], fileName, { type: 'text/plain' }));
    picker.files = files.files;
    picker.dispatchEvent(new Event('change'));

    await waitFor('the upload to finish', () => text('.transfers li').includes('uploaded'));
    expect(text('.transfers li')).toContain(`${fileName} (private, as alice) uploaded`);
    expect(await listedKeys('alice', 'private')).toContain(fileName);

    await actAs('bob');
    const bobsKeys = await listedKeys('bob', 'private');
    expect(bobsKeys).not.toContain(fileName);

    // Back as alice, the file is there again: bob's list was not just empty for another reason.
    await actAs('alice');
    expect(await listedKeys('alice', 'private')).toContain(fileName);
  });

  it('switches the album to browsing folders, and shows the folder it opens', async () => {
    const folder = `demo-spec-${Date.now().toString(36)}/`;
    const key = `${folder}note.txt`;
    await actAs('alice');
    radio('level', 'private').click();
    await listedKeys('alice', 'private');
    fill(page.querySelector<HTMLInputElement>('#note-key')!, key);
    fill(page.querySelector<HTMLTextAreaElement>('#note-text')!, 'in a folder');
    button(section('upload-heading'), 'Upload note').click();
    await waitFor('the note to be stored', () =>
      text('.transfers li').includes(`${key} (private, as alice) uploaded`),
    );

    await open('/components', 'Components');
    const album = section('album-heading').querySelector<HTMLElement>('amplify-s3-album')!;
    const tile = (tileKey: string) =>
      album.querySelector<HTMLElement>(`amplify-s3-album-tile[data-key="${tileKey}"]`);
    const crumbs = () =>
      Array.from(album.querySelectorAll('.amplify-s3-album-crumb'), (crumb) =>
        crumb.textContent?.trim(),
      );
    const listed = () => album.getAttribute('data-status') === 'done';
    await waitFor('the note in the flat album', () => listed() && tile(key) !== null);
    expect(crumbs()).toEqual([]);

    const browse = Array.from(section('album-heading').querySelectorAll('label'))
      .find((label) => label.textContent?.includes('Browse folders'))!
      .querySelector('input')!;
    browse.click();
    await waitFor('the folder tile', () => listed() && tile(folder)?.dataset['kind'] === 'folder');
    expect(tile(key)).toBeNull();
    expect(album.getAttribute('data-folder')).toBe('');
    expect(crumbs()).toEqual(['private files']);
    expect(text('.album-folder')).toBe('Folder shown ([(folder)]): the top');

    tile(folder)!.click();
    await waitFor(
      'the folder opened',
      () => album.getAttribute('data-folder') === folder && listed() && tile(key) !== null,
    );
    expect(crumbs()).toEqual(['private files', folder.slice(0, -1)]);
    expect(text('.album-folder')).toBe(`Folder shown ([(folder)]): ${folder}`);

    // Off again: every key at once, and no trail.
    browse.click();
    await waitFor('the flat album', () => listed() && crumbs().length === 0 && tile(key) !== null);
    expect(page.querySelector('.album-folder')).toBeNull();
  });

  it('reads properties, replaces metadata, deletes a folder (after a cancelled try), and logs each call', async () => {
    const folder = `demo-spec-${Date.now().toString(36)}/`;
    const key = `${folder}note.txt`;
    await actAs('alice');
    radio('level', 'private').click();
    await listedKeys('alice', 'private');

    fill(page.querySelector<HTMLInputElement>('#note-key')!, key);
    fill(page.querySelector<HTMLTextAreaElement>('#note-text')!, 'hello');
    button(section('upload-heading'), 'Upload note').click();
    await waitFor('the note to be stored', () =>
      text('.transfers li').includes(`${key} (private, as alice) uploaded`),
    );

    // Properties, then new metadata, read back from S3.
    const tools = section('object-heading');
    fill(tools.querySelector('input')!, key);
    button(tools, 'Properties').click();
    await waitFor(
      'the properties',
      () => shownProperties()['Content type'] === 'text/plain; charset=utf-8',
    );
    expect(shownProperties()).toEqual(
      jasmine.objectContaining({ Size: '5 bytes', Metadata: 'none' }),
    );
    expect(shownProperties()['ETag']).toMatch(/^"[0-9a-f]{32}"$/);
    fill(tools.querySelector('textarea')!, 'description=From the demo spec');
    button(tools, 'Save metadata').click();
    await waitFor(
      'the new metadata',
      () => shownProperties()['Metadata'] === 'description=From the demo spec',
    );

    // Delete the folder: asked first, then cancelled before anything is sent, so the note stays.
    const folders = section('folders-heading');
    fill(folders.querySelector('input')!, folder, 'change');
    await waitFor('the folder listing', () => text('.folder-listing').includes(`${key} 5 bytes`));
    button(folders, 'Delete folder…').click();
    await waitFor('the question', () =>
      text('.folder-delete').includes(`Delete 1 object under ${folder}, subfolders included?`),
    );
    button(folders, 'Really delete 1').click();
    fixture.detectChanges(); // Cancel, before the library has even fetched credentials
    button(folders, 'Cancel').click();
    await waitFor('the cancelled delete', () =>
      text('.folder-delete').includes(`Stopped after deleting 0 under ${folder}.`),
    );
    const stored = await firstValueFrom(
      TestBed.inject(StorageService).list(folder, { level: 'private' }),
    );
    expect(stored.items.map((item) => item.key)).toEqual([key]);

    // Deleted for real.
    button(folders, 'Delete folder…').click();
    await waitFor('the question again', () => text('.folder-delete').includes('Delete 1 object'));
    button(folders, 'Really delete 1').click();
    await waitFor('the delete', () =>
      text('.folder-delete').includes(`Deleted 1 object under ${folder}.`),
    );
    await waitFor('the empty folder', () =>
      text('section[aria-labelledby=folders-heading] .listing').includes(
        `Nothing under “${folder}”.`,
      ),
    );

    // A failure: the properties of the deleted note.
    button(tools, 'Properties').click();
    await waitFor(
      'NotFound',
      () => text('.object-properties .error').includes('(NotFound)'),
      15_000,
      true,
    );

    // Newest first: the properties were read before the metadata was saved, and again after.
    const events = loggedEvents();
    const read = `getProperties ok private ${key}`;
    const positions = [
      events.indexOf(`getProperties NotFound private ${key}`),
      events.indexOf(`remove ok private ${folder}`),
      events.indexOf(read),
      events.indexOf(`updateMetadata ok private ${key}`),
      events.lastIndexOf(read),
      events.indexOf(`put ok private ${key}`),
    ];
    expect(positions).withContext(events.join('\n')).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b))
      .withContext('newest first')
      .toEqual(positions);
    expect(section('events-heading').querySelector('tbody tr.failed')?.textContent).toContain(
      `${key}`,
    );

    button(section('events-heading'), 'Clear').click();
    await waitFor('an empty log', () => text('.event-count') === '0 events', 15_000, true);
    expect(loggedEvents()).toEqual([]);
  });
});
