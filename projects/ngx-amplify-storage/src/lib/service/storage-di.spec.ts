import { TestBed } from '@angular/core/testing';
import { lastValueFrom, toArray } from 'rxjs';
import {
  localSettings,
  loginsFor,
  patternedBytes,
  uniquePath,
} from '../../../spec-support/local-backend';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage, withMaxConcurrentTransfers } from '../provide-amplify-storage';
import { RESUMABLE_UPLOAD_STORE, ResumableUpload, ResumeStore } from '../transfer/resume-store';
import {
  BrowserHttpHandler,
  SdkHttpRequest,
  TransferProgress,
} from '../transport/browser-http-handler';
import { STORAGE_TRANSPORT, StorageTransport } from '../transport/storage-transport';
import { StorageService } from './storage.service';
import { PutEvent } from './storage-types';

/** A real transport that also writes down every request it sends: an app's replacement, as HttpBackend can be replaced. */
class RecordingTransport implements StorageTransport {
  readonly sent: string[] = [];
  private readonly inner = new BrowserHttpHandler();

  handle(request: SdkHttpRequest, options?: { abortSignal?: unknown }) {
    this.sent.push(`${request.method} ${request.path}`);
    return this.inner.handle(request, options);
  }

  watch(signal: AbortSignal, listener: (progress: TransferProgress) => void): void {
    this.inner.watch(signal, listener);
  }
}

/** A resume store in memory: a real implementation of the interface, as a test or a server-rendered app would give. */
class MemoryResumeStore implements ResumeStore {
  readonly records = new Map<string, ResumableUpload>();
  readonly saved: string[] = [];

  async find(id: string, maxAgeMs: number) {
    const record = this.records.get(id);
    return record && Date.now() - record.createdAt <= maxAgeMs ? record : undefined;
  }

  async save(upload: ResumableUpload) {
    this.saved.push(upload.id);
    this.records.set(upload.id, upload);
  }

  async delete(id: string) {
    this.records.delete(id);
  }

  async purgeExpired() {
    return [];
  }
}

function setUp(
  providers: unknown[],
  ...features: Parameters<typeof provideAmplifyStorage>[1][]
): StorageService {
  TestBed.configureTestingModule({
    providers: [provideAmplifyStorage(localSettings(), ...features), ...(providers as never[])],
  });
  TestBed.inject(CognitoCredentials).setLogins(loginsFor('alice'));
  return TestBed.inject(StorageService);
}

describe('StorageService through DI', () => {
  it('sends through a transport provided for STORAGE_TRANSPORT', async () => {
    const transport = new RecordingTransport();
    const storage = setUp([{ provide: STORAGE_TRANSPORT, useValue: transport }]);
    const key = `${uniquePath('transport')}note.txt`;
    await lastValueFrom(storage.put(key, 'through the provided transport'));
    expect(
      transport.sent.some(
        (request) => request.startsWith('PUT ') && request.endsWith(key.split('/').pop() as string),
      ),
    ).toBeTrue();
  });

  it('remembers multipart uploads in a store provided for RESUMABLE_UPLOAD_STORE', async () => {
    const store = new MemoryResumeStore();
    const storage = setUp([{ provide: RESUMABLE_UPLOAD_STORE, useValue: store }]);
    const file = new File([patternedBytes(6 * 1024 * 1024, 5) as BlobPart], 'resumable.bin');
    const key = `${uniquePath('resume-store')}resumable.bin`;
    await lastValueFrom(storage.put(key, file));
    expect(store.saved.length).toBeGreaterThan(0);
    expect(store.saved.every((id) => id.includes(key))).toBeTrue();
    // A finished upload is forgotten.
    expect(store.records.size).toBe(0);
  });

  it('emits queued, then started once the transfer queue gives a slot', async () => {
    const storage = setUp([], withMaxConcurrentTransfers(1));
    const path = uniquePath('queue-events');
    const log: string[] = [];
    const upload = (name: string) =>
      new Promise<void>((resolve, reject) =>
        storage.put(`${path}${name}.txt`, name).subscribe({
          next: (event: PutEvent) => event.type !== 'progress' && log.push(`${name} ${event.type}`),
          error: reject,
          complete: resolve,
        }),
      );
    await Promise.all([upload('a'), upload('b')]);
    expect(log).toEqual(['a queued', 'a started', 'b queued', 'a result', 'b started', 'b result']);
    const downloaded = await lastValueFrom(
      storage.get(`${path}b.txt`, { download: true }).pipe(toArray()),
    );
    expect(downloaded.map((event) => event.type).filter((type) => type !== 'progress')).toEqual([
      'queued',
      'started',
      'result',
    ]);
  });
});
