import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { waitFor } from '../../../spec-support/async';
import { pixelPng } from '../../../spec-support/display';
import { localSettings, uniquePath } from '../../../spec-support/local-backend';
import { S3AlbumHarness } from '../../../testing/s3-album-harness';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { S3Album } from './s3-album';

// The album has a fixed height (--amplify-album-height); its own upload rows used to grow inside
// it without bound, squeezing the tile grid to nothing and then drawing over the page below.
describe('S3Album layout with many uploads through its picker', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(localSettings())],
    });
  });

  it('keeps upload rows in a scrolling list that never covers the grid or leaves the album', async () => {
    const fixture = TestBed.createComponent(S3Album);
    const host = fixture.nativeElement as HTMLElement;
    document.body.appendChild(host);
    host.style.width = '330px';
    host.style.setProperty('--amplify-album-height', '400px');
    fixture.componentRef.setInput('tileSize', 100);
    fixture.componentRef.setInput('path', uniquePath('album-layout'));
    fixture.componentRef.setInput('picker', true);
    const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3AlbumHarness);
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
});
