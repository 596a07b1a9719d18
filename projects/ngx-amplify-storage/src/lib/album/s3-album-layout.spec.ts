import { provideZonelessChangeDetection } from '@angular/core';
import { lastValueFrom } from 'rxjs';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { waitFor } from '../../../spec-support/async';
import { pixelPng } from '../../../spec-support/display';
import { localSettings, uniquePath } from '../../../spec-support/local-backend';
import { S3AlbumHarness } from '../../../testing/s3-album-harness';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { S3Album } from './s3-album';

/** Every node in `root`, itself included: elements, text and the comments Angular leaves. */
function nodesIn(root: Node): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let count = 1;
  while (walker.nextNode()) count++;
  return count;
}

/** Mounts an album in the page, 330 × 400 pixels with 100-pixel tiles (3 columns), with `inputs`. */
async function mount(inputs: Partial<Record<keyof S3Album, unknown>>) {
  const fixture = TestBed.createComponent(S3Album);
  const host = fixture.nativeElement as HTMLElement;
  document.body.appendChild(host);
  host.style.width = '330px';
  host.style.setProperty('--amplify-album-height', '400px');
  fixture.componentRef.setInput('tileSize', 100);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3AlbumHarness);
  return { fixture, host, harness };
}

describe('S3Album layout', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(localSettings())],
    });
  });

  // The album has a fixed height (--amplify-album-height); its own upload rows used to grow inside
  // it without bound, squeezing the tile grid to nothing and then drawing over the page below.
  it('keeps upload rows in a scrolling list that never covers the grid or leaves the album', async () => {
    const { fixture, host, harness } = await mount({
      path: uniquePath('album-layout'),
      picker: true,
    });
    const picker = await harness.getPicker();
    const files = Array.from(
      { length: 20 },
      (_, i) => new File([pixelPng()], `photo-${i}.png`, { type: 'image/png' }),
    );
    await picker.pickFiles(files);
    await waitFor(
      'all 20 uploads are done',
      async () => (await picker.getFiles({ status: 'done' })).length === 20,
      30_000,
    );
    await fixture.whenStable();

    const album = host.getBoundingClientRect();
    const viewport = host.querySelector('.amplify-s3-album-viewport')!.getBoundingClientRect();
    const rows = host.querySelector('.amplify-picker-files') as HTMLElement;
    // The grid keeps at least one row of tiles, below the upload rows.
    expect(viewport.height).toBeGreaterThanOrEqual(100);
    expect(rows.getBoundingClientRect().bottom).toBeLessThanOrEqual(viewport.top + 0.5);
    // The upload rows scroll within their own box instead of growing.
    expect(rows.scrollHeight).toBeGreaterThan(rows.clientHeight);
    // Nothing the album draws reaches past its own box.
    for (const child of Array.from(host.children)) {
      expect(child.getBoundingClientRect().bottom)
        .withContext(child.className)
        .toBeLessThanOrEqual(album.bottom + 0.5);
    }
    host.remove();
  });

  // Issue 13: an album over 10,000 objects stays within 300 DOM nodes (the bench renders 30 tiles).
  // Each branch of a control-flow block leaves a comment in the DOM, so the tile template keeps few.
  it('renders an image tile in 7 nodes and any other tile in 10, also when selected', async () => {
    const storage = TestBed.inject(StorageService);
    const path = uniquePath('album-dom');
    for (const name of ['a.png', 'b.png', 'c.png'])
      await lastValueFrom(storage.put(`${path}${name}`, pixelPng()));
    await lastValueFrom(storage.put(`${path}d.txt`, 'text'));
    await lastValueFrom(storage.put(`${path}e.pdf`, 'not really a pdf'));
    await lastValueFrom(storage.put(`${path}sub/f.png`, pixelPng()));
    const { fixture, host, harness } = await mount({ path, folders: true });
    const settled = async () => {
      const tiles = await harness.getTiles();
      const statuses = await Promise.all(tiles.map((tile) => tile.getStatus()));
      return tiles.length === 6 && !statuses.includes('loading');
    };
    await waitFor('six tiles, none loading', settled);
    await harness.selectTile(`${path}a.png`);
    await fixture.whenStable();

    const tiles = Array.from(host.querySelectorAll<HTMLElement>('amplify-s3-album-tile'));
    const sizes = Object.fromEntries(tiles.map((tile) => [tile.dataset['key'], nodesIn(tile)]));
    expect(sizes).toEqual({
      [`${path}sub/`]: 10,
      [`${path}a.png`]: 7,
      [`${path}b.png`]: 7,
      [`${path}c.png`]: 7,
      [`${path}d.txt`]: 10,
      [`${path}e.pdf`]: 10,
    });
    // The selected tile's check mark is drawn, by CSS, on that tile only.
    const checks = tiles.map((tile) => getComputedStyle(tile, '::before').content !== 'none');
    expect(checks).toEqual(tiles.map((tile) => tile.dataset['key'] === `${path}a.png`));
    host.remove();
  });
});
