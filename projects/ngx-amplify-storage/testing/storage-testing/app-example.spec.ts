// The app spec the README's "Testing your app" shows, line for line from the `import`s on
// (tools/package-checks/readme-example.test.mjs compares them): keep the two identical.
import { Injectable, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import { StorageService } from 'ngx-amplify-storage';
import { StorageTestingController, provideStorageTesting } from 'ngx-amplify-storage/testing';

/** The app's own code: saves the user's avatar as a protected file. */
@Injectable({ providedIn: 'root' })
class AvatarStore {
  private readonly storage = inject(StorageService);
  save(file: File) {
    return lastValueFrom(this.storage.put('avatar.png', file, { level: 'protected' }));
  }
}

describe('AvatarStore', () => {
  let storage: StorageTestingController;
  const png = new File(['png bytes'], 'me.png', { type: 'image/png' });

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideStorageTesting()] });
    storage = TestBed.inject(StorageTestingController);
  });

  it('stores the avatar at the protected level', async () => {
    await TestBed.inject(AvatarStore).save(png);
    expect(storage.object('avatar.png', { level: 'protected' })?.contentType).toBe('image/png');
  });

  it('fails with the code S3 refused it with', async () => {
    storage.failNext('put', 'AccessDenied');
    await expectAsync(TestBed.inject(AvatarStore).save(png)).toBeRejectedWith(
      jasmine.objectContaining({ code: 'AccessDenied' }),
    );
    expect(storage.object('avatar.png', { level: 'protected' })).toBeUndefined();
  });
});
