// The library's second lazy boundary (the first is s3-sdk.ts): everything StorageService runs
// once a call is made, loaded with import() on the first call. The call template, the S3
// session, the transport and put stay out of an app's initial bundle (issue 13: at most 8 kB of
// initial growth for a StorageService-only app), and what a small put does not need is split
// further, loaded on first use: the other operations with the presigner and ranged downloads,
// and multipart uploads with the IndexedDB resume store (later-operations.ts), and MD5
// (transfer/md5.ts). esbuild puts a file that the initial entry reaches through imports, and
// that a lazy chunk uses, in the initial bundle; so the public API reaches only token files
// (transfer-limits.ts, resume-store.ts, storage-transport.ts), never the classes.
import { inject } from '@angular/core';
import { Observable } from 'rxjs';
import { StorageConfigStore } from '../config/storage-config-store';
import { StorageCredentialsProvider } from '../credentials/credentials-provider';
import { STORAGE_EVENT_SINKS } from '../tracking/event-sink';
import { RESUMABLE_UPLOAD_STORE } from '../transfer/resume-store';
import { TRANSFER_OPTIONS } from '../transfer/transfer-options';
import { TransferQueue } from '../transfer/transfer-queue';
import { BrowserHttpHandler } from '../transport/browser-http-handler';
import { STORAGE_TRANSPORT, StorageTransport } from '../transport/storage-transport';
import { CallTemplate } from './call-template';
import { loadOnce, onFirstUse } from './on-first-use';
import { StorageKit } from './operations/storage-kit';
import { S3Session } from './s3-session';
import { RequestLimiter } from '../transfer/request-limiter';

export { put } from './operations/put';

type LaterOperations = typeof import('./later-operations');
const later = onFirstUse<LaterOperations>(() => import('./later-operations'));

/** An operation of later-operations.ts, with its own signature, loading the chunk on first call. */
function laterOperation<K extends Exclude<keyof LaterOperations, 'multipartUploads'>>(
  name: K,
): LaterOperations[K] {
  type AnyOperation = (...args: unknown[]) => Observable<unknown>;
  const call = (...args: unknown[]) =>
    later((operations) => (operations[name] as AnyOperation)(...args));
  return call as LaterOperations[K];
}

export const copy = laterOperation('copy');
export const download = laterOperation('download');
export const getProperties = laterOperation('getProperties');
export const getUrl = laterOperation('getUrl');
export const list = laterOperation('list');
export const removeKey = laterOperation('removeKey');
export const removePrefix = laterOperation('removePrefix');
export const updateMetadata = laterOperation('updateMetadata');

// The default of STORAGE_TRANSPORT, made here rather than by a factory on the token, which would
// pull the class into the initial bundle. One per page, as a root-provided factory would make.
let defaultTransport: StorageTransport | undefined;

/** The operations' shared kit, from the app's tokens; call it in the service's injection context. */
export function createKit(
  configStore: StorageConfigStore,
  credentials: StorageCredentialsProvider,
): StorageKit {
  const transfers = inject(TRANSFER_OPTIONS);
  const session = new S3Session(
    credentials,
    inject(STORAGE_TRANSPORT, { optional: true }) ??
      (defaultTransport ??= new BrowserHttpHandler()),
    transfers,
    inject(RequestLimiter),
  );
  const store = inject(RESUMABLE_UPLOAD_STORE, { optional: true });
  const multipart = loadOnce(() =>
    import('./later-operations').then((chunk) => chunk.multipartUploads(store, transfers)),
  );
  return {
    calls: new CallTemplate(configStore, session, inject(STORAGE_EVENT_SINKS)),
    queue: inject(TransferQueue),
    transfers,
    multipart: { upload: (...args) => multipart().then((uploads) => uploads.upload(...args)) },
  };
}
