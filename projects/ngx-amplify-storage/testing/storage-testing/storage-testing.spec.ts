import { TestBed } from '@angular/core/testing';
import { errorOf } from '../../spec-support/async';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  PutEvent,
  PutOptions,
  StorageEvent,
  StorageService,
  provideAmplifyStorage,
  transferResult,
  withTracking,
} from 'ngx-amplify-storage';
import { provideStorageTesting } from './provide-storage-testing';
import { StorageTestingController } from './storage-testing-controller';
import { TESTING_IDENTITY_ID } from './testing-credentials';

const MiB = 1024 * 1024;
const OTHER = 'us-east-1:00000000-0000-4000-8000-0000000000b2';

describe('provideStorageTesting: StorageService on an in-memory S3', () => {
  let storage: StorageService;
  let controller: StorageTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideStorageTesting()] });
    storage = TestBed.inject(StorageService);
    controller = TestBed.inject(StorageTestingController);
  });

  it('uploads with queued, started, progress and result events, and stores the object', async () => {
    const events = await lastValueFrom(
      storage
        .put('notes/a.txt', 'hello', { metadata: { description: 'greeting' } })
        .pipe(toArray()),
    );
    expect(events.slice(0, 2)).toEqual([{ type: 'queued' }, { type: 'started' }]);
    expect(events.at(-1)).toEqual({
      type: 'result',
      key: 'notes/a.txt',
      eTag: jasmine.any(String),
    });
    const progress = events.filter((event) => event.type === 'progress');
    // The backend's own report of half the body, between the service's start and end.
    expect(progress).toContain({ type: 'progress', loaded: 2, total: 5 });
    expect(progress.at(-1)).toEqual({ type: 'progress', loaded: 5, total: 5 });
    const stored = controller.object('notes/a.txt')!;
    expect(stored.fullKey).toBe('public/notes/a.txt');
    expect(stored.text()).toBe('hello');
    expect(stored.contentType).toMatch(/^text\/plain/);
    expect(stored.metadata).toEqual({ description: 'greeting' });
    expect(controller.requests().map((r) => r.operation)).toEqual(['PutObject']);
  });

  it('downloads, lists, copies, reads properties, updates metadata and removes, as on S3', async () => {
    await controller.seed('docs/a.txt', 'alpha', { metadata: { description: 'one' } });
    await controller.seed('docs/deep/b.txt', 'beta');
    const download = await lastValueFrom(
      storage.get('docs/a.txt', { download: true }).pipe(transferResult()),
    );
    expect(await download.body.text()).toBe('alpha');
    const folded = await firstValueFrom(storage.list('docs/', { subpaths: false }));
    expect(folded.items.map((item) => item.key)).toEqual(['docs/a.txt']);
    expect(folded.folders).toEqual(['docs/deep/']);
    const firstPage = await firstValueFrom(storage.list('docs/', { pageSize: 1 }));
    expect(firstPage.nextToken).toBeDefined();
    const secondPage = await firstValueFrom(
      storage.list('docs/', { pageSize: 1, nextToken: firstPage.nextToken }),
    );
    expect(secondPage.items.map((item) => item.key)).toEqual(['docs/deep/b.txt']);
    await lastValueFrom(
      storage.copy({ key: 'docs/a.txt' }, { key: 'docs/c.txt', level: 'private' }),
    );
    expect(controller.object('docs/c.txt', { level: 'private' })?.text()).toBe('alpha');
    const updated = await lastValueFrom(
      storage.updateMetadata('docs/a.txt', { description: 'two' }),
    );
    expect(updated.metadata).toEqual({ description: 'two' });
    expect((await lastValueFrom(storage.getProperties('docs/a.txt'))).size).toBe(5);
    const removed = await lastValueFrom(storage.remove('docs/', { prefix: true }));
    expect(removed).toEqual({ type: 'result', path: 'docs/', deleted: 2 });
    expect(controller.objects().map((o) => o.fullKey)).toEqual([
      `private/${TESTING_IDENTITY_ID}/docs/c.txt`,
    ]);
  });

  it('uploads above the multipart threshold in parts, and reports NotFound for a missing object', async () => {
    const body = new Uint8Array(6 * MiB).map((_, i) => i % 251);
    await lastValueFrom(storage.put('big.bin', new Blob([body])));
    expect(controller.object('big.bin')?.size).toBe(6 * MiB);
    expect(controller.object('big.bin')?.bytes()[300]).toBe(300 % 251);
    expect(controller.requests().map((r) => r.operation)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
    ]);
    expect((await errorOf(storage.getProperties('missing.txt'))).code).toBe('NotFound');
  });

  it('keeps the levels per identity: protected readable by others, private not', async () => {
    await controller.seed('p.txt', 'mine', { level: 'protected' });
    await controller.seed('s.txt', 'secret', { level: 'private' });
    controller.signInAs(OTHER);
    const download = await lastValueFrom(
      storage
        .get('p.txt', { download: true, level: 'protected', identityId: TESTING_IDENTITY_ID })
        .pipe(transferResult()),
    );
    expect(await download.body.text()).toBe('mine');
    // PutOptions has no identityId: passing one anyway is what an attacker's client would do.
    const intrusion = { level: 'protected', identityId: TESTING_IDENTITY_ID } as PutOptions;
    const overwrite = await errorOf(storage.put('p.txt', 'theirs', intrusion));
    expect(overwrite.code).toBe('AccessDenied');
    const peek = await errorOf(
      storage.get('s.txt', { download: true, level: 'private', identityId: TESTING_IDENTITY_ID }),
    );
    expect(peek.code).toBe('AccessDenied');
    expect((await firstValueFrom(storage.list('', { level: 'private' }))).items).toEqual([]);
    controller.signInAs(undefined);
    expect((await errorOf(storage.list('', { level: 'private' }))).code).toBe('NoIdentity');
    expect(
      controller.object('p.txt', { level: 'protected', identityId: TESTING_IDENTITY_ID })?.text(),
    ).toBe('mine');
  });

  it('makes the next put fail with an injected code, then works again', async () => {
    controller.failNext('put', 'AccessDenied');
    expect((await errorOf(storage.put('a.txt', 'x'))).code).toBe('AccessDenied');
    expect(controller.object('a.txt')).toBeUndefined();
    await lastValueFrom(storage.put('a.txt', 'x'));
    expect(controller.object('a.txt')?.text()).toBe('x');
  });

  it('fails every retry of a request with a network error, so the call fails; attempts: 1 lets the retry through', async () => {
    controller.failNext('list', 'NetworkError');
    const error = await errorOf(storage.list(''));
    expect(error.code).toBe('NetworkError');
    expect(controller.requests().filter((r) => r.fault === 'NetworkError').length).toBe(4);
    controller.failNext('list', 'ServiceError', { attempts: 1 });
    await firstValueFrom(storage.list(''));
    expect(
      controller
        .requests()
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([500, 200]);
  });

  it('hides the ETag of parts as a CORS rule without ETag would: MissingETag', async () => {
    controller.failNext('UploadPart', 'MissingETag');
    const error = await errorOf(storage.put('big.bin', new Blob([new Uint8Array(6 * MiB)])));
    expect(error.code).toBe('MissingETag');
    expect(error.message).toContain('ExposeHeaders');
  });

  it('fails the identity request when told: NoCredentials', async () => {
    controller.failCredentials();
    expect((await errorOf(storage.put('a.txt', 'x'))).code).toBe('NoCredentials');
  });

  it('holds requests to show an upload under way, and a cancel leaves nothing stored', async () => {
    controller.hold();
    const events: PutEvent[] = [];
    const upload = storage.put('held.txt', 'abcdef').subscribe((event) => events.push(event));
    await controller.nextRequest((r) => r.operation === 'PutObject');
    expect(controller.heldRequests().length).toBe(1);
    expect(events.at(-1)).toEqual({ type: 'progress', loaded: 3, total: 6 });
    upload.unsubscribe();
    expect(controller.heldRequests().length).toBe(0);
    controller.release();
    expect(controller.object('held.txt')).toBeUndefined();
    await lastValueFrom(storage.put('after.txt', 'ok'));
    expect(controller.object('after.txt')?.text()).toBe('ok');
  });

  it('counts open multipart uploads while held, and reset() empties bucket and log', async () => {
    controller.hold();
    const upload = lastValueFrom(storage.put('big.bin', new Blob([new Uint8Array(6 * MiB)])));
    await controller.nextRequest((r) => r.operation === 'CreateMultipartUpload');
    expect(controller.openUploads()).withContext('held before S3 opened it').toBe(0);
    expect(controller.release(1)).toBe(1); // one answered; the rest stay held
    await controller.nextRequest((r) => r.operation === 'UploadPart');
    expect(controller.openUploads()).toBe(1);
    controller.release();
    await upload;
    expect(controller.openUploads()).toBe(0);
    expect(controller.objects().length).toBe(1);
    controller.reset();
    expect(controller.objects()).toEqual([]);
    expect(controller.requests()).toEqual([]);
  });

  it('resolves a presigned URL from get() to its object', async () => {
    await controller.seed('img.png', new Blob(['png'], { type: 'image/png' }));
    const { url } = await firstValueFrom(storage.get('img.png'));
    expect(url).toContain('X-Amz-Signature=');
    expect(controller.objectAt(url)?.contentType).toBe('image/png');
    expect(controller.objectAt('https://elsewhere.example/x')).toBeUndefined();
  });

  it('starts signed out with identityId: null, and reloads components on sign-in (userChanges)', () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideStorageTesting({ identityId: null })] });
    const service = TestBed.inject(StorageService);
    const testing = TestBed.inject(StorageTestingController);
    expect(testing.identityId()).toBeUndefined();
    const before = service.userChanges();
    testing.signInAs(OTHER);
    expect(service.userChanges()).not.toBe(before);
    expect(testing.identityId()).toBe(OTHER);
  });
});

describe('provideStorageTesting with the app configuration and features', () => {
  it("keeps the app's configuration and tracking sinks, and merges its own config", async () => {
    const events: StorageEvent[] = [];
    TestBed.configureTestingModule({
      providers: [
        provideAmplifyStorage(
          { bucket: 'app-bucket', region: 'eu-west-1', customPrefix: { public: 'shared/' } },
          withTracking({ record: (event) => events.push(event) }),
        ),
        provideStorageTesting({ config: { level: 'protected' } }),
      ],
    });
    const storage = TestBed.inject(StorageService);
    const controller = TestBed.inject(StorageTestingController);
    await lastValueFrom(storage.put('a.txt', 'x', { track: true }));
    await lastValueFrom(storage.put('b.txt', 'y', { level: 'public' }));
    expect(controller.objects().map((o) => o.fullKey)).toEqual([
      `protected/${TESTING_IDENTITY_ID}/a.txt`,
      'shared/b.txt',
    ]);
    expect(events.map((e) => [e.method, e.result, e.level])).toEqual([
      ['put', 'success', 'protected'],
    ]);
  });
});
