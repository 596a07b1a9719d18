import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { lastValueFrom } from 'rxjs';
import { waitFor as eventually } from '../../../spec-support/async';
import { pixelPng } from '../../../spec-support/display';
import {
  faultySettings,
  fetchUncached,
  fullFaultStats,
  releaseHeld,
  resetFaults,
  setFaults,
  uniquePath,
} from '../../../spec-support/local-backend';
import { S3AlbumHarness } from '../../../testing/s3-album-harness';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { AlbumFilter, byKey } from './album-item';
import {
  AlbumEmptyTemplate,
  AlbumErrorTemplate,
  AlbumLoadingTemplate,
  AlbumTileTemplate,
} from './album-templates';
import { S3Album } from './s3-album';

/** An album with every custom template, as an app would write them. */
@Component({
  imports: [
    S3Album,
    AlbumTileTemplate,
    AlbumEmptyTemplate,
    AlbumLoadingTemplate,
    AlbumErrorTemplate,
  ],
  template: `
    <amplify-s3-album
      [path]="path()"
      [filter]="filter()"
      [sort]="byKey"
      [tileSize]="100"
      folders
      selection="multiple"
      style="width: 330px; --amplify-album-height: 400px"
    >
      <ng-template amplifyAlbumTile let-item let-url="url" let-selected="selected">
        <span class="custom-tile" [attr.data-selected]="selected">{{ item.path }}</span>
        @if (url) {
          <a class="custom-link" [href]="url">open</a>
        }
      </ng-template>
      @if (withEmpty()) {
        <ng-template amplifyAlbumEmpty let-filtered>
          <p class="custom-empty">{{ filtered ? 'none match' : 'nothing yet' }}</p>
        </ng-template>
      }
      <ng-template amplifyAlbumLoading><p class="custom-loading">fetching</p></ng-template>
      <ng-template amplifyAlbumError let-error let-message="message" let-retry="retry">
        <button class="custom-error" [attr.data-code]="error.code" (click)="retry()">
          {{ message }}
        </button>
      </ng-template>
    </amplify-s3-album>
  `,
})
class TemplatedAlbum {
  readonly path = signal('');
  readonly filter = signal<AlbumFilter | undefined>(undefined);
  readonly withEmpty = signal(true);
  protected readonly byKey = byKey;
}

describe('S3Album custom templates', () => {
  let storage: StorageService;

  async function mount(path: string): Promise<{
    fixture: ComponentFixture<TemplatedAlbum>;
    harness: S3AlbumHarness;
    element: HTMLElement;
  }> {
    const fixture = TestBed.createComponent(TemplatedAlbum);
    fixture.componentInstance.path.set(path);
    const harness = await TestbedHarnessEnvironment.loader(fixture).getHarness(S3AlbumHarness);
    return { fixture, harness, element: fixture.nativeElement as HTMLElement };
  }

  const all = (element: HTMLElement, selector: string) =>
    Array.from(element.querySelectorAll<HTMLElement>(selector));

  beforeEach(async () => {
    await resetFaults();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(faultySettings())],
    });
    storage = TestBed.inject(StorageService);
  });

  afterEach(() => resetFaults());

  it('renders each file tile from the tile template, with item, a working URL and selected', async () => {
    const path = uniquePath('album-tile-template');
    await lastValueFrom(storage.put(`${path}a.png`, pixelPng()));
    await lastValueFrom(storage.put(`${path}b.pdf`, 'not really a pdf'));
    await lastValueFrom(storage.put(`${path}sub/c.txt`, 'sea'));
    const { harness, element } = await mount(path);

    await eventually('both files have a URL', () => all(element, '.custom-link').length === 2);
    // The folder keeps its own look; the files show only the template.
    expect(all(element, '.custom-tile').map((tile) => tile.textContent)).toEqual([
      `${path}a.png`,
      `${path}b.pdf`,
    ]);
    expect(await harness.getTileKeys()).toEqual([`${path}sub/`, `${path}a.png`, `${path}b.pdf`]);
    expect(all(element, '.amplify-s3-album-tile-name').map((name) => name.textContent)).toEqual([
      'sub',
    ]);
    for (const link of all(element, '.custom-link')) {
      expect((await fetchUncached((link as HTMLAnchorElement).href)).status)
        .withContext(link.getAttribute('href') ?? '')
        .toBe(200);
    }

    expect(all(element, '.custom-tile').map((tile) => tile.dataset['selected'])).toEqual([
      'false',
      'false',
    ]);
    await harness.selectTile(`${path}b.pdf`);
    await eventually(
      'the template shows the selection',
      () => all(element, '.custom-tile')[1].dataset['selected'] === 'true',
    );
    expect(all(element, '.custom-tile')[0].dataset['selected']).toBe('false');
    expect(await harness.getSelectedKeys()).toEqual([`${path}b.pdf`]);
  });

  it('shows the empty template, told whether a filter is set, in place of the default', async () => {
    const path = uniquePath('album-empty-template');
    const { fixture, harness, element } = await mount(path);
    await eventually('the empty template shows', () => all(element, '.custom-empty').length === 1);
    expect(all(element, '.custom-empty')[0].textContent).toBe('nothing yet');
    expect(await harness.isEmpty()).toBeFalse();

    fixture.componentInstance.filter.set(() => false);
    await eventually(
      'the empty template says a filter is set',
      () => all(element, '.custom-empty')[0]?.textContent === 'none match',
    );

    // Without the template, the default empty state is back.
    fixture.componentInstance.withEmpty.set(false);
    await eventually('the default empty state shows', () => harness.isEmpty());
    expect(all(element, '.custom-empty')).toEqual([]);
  });

  it('shows the loading template until the first page arrives', async () => {
    const path = uniquePath('album-loading-template');
    await lastValueFrom(storage.put(`${path}a.png`, pixelPng()));
    await setFaults({
      rules: [{ match: { kind: 'list', query: path.slice(0, -1) }, fault: 'hold', times: 1 }],
    });
    const { harness, element } = await mount(path);
    await eventually(
      'the listing is held and the loading template shows',
      async () =>
        (await fullFaultStats()).held === 1 && all(element, '.custom-loading').length === 1,
    );
    expect(await harness.getStatus()).toBe('loading');

    expect(await releaseHeld()).toBe(1);
    await eventually('the album is listed', async () => (await harness.getStatus()) === 'done');
    expect(all(element, '.custom-loading')).toEqual([]);
  });

  it('shows the error template with the error, and its retry lists again', async () => {
    const path = uniquePath('album-error-template');
    await lastValueFrom(storage.put(`${path}a.png`, pixelPng()));
    // Every attempt fails, retries included, so the listing ends in an error.
    await setFaults({
      rules: [{ match: { kind: 'list', query: path.slice(0, -1) }, fault: 'status-500' }],
    });
    const { harness, element } = await mount(path);
    await eventually('the error template shows', () => all(element, '.custom-error').length === 1);
    const button = all(element, '.custom-error')[0];
    expect(button.dataset['code']).toBe('ServiceError');
    expect(button.textContent).toContain(path);
    expect(await harness.isError())
      .withContext('the default error block is replaced')
      .toBeFalse();

    await resetFaults();
    button.click();
    await eventually('the album is listed', async () => (await harness.getStatus()) === 'done');
    expect(await harness.getTileKeys()).toEqual([`${path}a.png`]);
    expect(all(element, '.custom-error')).toEqual([]);
  });
});
