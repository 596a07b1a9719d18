import { ComponentRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { sleep, until, waitFor as eventually } from '../../../spec-support/async';
import { imageFetches, pixelPng, presignedExpiry } from '../../../spec-support/display';
import {
  fetchUncached,
  faultLogFor,
  s3RequestCount,
  throughFaultProxy,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { localTestBed } from '../../../spec-support/local-testbed';
import { S3ImageHarness } from '../../../testing/s3-image-harness';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { S3Image, S3ImageSelection } from './s3-image';

interface Mounted {
  fixture: ComponentFixture<S3Image>;
  harness: S3ImageHarness;
  loaded: string[];
  selected: S3ImageSelection[];
}

describe('S3Image on the local S3 server', () => {
  let storage: StorageService;
  let signIn: (user: string) => Promise<string>;

  async function putImage(key: string, level: AccessLevel = 'public'): Promise<void> {
    await lastValueFrom(storage.put(key, pixelPng(), { level }));
  }

  async function mount(inputs: Partial<Record<keyof S3Image, unknown>>): Promise<Mounted> {
    const fixture = TestBed.createComponent(S3Image);
    const ref: ComponentRef<S3Image> = fixture.componentRef;
    for (const [name, value] of Object.entries(inputs)) ref.setInput(name, value);
    const loaded: string[] = [];
    const selected: S3ImageSelection[] = [];
    fixture.componentInstance.loaded.subscribe((url) => loaded.push(url));
    fixture.componentInstance.selected.subscribe((selection) => selected.push(selection));
    const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3ImageHarness);
    return { fixture, harness, loaded, selected };
  }

  /** Waits until `count` different URLs have each been shown, loaded, in turn (renewals). */
  async function urlsShownInTurn(harness: S3ImageHarness, count: number): Promise<void> {
    const shown = new Set<string>();
    await until(
      async () => {
        if (await harness.isImageLoaded()) shown.add((await harness.getSrc()) as string);
        return shown.size;
      },
      (size) => size >= count,
      `${count} URLs to be shown in turn`,
    );
  }

  function nativeImage(fixture: ComponentFixture<S3Image>): HTMLImageElement {
    const image = (fixture.nativeElement as HTMLElement).querySelector('img');
    if (!image) throw new Error('no <img> rendered');
    return image;
  }

  beforeEach(() => {
    ({ storage, signIn } = localTestBed());
  });

  for (const level of ['public', 'protected', 'private'] as AccessLevel[]) {
    it(`shows a ${level} image and emits (loaded) with its URL`, async () => {
      const identityId = await signIn('alice');
      const key = `${uniquePath(`image-${level}`)}cat.png`;
      await putImage(key, level);
      const { harness, loaded } = await mount({ imgKey: key, level });

      await eventually('the image is loaded', () => harness.isImageLoaded());
      const src = (await harness.getSrc()) as string;
      const fullKey = level === 'public' ? `public/${key}` : `${level}/${identityId}/${key}`;
      expect(decodeURIComponent(new URL(src).pathname)).toContain(fullKey);
      await eventually('(loaded) has emitted', () => loaded.length > 0);
      expect(loaded).toEqual([src]);
      expect(await harness.getAlt()).toBe('cat.png');
      expect(await harness.isError()).toBeFalse();
    });
  }

  it("shows another user's protected image through identityId, and not without it", async () => {
    const bobId = await signIn('bob');
    const key = `${uniquePath('bobs')}dog.png`;
    await putImage(key, 'protected');
    await signIn('alice');

    const other = await mount({ imgKey: key, level: 'protected', identityId: bobId });
    await eventually("bob's image is loaded", () => other.harness.isImageLoaded());
    expect(decodeURIComponent((await other.harness.getSrc()) as string)).toContain(
      `protected/${bobId}/`,
    );

    // Without identityId the key is looked up in alice's own protected folder.
    const own = await mount({ imgKey: key, level: 'protected' });
    await eventually('the error state shows', () => own.harness.isError());
    expect(await own.harness.getErrorCode()).toBe('NotFound');
  });

  it('shows the not-found state for a missing object, with no image and no (loaded)', async () => {
    const key = `${uniquePath('missing')}ghost.png`;
    const { harness, loaded } = await mount({ imgKey: key });
    await eventually('the error state shows', () => harness.isError());
    expect(await harness.getErrorCode()).toBe('NotFound');
    expect(await harness.getErrorMessage()).toContain(key);
    expect(await harness.hasImage()).toBeFalse();
    expect(await harness.getStatus()).toBe('error');
    expect(loaded).toEqual([]);
  });

  it('re-checks after the <img> fails and shows not found for an object deleted while shown', async () => {
    const key = `${uniquePath('deleted')}gone.png`;
    await putImage(key);
    const { fixture, harness } = await mount({ imgKey: key });
    await eventually('the image is loaded', () => harness.isImageLoaded());

    await lastValueFrom(storage.remove(key));
    const requestsBefore = s3RequestCount();
    // The browser fetches the image again, as after a cache eviction: from a URL presigned anew,
    // which another expiry makes differ from the shown one (so the memory cache has no copy) while
    // its signature stays valid: the server answers 404. (An altered URL, such as one with an extra
    // parameter, would get 403 SignatureDoesNotMatch instead.)
    const image = nativeImage(fixture);
    image.src = (await firstValueFrom(storage.get(key, { expires: 600 }))).url;

    await eventually('the error state shows', () => harness.isError());
    expect(await harness.getErrorCode()).toBe('NotFound');
    expect(await harness.hasImage()).toBeFalse();
    // The re-check (a HEAD) and the failed fetch, no more.
    expect(s3RequestCount() - requestsBefore).toBeGreaterThanOrEqual(2);
  });

  it('replaces an expired URL that the <img> fails on with a fresh one, and keeps showing the image', async () => {
    const key = `${uniquePath('expired')}sun.png`;
    await putImage(key);
    const { url: expiredUrl } = await firstValueFrom(storage.get(key, { expires: 1 }));
    const { fixture, harness } = await mount({ imgKey: key });
    await eventually('the image is loaded', () => harness.isImageLoaded());
    // The server, not the clock here, says when the URL has expired.
    const expired = await until(
      () => fetchUncached(expiredUrl),
      (answer) => answer.status !== 200,
      'the old URL to expire',
    );
    expect(expired.status).withContext('the old URL has expired').toBe(403);

    nativeImage(fixture).src = expiredUrl;

    await eventually(
      'a fresh URL is shown',
      async () => (await harness.getSrc()) !== expiredUrl && (await harness.isImageLoaded()),
    );
    expect(await harness.isError()).toBeFalse();
    expect((await fetchUncached((await harness.getSrc()) as string)).status).toBe(200);
  });

  it('renews a short-lived URL before it expires, so the image stays shown', async () => {
    const key = `${uniquePath('renew')}moon.png`;
    await putImage(key);
    const { harness, loaded } = await mount({ imgKey: key, expires: 3 });
    await eventually('the image is loaded', () => harness.isImageLoaded());
    const first = (await harness.getSrc()) as string;
    const firstShownAt = Date.now();
    const expiry = presignedExpiry(first);

    await eventually('the URL is renewed', async () => (await harness.getSrc()) !== first, 5000);
    const renewedAt = Date.now();
    expect(renewedAt).withContext('renewed before the first URL expired').toBeLessThan(expiry);
    expect(renewedAt - firstShownAt)
      .withContext('not renewed at once')
      .toBeGreaterThan(800);

    // The load event of the new URL, not the img's state, which can still describe the old one.
    await eventually('the renewed image emits (loaded)', () => loaded.length >= 2);
    expect(await harness.isImageLoaded()).toBeTrue();
    expect(loaded[1]).not.toBe(loaded[0]);
    expect(await harness.isError()).toBeFalse();
  });

  it('keeps a 1-second URL renewed: after several expiries the image is still shown from a working URL', async () => {
    const key = `${uniquePath('tiny')}star.png`;
    await putImage(key);
    const { harness } = await mount({ imgKey: key, expires: 1 });
    await eventually('the image is loaded', () => harness.isImageLoaded());
    const first = (await harness.getSrc()) as string;
    // Several expiries: three URLs shown in turn, each loaded.
    await urlsShownInTurn(harness, 3);
    const expired = await until(
      () => fetchUncached(first),
      (answer) => answer.status !== 200,
      'the first URL to expire',
    );
    expect(expired.status).withContext('the first URL has expired').toBe(403);
    await eventually('the current image is loaded', () => harness.isImageLoaded());
    expect(await harness.isError()).toBeFalse();
  });

  it('uploads body to imgKey first, then shows it', async () => {
    const key = `${uniquePath('body')}uploaded.png`;
    const { harness } = await mount({ imgKey: key, body: pixelPng() });
    await eventually('the uploaded image is loaded', () => harness.isImageLoaded(), 15_000);
    const stored = await uncheckedGet(`public/${key}`);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/png');
    expect((await stored.arrayBuffer()).byteLength).toBe(pixelPng().size);
  });

  it('stores a typeless body with the content type of the key', async () => {
    const key = `${uniquePath('typeless')}raw.png`;
    const bytes = new Uint8Array(await pixelPng().arrayBuffer());
    const { harness } = await mount({ imgKey: key, body: new Blob([bytes]) });
    await eventually('the uploaded image is loaded', () => harness.isImageLoaded(), 15_000);
    expect((await uncheckedGet(`public/${key}`)).headers.get('content-type')).toBe('image/png');
  });

  it('loads and emits but renders nothing when hidden', async () => {
    const key = `${uniquePath('hidden')}secret.png`;
    await putImage(key);
    const { fixture, harness, loaded } = await mount({ imgKey: key, hidden: true });
    await eventually('(loaded) has emitted', () => loaded.length > 0);
    expect((await fetchUncached(loaded[0])).status).toBe(200);
    expect(await harness.hasImage()).toBeFalse();
    expect(await harness.isError()).toBeFalse();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('');
  });

  it('emits (selected) with key and URL on click, Enter and Space', async () => {
    const key = `${uniquePath('select')}pick-me.png`;
    await putImage(key);
    const { harness, selected } = await mount({ imgKey: key, alt: 'A cat' });
    await eventually('the image is loaded', () => harness.isImageLoaded());
    const src = (await harness.getSrc()) as string;
    expect(await harness.getAlt()).toBe('A cat');

    await harness.click();
    expect(selected).toEqual([{ key, url: src }]);
    await harness.pressKey(TestKey.ENTER);
    expect(selected.length).toBe(2);
    await harness.pressKey(' ');
    expect(selected.length).toBe(3);
    await harness.pressKey('x');
    expect(selected.length).toBe(3);
  });

  it('calls an existing object that is not an image unreadable, after a few re-checks', async () => {
    const key = `${uniquePath('not-image')}fake.png`;
    await lastValueFrom(storage.put(key, 'this is not a PNG', { contentType: 'image/png' }));
    const { harness, loaded } = await mount({ imgKey: key });
    await eventually('the error state shows', () => harness.isError());
    expect(await harness.getErrorCode()).toBe('Unreadable');
    expect(loaded).toEqual([]);
    // The error state is final: no more fetches of the broken image.
    const fetches = imageFetches(key).length;
    // A sleep on purpose: the claim is that nothing more happens, which cannot be waited for; the
    // re-checks before the error came at shorter intervals than this.
    await sleep(500);
    expect(imageFetches(key).length).toBe(fetches);
  });

  it('shows the image the picker uploaded, under path + file name with spaces as underscores', async () => {
    const path = uniquePath('picked');
    const { harness, loaded } = await mount({ picker: true, path });
    expect(await harness.hasImage()).toBeFalse();
    const picker = await harness.getPicker();
    expect(await picker.getAccept()).toBe('image/*');

    await picker.pickFiles([new File([pixelPng()], 'my cat.png', { type: 'image/png' })]);

    await eventually('the picked image is loaded', () => harness.isImageLoaded(), 15_000);
    expect(await harness.getKey()).toBe(`${path}my_cat.png`);
    expect((await uncheckedGet(`public/${path}my_cat.png`)).status).toBe(200);
    expect(loaded.length).toBe(1);
  });

  it('uses fileToKey for the picker when given', async () => {
    const path = uniquePath('picked-key');
    const { harness } = await mount({
      picker: true,
      fileToKey: (file: File) => `${path}avatar-${file.size}.png`,
    });
    await (
      await harness.getPicker()
    ).pickFiles([new File([pixelPng()], 'whatever.png', { type: 'image/png' })]);
    await eventually('the picked image is loaded', () => harness.isImageLoaded(), 15_000);
    expect(await harness.getKey()).toBe(`${path}avatar-${pixelPng().size}.png`);
  });

  it("runs processFile on its picker's file before keying and uploading it", async () => {
    const path = uniquePath('picked-processed');
    const { harness } = await mount({
      picker: true,
      path,
      processFile: (file: File) => new File([file], `small-${file.name}`, { type: file.type }),
    });
    await (
      await harness.getPicker()
    ).pickFiles([new File([pixelPng()], 'cat.png', { type: 'image/png' })]);
    await eventually('the processed image is loaded', () => harness.isImageLoaded(), 15_000);
    expect(await harness.getKey()).toBe(`${path}small-cat.png`);
    expect((await uncheckedGet(`public/${path}cat.png`)).status).toBe(404);
  });

  it('stops its renewal timer when destroyed', async () => {
    const key = `${uniquePath('destroy')}bye.png`;
    await putImage(key);
    const { fixture, harness } = await mount({ imgKey: key, expires: 1 });
    await eventually('the image is loaded', () => harness.isImageLoaded());
    fixture.destroy();
    const since = performance.now();
    // A control on the same 1-second schedule, mounted after: once it has renewed its URL, the
    // destroyed image's timer, had it lived, would have fired (and asked for a new URL) too.
    const controlKey = `${uniquePath('destroy-control')}hello.png`;
    await putImage(controlKey);
    const control = await mount({ imgKey: controlKey, expires: 1 });
    await eventually('the control image is loaded', () => control.harness.isImageLoaded());
    const controlFirst = await control.harness.getSrc();
    await eventually(
      'the control renews its URL and shows it',
      async () =>
        (await control.harness.getSrc()) !== controlFirst &&
        (await control.harness.isImageLoaded()),
    );
    const requests = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime >= since && decodeURIComponent(entry.name).includes(key));
    expect(requests.map((entry) => entry.name))
      .withContext('requests for the destroyed image')
      .toEqual([]);
  });

  describe('checking the object only when needed', () => {
    /** The HEAD requests the fault proxy saw for `key` (every request of these specs goes through it). */
    async function headsFor(key: string): Promise<number> {
      return (await faultLogFor(key)).filter((entry) => entry.kind === 'head').length;
    }

    throughFaultProxy(() => storage);

    it('sends no HEAD for its first URL nor for any renewal, and one when the image fails to load', async () => {
      const key = `${uniquePath('no-head')}sky.png`;
      await putImage(key);
      const { fixture, harness } = await mount({ imgKey: key, expires: 1 });
      // Three URLs shown in turn: the first and two renewals, each loaded.
      await urlsShownInTurn(harness, 3);
      expect(await headsFor(key))
        .withContext('HEADs for the first URL and two renewals')
        .toBe(0);

      // The object goes; the browser fetches it again (as in the spec above) and fails.
      await lastValueFrom(storage.remove(key));
      nativeImage(fixture).src = (await firstValueFrom(storage.get(key, { expires: 600 }))).url;
      await eventually('the error state shows', () => harness.isError());
      expect(await harness.getErrorCode()).toBe('NotFound');
      expect(await headsFor(key))
        .withContext('the one re-check after the failed load')
        .toBe(1);
    });

    it('shows not found for a missing object after one HEAD, sent once its image failed', async () => {
      const key = `${uniquePath('no-head-missing')}void.png`;
      const { harness } = await mount({ imgKey: key });
      await eventually('the error state shows', () => harness.isError());
      expect(await harness.getErrorCode()).toBe('NotFound');
      const kinds = (await faultLogFor(key)).map((entry) => entry.kind);
      // The image's GET (404) came first, and only then the HEAD that named the failure.
      expect(kinds).toEqual(['get', 'head']);
    });

    it('checks a hidden image once, before its first URL, since no load can fail', async () => {
      const key = `${uniquePath('hidden-head')}quiet.png`;
      await putImage(key);
      const { loaded } = await mount({ imgKey: key, hidden: true, expires: 1 });
      await eventually('a first URL and a renewal', () => loaded.length >= 2);
      expect(await headsFor(key)).toBe(1);

      const missing = await mount({
        imgKey: `${uniquePath('hidden-missing')}none.png`,
        hidden: true,
      });
      // Hidden, it renders no error either: its status says it.
      await eventually(
        'the error state',
        async () => (await missing.harness.getStatus()) === 'error',
      );
      expect(missing.loaded).toEqual([]);
      expect(await headsFor('hidden-missing')).toBe(1);
    });
  });
});
