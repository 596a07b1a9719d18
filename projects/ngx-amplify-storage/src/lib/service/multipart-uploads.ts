import { ResumableUploadStore } from '../transfer/resumable-upload-store';
import { ResumeStore } from '../transfer/resume-store';
import { TransferOptions } from '../transfer/transfer-options';
import { MultipartUploads } from './operations/put-in-parts';

// The multipart uploads and the IndexedDB resume store, loaded (with later-operations.ts) when a
// put first goes above the multipart threshold (issue 13: a small put does not download them).

// The default of RESUMABLE_UPLOAD_STORE, made here rather than by a factory on the token, which
// would pull the class into the initial bundle. One per page, as a root-provided factory would make.
let defaultResumeStore: ResumeStore | undefined;

/** The service's multipart uploads, on the app's resume store or else the IndexedDB one. */
export function multipartUploads(
  store: ResumeStore | null,
  transfers: TransferOptions,
): MultipartUploads {
  return new MultipartUploads(
    store ?? (defaultResumeStore ??= new ResumableUploadStore()),
    transfers,
  );
}
