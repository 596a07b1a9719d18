// The library's second lazy boundary (the first is s3-sdk.ts): everything StorageService runs
// once a call is made, loaded with import() on the first call. The call template, the S3
// session, every operation, and through them the transport, multipart uploads, ranged downloads,
// the IndexedDB resume store and the presigner stay out of an app's initial bundle (issue 13:
// at most 8 kB of initial growth for a StorageService-only app). The injection tokens are marked
// `/* @__PURE__ */` so that a bundler may drop unused ones; in the bench app that changed nothing,
// because esbuild puts a file in every chunk whose entry reaches it, and the public API reaches
// the token files whose default factories name the transport and resume-store classes
// (bench/README.md, "Measured figures").
import { inject } from '@angular/core';
import { StorageConfigStore } from '../config/storage-config-store';
import { StorageCredentialsProvider } from '../credentials/credentials-provider';
import { STORAGE_EVENT_SINKS } from '../tracking/event-sink';
import { ResumableUploadStore } from '../transfer/resumable-upload-store';
import { RESUMABLE_UPLOAD_STORE, ResumeStore } from '../transfer/resume-store';
import { TRANSFER_OPTIONS } from '../transfer/transfer-options';
import { TransferQueue } from '../transfer/transfer-queue';
import { BrowserHttpHandler } from '../transport/browser-http-handler';
import { STORAGE_TRANSPORT, StorageTransport } from '../transport/storage-transport';
import { CallTemplate } from './call-template';
import { MultipartUploads } from './operations/put-in-parts';
import { StorageKit } from './operations/storage-kit';
import { S3Session } from './s3-session';
import { RequestLimiter } from '../transfer/request-limiter';

export { copy } from './operations/copy';
export { download } from './operations/download';
export { getProperties } from './operations/get-properties';
export { getUrl } from './operations/get-url';
export { list } from './operations/list';
export { put } from './operations/put';
export { removeKey } from './operations/remove';
export { removePrefix } from './operations/remove-prefix';
export { updateMetadata } from './operations/update-metadata';

// The defaults of STORAGE_TRANSPORT and RESUMABLE_UPLOAD_STORE, made here rather than by factories
// on the tokens, which would pull their classes into the initial bundle. One of each per page, as
// a root-provided factory would make.
let defaultTransport: StorageTransport | undefined;
let defaultResumeStore: ResumeStore | undefined;

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
  return {
    calls: new CallTemplate(configStore, session, inject(STORAGE_EVENT_SINKS)),
    queue: inject(TransferQueue),
    transfers,
    multipart: new MultipartUploads(
      inject(RESUMABLE_UPLOAD_STORE, { optional: true }) ??
        (defaultResumeStore ??= new ResumableUploadStore()),
      transfers,
    ),
  };
}
