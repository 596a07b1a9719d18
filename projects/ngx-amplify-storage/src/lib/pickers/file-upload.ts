import { WritableSignal, computed, signal } from '@angular/core';
import { Observable, Subscription } from 'rxjs';
import { PutEvent } from '../service/storage-types';
import { StorageErrorCode, isStorageError } from '../errors/storage-error';
import { StorageIntl } from '../i18n/storage-intl';

/**
 * Where one picked file stands: `picked` when the picker only picks; `processing` while the
 * picker's `processFile` runs on it; the rest while or after it uploads.
 */
export type FileUploadStatus =
  'picked' | 'processing' | 'queued' | 'uploading' | 'done' | 'cancelled' | 'failed';

/** What a picker's `uploaded` output emits when one file has been stored. */
export interface UploadedFile {
  /** The key the file was stored at, relative to the level's prefix. */
  key: string;
  /** The stored object's ETag, when the bucket's CORS rules expose it. */
  eTag?: string;
  /** The file stored: the picked file, or what the picker's `processFile` made of it. */
  file: File;
}

/** Why a row failed: the error's code and the step that failed, which pick the sentence shown. */
export interface UploadFailure {
  /** The StorageError's code; `Unknown` for anything else. */
  code: StorageErrorCode | 'Unknown';
  /** `processing` when `processFile` failed or gave no usable file; `upload` otherwise. */
  stage: 'processing' | 'upload';
  /** The error's own message, written for developers (never shown in the row). */
  detail: string;
}

/** The sentence a user sees for a failed row, in the app's language. */
export function uploadFailureText(failure: UploadFailure, name: string, intl: StorageIntl): string {
  if (failure.stage === 'processing') return intl.processingFailed(name);
  switch (failure.code) {
    case 'AccessDenied':
      return intl.uploadDenied;
    case 'NetworkError':
      return intl.uploadUnreachable;
    case 'InvalidKey':
    case 'KeyTooLong':
      return intl.uploadBadName(name);
    default:
      return intl.uploadFailed;
  }
}

let nextUploadId = 0;

/**
 * One row of a picker: a picked file and, when it is uploaded, the state of its processing and
 * upload in signals (so that progress reported outside Angular still renders in zoneless apps)
 * and the handle that cancels it.
 */
export class FileUpload {
  /** Identity for `@for` tracking: two picks of the same file are two rows. */
  readonly id = ++nextUploadId;
  /** The picked file's name, which the row shows throughout (processing may rename the file it uploads). */
  readonly name: string;
  /** The file to upload: the picked file, then what `processFile` made of it. */
  readonly file: WritableSignal<File>;
  /** Where the upload stands. */
  readonly status: WritableSignal<FileUploadStatus>;
  /** Bytes sent so far. */
  readonly loaded = signal(0);
  /** Bytes in all. */
  readonly total = signal(1);
  /** Why the upload failed; the row shows a sentence from StorageIntl for it (uploadFailureText). */
  readonly failure = signal<UploadFailure | undefined>(undefined);
  /** True while Cancel still has something to stop. */
  readonly cancellable = computed(() =>
    ['processing', 'queued', 'uploading'].includes(this.status()),
  );
  /** Share of the bytes sent, 0 to 100. */
  readonly percent = computed(() =>
    Math.min(100, Math.floor((this.loaded() / this.total()) * 100)),
  );

  private subscription: Subscription | undefined;
  // Set when the row is cancelled or the picker goes away: a processing that ends later must not start an upload.
  private stopped = false;

  /** True once the row was cancelled or its picker went away: nothing more may start for it. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * @param picked The picked file.
   * @param uploads Whether the picker uploads it (false: it only picks).
   */
  constructor(picked: File, uploads: boolean) {
    this.name = picked.name;
    this.file = signal(picked);
    this.status = signal<FileUploadStatus>(uploads ? 'queued' : 'picked');
    this.setTotal(picked);
  }

  /**
   * Shows the row as processing until `processing` (the picker's `processFile` on this file)
   * settles; then calls `next` with the processed file, unless the row was cancelled or stopped
   * meanwhile, or fails the row with the error.
   */
  process(processing: Promise<File>, next: (file: File) => void): void {
    this.status.set('processing');
    processing.then(
      (file) => {
        if (this.stopped) return;
        this.file.set(file);
        this.setTotal(file);
        this.status.set('queued');
        next(file);
      },
      (error: unknown) => {
        if (!this.stopped) this.fail(error, 'processing');
      },
    );
  }

  /**
   * Subscribes to `upload` (StorageService.put of this row's file to `key`, which waits in the
   * TransferQueue for a slot): the row shows `queued` until the upload's `started` event.
   */
  run(key: string, upload: Observable<PutEvent>, done: (result: UploadedFile) => void): void {
    if (this.stopped) return;
    let eTag: string | undefined;
    this.subscription = upload.subscribe({
      next: (event) => {
        if (event.type === 'queued') return;
        if (event.type === 'started') {
          this.status.set('uploading');
        } else if (event.type === 'progress') {
          this.status.set('uploading');
          this.loaded.set(event.loaded);
          if (event.total) this.total.set(event.total);
        } else {
          eTag = event.eTag;
        }
      },
      error: (error: unknown) => this.fail(error),
      complete: () => {
        this.loaded.set(this.total());
        this.status.set('done');
        done({ key, eTag, file: this.file() });
      },
    });
  }

  /** Marks the row failed because of `error`, at `stage`. */
  fail(error: unknown, stage: UploadFailure['stage'] = 'upload'): void {
    this.status.set('failed');
    this.failure.set({
      code: isStorageError(error) ? error.code : 'Unknown',
      stage,
      detail: error instanceof Error ? error.message : String(error),
    });
  }

  /**
   * Stops the processing or upload (unsubscribing aborts the request, so no object is created)
   * and marks the row cancelled.
   */
  cancel(): void {
    if (!this.cancellable()) return;
    this.stop();
    this.status.set('cancelled');
  }

  /** Stops the upload, and any upload a processing under way would start, without touching the row, for when the picker goes away. */
  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
  }

  private setTotal(file: File): void {
    // File sizes are never 0 here (checkFiles and processPickedFile turn empty files away), but `<progress max=0>` would be invalid.
    this.total.set(Math.max(file.size, 1));
  }
}
