import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { AccessLevel, GetUrlResult, ListItem, StorageService } from 'ngx-amplify-storage';
import { Subscription } from 'rxjs';
import { BytesPipe } from './bytes.pipe';
import { errorMessage } from './error-message';

/** A download under way, or its result as an object URL to save. */
type Download =
  | { status: 'downloading'; loaded: number; total: number | undefined }
  | { status: 'ready'; objectUrl: string; fileName: string };

/** One listed file: open it through a presigned URL, download it, or delete it (after asking). */
@Component({
  selector: 'tr[app-file-row]',
  imports: [BytesPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './file-row.html',
})
export class FileRow {
  private readonly storage = inject(StorageService);
  private downloading: Subscription | undefined;

  readonly item = input.required<ListItem>();
  readonly level = input.required<AccessLevel>();
  /** Owner's identity ID when the file is another user's. */
  readonly owner = input<string>();
  readonly canDelete = input(true);
  /** Emits the key once the file is deleted. */
  readonly removed = output<string>();

  protected readonly link = signal<GetUrlResult | undefined>(undefined);
  protected readonly download = signal<Download | undefined>(undefined);
  /** Asking whether to delete, as a folder delete does: a deleted file cannot be brought back. */
  protected readonly confirming = signal(false);
  protected readonly deleting = signal(false);
  protected readonly error = signal<string | undefined>(undefined);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.downloading?.unsubscribe();
      this.revokeObjectUrl();
    });
  }

  /** A presigned URL: anyone holding it may read the file until it expires. */
  protected getLink(): void {
    this.error.set(undefined);
    this.storage
      .get(this.item().key, { level: this.level(), identityId: this.owner(), expires: 300 })
      .subscribe({
        next: (link) => this.link.set(link),
        error: (error) => this.error.set(errorMessage(error)),
      });
  }

  protected startDownload(): void {
    const key = this.item().key;
    this.error.set(undefined);
    this.revokeObjectUrl();
    this.download.set({ status: 'downloading', loaded: 0, total: this.item().size });
    this.downloading = this.storage
      .get(key, { download: true, level: this.level(), identityId: this.owner() })
      .subscribe({
        next: (event) => {
          if (event.type === 'progress') {
            this.download.set({
              status: 'downloading',
              loaded: event.loaded,
              total: event.total ?? this.item().size,
            });
          } else if (event.type === 'result') {
            const fileName = key.split('/').pop() || key;
            this.download.set({
              status: 'ready',
              objectUrl: URL.createObjectURL(event.body),
              fileName,
            });
          }
        },
        error: (error) => {
          this.download.set(undefined);
          this.error.set(errorMessage(error));
        },
      });
  }

  protected cancelDownload(): void {
    this.downloading?.unsubscribe();
    this.download.set(undefined);
  }

  /** First step of a delete: ask. */
  protected askToDelete(): void {
    this.error.set(undefined);
    this.confirming.set(true);
  }

  protected remove(): void {
    this.confirming.set(false);
    this.error.set(undefined);
    this.deleting.set(true);
    this.storage.remove(this.item().key, { level: this.level() }).subscribe({
      next: ({ key }) => this.removed.emit(key),
      error: (error) => {
        this.deleting.set(false);
        this.error.set(errorMessage(error));
      },
    });
  }

  private revokeObjectUrl(): void {
    const download = this.download();
    if (download?.status === 'ready') URL.revokeObjectURL(download.objectUrl);
  }
}
