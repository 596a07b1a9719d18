// The demo against the real local backend that tools/run-tests.mjs starts (LOCAL_BACKEND).
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { App } from './app';
import { LocalBackend, provideLocalBackend } from './local-backend';

function karmaBackend(): LocalBackend {
  const backend = (window as unknown as { __karma__: { config: { backend?: Omit<LocalBackend, 'users'> } } }).__karma__
    .config.backend;
  if (!backend) throw new Error('No local backend: run the tests with `npm test`, which starts it.');
  return { ...backend, users: ['alice', 'bob'] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Demo app on the local backend', () => {
  let fixture: ComponentFixture<App>;
  let page: HTMLElement;

  /** Waits until `condition` holds; fails at once if the page shows an error. */
  async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await fixture.whenStable();
      const errors = Array.from(page.querySelectorAll('.error'), (error) => error.textContent?.trim());
      if (errors.length > 0) throw new Error(`The page shows an error while waiting for ${what}: ${errors.join('; ')}`);
      if (condition()) return;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  function text(selector: string): string {
    return page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  function radio(name: 'user' | 'level', value: string): HTMLInputElement {
    const input = page.querySelector<HTMLInputElement>(`input[type=radio][name=${name}][value="${value}"]`);
    if (!input) throw new Error(`No ${name} radio button for ${value}`);
    return input;
  }

  /** Keys in the table of the current user's files, once that list has loaded as `user`. */
  async function listedKeys(user: string, level: string): Promise<string[]> {
    const section = page.querySelector('section[aria-labelledby=files-heading]')!;
    await waitFor(`the ${level} files of ${user}`, () => {
      const heading = section.querySelector('h2')?.textContent ?? '';
      return heading.includes(`${level} files of ${user}`) && section.querySelector('[aria-busy=false]') !== null;
    });
    return Array.from(section.querySelectorAll('td.key'), (cell) => cell.textContent?.trim() ?? '');
  }

  async function actAs(user: string): Promise<void> {
    radio('user', user).click();
    await waitFor(`the identity of ${user}`, () => /^Identity ID of \S+: us-east-1:[0-9a-f-]+$/.test(text('.identity')) && text('.identity').startsWith(`Identity ID of ${user}:`));
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [App], providers: [provideLocalBackend(karmaBackend())] });
    fixture = TestBed.createComponent(App);
    page = fixture.nativeElement;
    await fixture.whenStable();
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
});
