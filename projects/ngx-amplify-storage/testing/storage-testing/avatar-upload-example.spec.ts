// The app spec docs/testing-apps.md shows: an app's own component that uses StorageService, tested
// with provideStorageTesting() instead of a bucket, with progress held and a fault injected. Keep it
// in step with that page; the README shows the smaller app-example.spec.ts.
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { StorageService } from 'ngx-amplify-storage';
import { StorageTestingController, provideStorageTesting } from 'ngx-amplify-storage/testing';

/** An app's avatar uploader: stores the picked file as the user's protected avatar. */
@Component({
  selector: 'app-avatar-upload',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<input type="file" (change)="upload($event)" />
    <p>{{ status() }}</p>`,
})
class AvatarUpload {
  private readonly storage = inject(StorageService);
  readonly status = signal('Pick an image');

  upload(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.storage.put('avatar.png', file, { level: 'protected' }).subscribe({
      next: (e) => {
        if (e.type === 'progress') this.status.set(`${Math.round((100 * e.loaded) / file.size)}%`);
        if (e.type === 'result') this.status.set('Saved');
      },
      error: (error) => this.status.set(`Failed: ${error.code}`),
    });
  }
}

describe('AvatarUpload (an app spec on provideStorageTesting)', () => {
  let storage: StorageTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideStorageTesting()] });
    storage = TestBed.inject(StorageTestingController);
  });

  function pick(fixture: { nativeElement: HTMLElement }, file: File): void {
    const input = fixture.nativeElement.querySelector('input')!;
    const files = new DataTransfer();
    files.items.add(file);
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
  }

  const text = (fixture: { nativeElement: HTMLElement }) =>
    fixture.nativeElement.querySelector('p')!.textContent;

  /** Re-renders until the status reads `expected`: waits for a state, never for a fixed time. */
  async function showsStatus(fixture: ComponentFixture<unknown>, expected: string): Promise<void> {
    const deadline = performance.now() + 10_000;
    while (text(fixture) !== expected) {
      if (performance.now() > deadline)
        throw new Error(`The status is "${text(fixture)}", never "${expected}".`);
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  }

  it("stores the picked file as the user's protected avatar, showing progress", async () => {
    storage.hold();
    const fixture = TestBed.createComponent(AvatarUpload);
    pick(fixture, new File(['png bytes'], 'me.png', { type: 'image/png' }));
    await storage.nextRequest((request) => request.operation === 'PutObject');
    await showsStatus(fixture, '44%'); // Half the body is sent before a held request waits.

    storage.release();
    await showsStatus(fixture, 'Saved');
    expect(storage.object('avatar.png', { level: 'protected' })?.contentType).toBe('image/png');
  });

  it('shows the error code when the upload is refused', async () => {
    storage.failNext('put', 'AccessDenied');
    const fixture = TestBed.createComponent(AvatarUpload);
    pick(fixture, new File(['png bytes'], 'me.png', { type: 'image/png' }));
    await showsStatus(fixture, 'Failed: AccessDenied');
    expect(storage.object('avatar.png', { level: 'protected' })).toBeUndefined();
  });
});
