import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { AccessLevel, StorageBody, StorageService } from 'ngx-amplify-storage';
import { Subscription } from 'rxjs';
import { BytesPipe } from './bytes.pipe';
import { errorMessage } from './error-message';

/** One upload, as the list of uploads shows it. */
interface Upload {
  id: number;
  key: string;
  level: AccessLevel;
  user: string;
  loaded: number;
  total: number | undefined;
  status: 'uploading' | 'done' | 'failed' | 'cancelled';
  error?: string;
}

/** Uploads files and text notes at the chosen level, with progress and Cancel. */
@Component({
  selector: 'app-upload-panel',
  imports: [BytesPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './upload-panel.html',
})
export class UploadPanel {
  private readonly storage = inject(StorageService);
  private readonly running = new Map<number, Subscription>();
  private nextId = 0;

  readonly level = input.required<AccessLevel>();
  /** Who is uploading, for the record only: the library signs as the current user. */
  readonly user = input.required<string>();
  /** Emits the key of each upload that finished. */
  readonly uploaded = output<string>();

  protected readonly uploads = signal<Upload[]>([]);
  protected readonly hasFinished = computed(() =>
    this.uploads().some((upload) => upload.status !== 'uploading'),
  );

  constructor() {
    // Leaving the page cancels what is still running.
    inject(DestroyRef).onDestroy(() =>
      this.running.forEach((subscription) => subscription.unsubscribe()),
    );
  }

  protected uploadFiles(picker: HTMLInputElement): void {
    for (const file of Array.from(picker.files ?? [])) this.start(file.name, file, file.size);
    picker.value = ''; // so that choosing the same file again uploads it again
  }

  protected uploadNote(event: SubmitEvent, key: string, text: string): void {
    event.preventDefault(); // a native form: stay on the page
    this.start(key.trim(), text, new TextEncoder().encode(text).length);
  }

  protected cancel(id: number): void {
    // Unsubscribing aborts the request; the object is not created.
    this.running.get(id)?.unsubscribe();
    this.running.delete(id);
    this.patch(id, { status: 'cancelled' });
  }

  protected clearFinished(): void {
    this.uploads.update((uploads) => uploads.filter((upload) => upload.status === 'uploading'));
  }

  private start(key: string, body: StorageBody, size: number): void {
    const id = ++this.nextId;
    const level = this.level();
    this.uploads.update((uploads) => [
      { id, key, level, user: this.user(), loaded: 0, total: size, status: 'uploading' },
      ...uploads,
    ]);
    const subscription = this.storage.put(key, body, { level }).subscribe({
      next: (event) => {
        if (event.type === 'progress')
          this.patch(id, { loaded: event.loaded, total: event.total ?? size });
      },
      error: (error) => {
        this.running.delete(id);
        this.patch(id, { status: 'failed', error: errorMessage(error) });
      },
      complete: () => {
        this.running.delete(id);
        this.patch(id, { status: 'done', loaded: size });
        this.uploaded.emit(key);
      },
    });
    if (!subscription.closed) this.running.set(id, subscription);
  }

  private patch(id: number, changes: Partial<Upload>): void {
    this.uploads.update((uploads) =>
      uploads.map((upload) => (upload.id === id ? { ...upload, ...changes } : upload)),
    );
  }
}
