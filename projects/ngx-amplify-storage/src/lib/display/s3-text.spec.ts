import { ComponentRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { lastValueFrom } from 'rxjs';
import { waitFor as eventually } from '../../../spec-support/async';
import {
  faultLogFor,
  loginsFor,
  throughFaultProxy,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { localTestBed } from '../../../spec-support/local-testbed';
import { S3TextHarness } from '../../../testing/s3-text-harness';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { S3Text } from './s3-text';

interface Mounted {
  fixture: ComponentFixture<S3Text>;
  harness: S3TextHarness;
  loaded: string[];
}

const HOSTILE =
  '<script>window.__amplifyTextRan = true</script>\n<img src=x onerror="window.__amplifyTextRan = true"><b>bold?</b> & done';

describe('S3Text on the local S3 server', () => {
  let storage: StorageService;
  let cognito: CognitoCredentials;
  let signIn: (user: string) => Promise<string>;

  async function mount(inputs: Partial<Record<keyof S3Text, unknown>>): Promise<Mounted> {
    const fixture = TestBed.createComponent(S3Text);
    const ref: ComponentRef<S3Text> = fixture.componentRef;
    for (const [name, value] of Object.entries(inputs)) ref.setInput(name, value);
    const loaded: string[] = [];
    fixture.componentInstance.loaded.subscribe((text) => loaded.push(text));
    return {
      fixture,
      harness: await TestbedHarnessEnvironment.harnessForFixture(fixture, S3TextHarness),
      loaded,
    };
  }

  beforeEach(() => {
    ({ storage, cognito, signIn } = localTestBed());
  });

  for (const level of ['public', 'protected', 'private'] as AccessLevel[]) {
    it(`shows ${level} text in a <pre> and emits (loaded) with it`, async () => {
      await signIn('alice');
      const key = `${uniquePath(`text-${level}`)}poem.txt`;
      const text = 'Roses are red,\n  violets are blue.\n';
      await lastValueFrom(storage.put(key, text, { level }));
      const { fixture, harness, loaded } = await mount({ textKey: key, level });
      await eventually('the text is shown', async () => (await harness.getText()) !== null);
      expect(await harness.getText()).toBe(text);
      expect((fixture.nativeElement as HTMLElement).querySelector('pre')?.textContent).toBe(text);
      expect(loaded).toEqual([text]);
    });
  }

  it("shows the next user's own file after a sign-in, without an identityId input", async () => {
    const key = `${uniquePath('switch')}mine.txt`;
    await signIn('bob');
    await lastValueFrom(storage.put(key, 'bob wrote this', { level: 'private' }));
    await signIn('alice');
    await lastValueFrom(storage.put(key, 'alice wrote this', { level: 'private' }));
    const { harness } = await mount({ textKey: key, level: 'private' });
    await eventually("alice's text", async () => (await harness.getText()) === 'alice wrote this');
    cognito.setLogins(loginsFor('bob'));
    await eventually(
      "bob's text after the switch",
      async () => (await harness.getText()) === 'bob wrote this',
    );
    expect(await harness.getText()).toBe('bob wrote this');
    expect(await harness.isError()).toBeFalse();
  });

  it('shows markup as text: a <script> in the object creates no element and never runs', async () => {
    const key = `${uniquePath('hostile')}page.html`;
    await lastValueFrom(storage.put(key, HOSTILE));
    const { fixture, harness } = await mount({ textKey: key });
    await eventually('the text is shown', async () => (await harness.getText()) !== null);

    expect(await harness.getText()).toBe(HOSTILE);
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('script')).toBeNull();
    expect(element.querySelector('pre img')).toBeNull();
    expect(element.querySelector('pre b')).toBeNull();
    expect((window as { __amplifyTextRan?: boolean }).__amplifyTextRan).toBeUndefined();
  });

  it("shows another user's protected text through identityId", async () => {
    const bobId = await signIn('bob');
    const key = `${uniquePath('bobs-text')}note.md`;
    await lastValueFrom(storage.put(key, '# from bob', { level: 'protected' }));
    await signIn('alice');
    const { harness } = await mount({ textKey: key, level: 'protected', identityId: bobId });
    await eventually('the text is shown', async () => (await harness.getText()) === '# from bob');
    expect(await harness.getText()).toBe('# from bob');
    expect(await harness.isError()).toBeFalse();
  });

  it('shows the not-found state for a missing object, and emits nothing', async () => {
    const key = `${uniquePath('missing-text')}nothing.txt`;
    const { harness, loaded } = await mount({ textKey: key });
    await eventually('the error state shows', () => harness.isError());
    expect(await harness.getErrorCode()).toBe('NotFound');
    expect(await harness.getErrorMessage()).toContain(key);
    expect(await harness.getText()).toBeNull();
    expect(loaded).toEqual([]);
  });

  it('uploads body to textKey first, then shows it', async () => {
    const key = `${uniquePath('text-body')}readme.md`;
    const { harness } = await mount({ textKey: key, body: '# Hello\n' });
    await eventually(
      'the text is shown',
      async () => (await harness.getText()) === '# Hello\n',
      15_000,
    );
    const stored = await uncheckedGet(`public/${key}`);
    expect(await stored.text()).toBe('# Hello\n');
    expect(stored.headers.get('content-type')).toBe('text/markdown');
  });

  it('downloads and emits but renders nothing when hidden', async () => {
    const key = `${uniquePath('hidden-text')}quiet.txt`;
    await lastValueFrom(storage.put(key, 'shh'));
    const { fixture, harness, loaded } = await mount({ textKey: key, hidden: true });
    await eventually('(loaded) has emitted', () => loaded.length > 0);
    expect(loaded).toEqual(['shh']);
    expect(await harness.getText()).toBeNull();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('');
  });

  it('shows an empty object as empty text, not as an error', async () => {
    const key = `${uniquePath('empty-text')}empty.txt`;
    await lastValueFrom(storage.put(key, ''));
    const { harness, loaded } = await mount({ textKey: key });
    await eventually('(loaded) has emitted', () => loaded.length > 0);
    expect(await harness.getText()).toBe('');
    expect(await harness.isError()).toBeFalse();
  });

  it('shows the file the picker uploaded', async () => {
    const path = uniquePath('text-picked');
    const { harness } = await mount({ picker: true, path });
    const picker = await harness.getPicker();
    await picker.pickFiles([
      new File(['picked <i>text</i>'], 'my notes.txt', { type: 'text/plain' }),
    ]);
    await eventually(
      'the picked text is shown',
      async () => (await harness.getText()) === 'picked <i>text</i>',
      15_000,
    );
    expect(await harness.getKey()).toBe(`${path}my_notes.txt`);
  });

  describe('fetching only what it shows', () => {
    throughFaultProxy(() => storage);

    it('fetches the whole object with one GET and no HEAD when maxBytes is not set', async () => {
      const key = `${uniquePath('text-one-get')}all.txt`;
      await lastValueFrom(storage.put(key, 'every byte'));
      const { harness } = await mount({ textKey: key });
      await eventually('the text is shown', async () => (await harness.getText()) === 'every byte');
      const requests = (await faultLogFor(key)).filter((entry) => entry.kind !== 'putObject');
      expect(requests.map((entry) => [entry.method, entry.range])).toEqual([['GET', undefined]]);
    });

    it('fetches only maxBytes with a Range request, leaving out a character cut at the end', async () => {
      const key = `${uniquePath('text-range')}long.txt`;
      // 'é' takes two bytes: a 4-byte range ends inside the second one.
      await lastValueFrom(storage.put(key, 'aéé and much more text after it'));
      const { harness, loaded } = await mount({ textKey: key, maxBytes: 4 });
      await eventually('(loaded) has emitted', () => loaded.length > 0);
      expect(loaded).toEqual(['aé']);
      expect(await harness.getText()).toBe('aé');
      const requests = (await faultLogFor(key)).filter((entry) => entry.kind !== 'putObject');
      expect(requests.map((entry) => [entry.method, entry.range])).toEqual([['GET', 'bytes=0-3']]);
    });

    it('shows an object shorter than maxBytes whole', async () => {
      const key = `${uniquePath('text-short')}short.txt`;
      await lastValueFrom(storage.put(key, 'short é'));
      const { harness } = await mount({ textKey: key, maxBytes: 1000 });
      await eventually('the text is shown', async () => (await harness.getText()) === 'short é');
      expect(await harness.isError()).toBeFalse();
    });

    it('shows an empty object as empty text with maxBytes (S3 cannot serve a range of it)', async () => {
      const key = `${uniquePath('text-empty-range')}empty.txt`;
      await lastValueFrom(storage.put(key, ''));
      const { harness, loaded } = await mount({ textKey: key, maxBytes: 10 });
      await eventually('(loaded) has emitted', () => loaded.length > 0);
      expect(loaded).toEqual(['']);
      expect(await harness.getText()).toBe('');
      expect(await harness.isError()).toBeFalse();
    });

    it('shows not found for a missing object fetched with a range', async () => {
      const key = `${uniquePath('text-range-missing')}none.txt`;
      const { harness } = await mount({ textKey: key, maxBytes: 10 });
      await eventually('the error state shows', () => harness.isError());
      expect(await harness.getErrorCode()).toBe('NotFound');
      expect(await harness.getErrorMessage()).toContain(key);
    });

    it('shows InvalidOption for a maxBytes below 1, and sends no GET', async () => {
      const key = `${uniquePath('text-bad-max')}any.txt`;
      await lastValueFrom(storage.put(key, 'text'));
      const { harness } = await mount({ textKey: key, maxBytes: 0 });
      await eventually('the error state shows', () => harness.isError());
      expect(await harness.getErrorCode()).toBe('InvalidOption');
      // The user sees a sentence from StorageIntl; the developer message stays out of the page.
      expect(await harness.getErrorMessage()).toBe(`${key} could not be loaded.`);
      expect((await faultLogFor(key)).filter((entry) => entry.kind === 'get')).toEqual([]);
    });
  });
});
