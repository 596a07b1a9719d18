import { computed, signal } from '@angular/core';
import { Observable, Subscription } from 'rxjs';
import { formatBytes } from '../upload/file-rules';
import { PutEvent } from '../service/storage-types';

/** Where one picked file stands: `picked` when the picker only picks, the rest while or after it uploads. */
export type FileUploadStatus = 'picked' | 'queued' | 'uploading' | 'done' | 'cancelled' | 'failed';

/** What a picker's `uploaded` output emits when one file has been stored. */
export interface UploadedFile {
  /** The key the file was stored at, relative to the level's prefix. */
  key: string;
  /** The stored object's ETag, when the bucket's CORS rules expose it. */
  eTag?: string;
  /** The picked file. */
  file: File;
}

let nextUploadId = 0;

/**
 * One row of a picker: a picked file and, when it is uploaded, the state of its upload in signals
 * (so that progress reported outside Angular still renders in zoneless apps) and the handle that cancels it.
 */
export class FileUpload {
  /** Identity for `@for` tracking: two picks of the same file are two rows. */
  readonly id = ++nextUploadId;
  /** The file's size for people. */
  readonly size: string;
  /** Where the upload stands. */
  readonly status = signal<FileUploadStatus>('queued');
  /** Bytes sent so far. */
  readonly loaded = signal(0);
  /** Bytes in all. */
  readonly total = signal(1);
  /** Why the upload failed, in words a user understands. */
  readonly error = signal<string | undefined>(undefined);
  /** True while Cancel still has something to stop. */
  readonly cancellable = computed(() => this.status() === 'queued' || this.status() === 'uploading');
  /** Share of the bytes sent, 0 to 100. */
  readonly percent = computed(() => Math.min(100, Math.floor((this.loaded() / this.total()) * 100)));

  private subscription: Subscription | undefined;

  constructor(
    /** The picked file. */
    readonly file: File,
    /** The key it goes to; undefined when the picker only picks. */
    readonly key: string | undefined,
  ) {
    this.size = formatBytes(file.size);
    // File sizes are never 0 here (checkFiles turns empty files away), but `<progress max=0>` would be invalid.
    this.total.set(Math.max(file.size, 1));
    if (key === undefined) this.status.set('picked');
  }

  /**
   * Subscribes to `upload` (StorageService.put, which waits in the TransferQueue for a slot).
   * `waiting` tells, right after subscribing, whether the queue held it back: the queue has no
   * start event, and a started upload sends its first progress event only once bytes flow.
   */
  run(upload: Observable<PutEvent>, waiting: () => boolean, done: (result: UploadedFile) => void): void {
    let eTag: string | undefined;
    this.subscription = upload.subscribe({
      next: (event) => {
        if (event.type === 'progress') {
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
        done({ key: this.key ?? '', eTag, file: this.file });
      },
    });
    if (this.status() === 'queued' && !waiting()) this.status.set('uploading');
  }

  /** Marks the row failed with the message of `error`. */
  fail(error: unknown): void {
    this.status.set('failed');
    // StorageErrors carry a message that says what to do; anything else is unexpected.
    this.error.set(error instanceof Error ? error.message : `The upload failed: ${String(error)}.`);
  }

  /** Stops the upload (unsubscribing aborts the request, so no object is created) and marks the row cancelled. */
  cancel(): void {
    if (!this.cancellable()) return;
    this.stop();
    this.status.set('cancelled');
  }

  /** Stops the upload without touching the row, for when the picker goes away. */
  stop(): void {
    this.subscription?.unsubscribe();
  }
}
