import { InjectionToken } from '@angular/core';

// The resume store's token and types, apart from the IndexedDB store (resumable-upload-store.ts):
// the public API reaches this file, and esbuild puts every file it reaches that the lazy storage
// engine also uses in the initial bundle.

/** A completed part, as CompleteMultipartUpload needs it. */
export interface CompletedPart {
  /** 1-based part number. */
  PartNumber: number;
  /** The part's ETag, as S3 returned it. */
  ETag: string;
}

/**
 * What is kept of an unfinished multipart upload so that it can be resumed after a reload,
 * without ListParts (which some S3-compatible servers lack): the upload ID and every part's ETag.
 */
export interface ResumableUpload {
  /** Bucket, full key, identity and the file's name, size and last-modified time. */
  id: string;
  /** The file's content fingerprint (fileFingerprint); records from before it have none. */
  fingerprint?: string;
  /** S3's multipart upload ID. */
  uploadId: string;
  /** Part size the upload was started with. */
  partSize: number;
  /** Parts S3 has confirmed. */
  parts: CompletedPart[];
  /** When the upload was started, ms since the epoch. */
  createdAt: number;
}
/** Where unfinished multipart uploads are remembered, so that they can resume after a reload. */
export interface ResumeStore {
  /** The remembered upload with this ID, if any and younger than `maxAgeMs`. */
  find(id: string, maxAgeMs: number): Promise<ResumableUpload | undefined>;
  /** Remembers (or updates) an upload. */
  save(upload: ResumableUpload): Promise<void>;
  /** Forgets an upload. */
  delete(id: string): Promise<void>;
  /** Forgets uploads older than `maxAgeMs`; returns them, so that their parts can be deleted. */
  purgeExpired(maxAgeMs: number): Promise<ResumableUpload[]>;
}

/** The resume store of StorageService; when none is provided, records are kept in IndexedDB. */
// No factory: the lazy storage engine makes the default, so the IndexedDB code stays out of the
// app's initial bundle (service/storage-engine.ts).
export const RESUMABLE_UPLOAD_STORE = /* @__PURE__ */ new InjectionToken<ResumeStore>(
  'RESUMABLE_UPLOAD_STORE',
);
