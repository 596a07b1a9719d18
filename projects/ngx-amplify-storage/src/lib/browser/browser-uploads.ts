import { signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { isStorageError } from '../errors/storage-error';
import { StorageService } from '../service/storage.service';
import { TransferControl } from '../transfer/transfer-control';
import { BrowserLocation } from './browser-access';
import { UploadSource, sourcesOfDrop, sourcesOfInput } from './browser-drop';
import { uploadKey } from './browser-path';

/** Where one upload of the storage browser stands. */
export type BrowserUploadState = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

/** One upload shown in the storage browser's upload list. */
export interface BrowserUpload {
  /** Tells uploads apart, also two of the same key. */
  id: number;
  /** The key it is stored under, relative to the level. */
  key: string;
  /** Its path as the user knows it (within a folder upload, with the folder). */
  name: string;
  /** Bytes sent. */
  loaded: number;
  /** Bytes in all. */
  total: number;
  /** Where it stands. */
  state: BrowserUploadState;
  /** Why it failed. */
  error?: unknown;
}

/** True once an upload can change no more. */
export function finished(state: BrowserUploadState): boolean {
  return state === 'done' || state === 'cancelled' || state === 'failed';
}

/**
 * The uploads a storage browser started: each with its progress and a TransferControl to pause,
 * resume or cancel it. The app-wide transfer queue decides how many run at once.
 */
export class BrowserUploads {
  /** Every upload not cleared, in the order started. */
  readonly items = signal<readonly BrowserUpload[]>([]);
  private readonly running = new Map<number, { control: TransferControl; sub: Subscription }>();
  private nextId = 0;

  /**
   * `settled` is told once a batch (the files of one pick or drop) has ended, with the keys it
   * stored, so that the browser lists the folder once per batch rather than once per file.
   */
  constructor(
    private readonly storage: StorageService,
    private readonly settled: (keys: string[]) => void,
  ) {}

  /** Uploads `sources` into `folder` at `location`, as one batch. */
  start(
    sources: readonly UploadSource[],
    folder: string,
    location: BrowserLocation,
    track?: boolean,
  ): void {
    const batch = new UploadBatch(sources.length, this.settled);
    for (const { file, relativePath } of sources) {
      const id = this.nextId++;
      const key = uploadKey(folder, { name: file.name, relativePath });
      const control = new TransferControl();
      const upload: BrowserUpload = {
        id,
        key,
        name: relativePath || file.name,
        loaded: 0,
        total: file.size,
        state: 'queued',
      };
      this.items.update((items) => [...items, upload]);
      const sub = this.storage.put(key, file, { level: location.level, control, track }).subscribe({
        next: (event) => {
          if (event.type === 'started') this.patch(id, { state: 'running' });
          else if (event.type === 'progress')
            this.patch(id, { loaded: event.loaded, total: event.total ?? file.size });
          else if (event.type === 'result') {
            this.patch(id, { state: 'done', loaded: file.size });
            batch.ended(key);
          }
        },
        error: (error: unknown) => {
          this.running.delete(id);
          this.patch(id, {
            state: isStorageError(error, 'Cancelled') ? 'cancelled' : 'failed',
            error,
          });
          batch.ended();
        },
        complete: () => this.running.delete(id),
      });
      if (!finished(this.find(id)?.state ?? 'done')) this.running.set(id, { control, sub });
    }
  }

  /** Pauses upload `id`. */
  pause(id: number): void {
    const entry = this.running.get(id);
    if (!entry) return;
    entry.control.pause();
    this.patch(id, { state: 'paused' });
  }

  /** Resumes paused upload `id`. */
  resume(id: number): void {
    const entry = this.running.get(id);
    if (!entry) return;
    entry.control.resume();
    this.patch(id, { state: 'running' });
  }

  /** Cancels upload `id`; what it had sent is deleted. */
  cancel(id: number): void {
    this.running.get(id)?.control.cancel();
  }

  /** Removes finished uploads from the list. */
  clearFinished(): void {
    this.items.update((items) => items.filter((item) => !finished(item.state)));
  }

  /** Empties the list (after `stopAll`, when the user changes). */
  clear(): void {
    this.items.set([]);
  }

  /** Aborts every upload under way (when the browser goes away). */
  stopAll(): void {
    for (const { sub } of this.running.values()) sub.unsubscribe();
    this.running.clear();
  }

  private find(id: number): BrowserUpload | undefined {
    return this.items().find((item) => item.id === id);
  }

  private patch(id: number, change: Partial<BrowserUpload>): void {
    this.items.update((items) =>
      // A finished upload stays as it ended: a late event must not revive it.
      items.map((item) => (item.id !== id || finished(item.state) ? item : { ...item, ...change })),
    );
  }
}

/**
 * The uploads of one pick or drop: counts them down as they end (stored, failed or cancelled) and
 * reports the keys stored when the last one has. A paused upload keeps its batch open.
 */
class UploadBatch {
  private readonly stored: string[] = [];

  constructor(
    private left: number,
    private readonly settled: (keys: string[]) => void,
  ) {}

  /** One upload has ended; `key` when it was stored. */
  ended(key?: string): void {
    if (key !== undefined) this.stored.push(key);
    if (--this.left === 0 && this.stored.length > 0) this.settled(this.stored);
  }
}

/** Where uploads go: the folder shown, at the location shown. */
export interface UploadTarget {
  folder: string;
  location: BrowserLocation;
  track: boolean | undefined;
}

/** The file inputs and the drop zone of a storage browser, feeding its uploads when uploading is permitted. */
export class BrowserDrops {
  /** True while files are dragged over the browser. */
  readonly dragging = signal(false);

  constructor(
    private readonly uploads: BrowserUploads,
    private readonly allowed: () => boolean,
    private readonly target: () => UploadTarget,
    /** Tells the user a drop could not be read (the entries API failed), rather than doing nothing. */
    private readonly unreadable: () => void,
  ) {}

  /** The file inputs' change: uploads what was picked, and empties the input for the next pick. */
  picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.upload(sourcesOfInput(input.files));
    input.value = '';
  }

  /** Accepts a drag of files where uploading is permitted. */
  dragOver(event: DragEvent): void {
    if (!this.allowed() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  /** Uploads the dropped files and folders. */
  async drop(event: DragEvent): Promise<void> {
    this.dragging.set(false);
    if (!this.allowed() || !event.dataTransfer) return;
    event.preventDefault();
    let sources: UploadSource[];
    try {
      sources = await sourcesOfDrop(event.dataTransfer);
    } catch {
      // Chromium refuses to read dropped folders on an opaque origin (file:, about:blank).
      this.unreadable();
      return;
    }
    this.upload(sources);
  }

  private upload(sources: UploadSource[]): void {
    if (sources.length === 0 || !this.allowed()) return;
    const { folder, location, track } = this.target();
    this.uploads.start(sources, folder, location, track);
  }
}
