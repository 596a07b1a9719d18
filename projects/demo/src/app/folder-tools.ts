import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { AccessLevel, StorageService } from 'ngx-amplify-storage';
import { Subscription } from 'rxjs';
import { BytesPipe } from './bytes.pipe';
import { errorMessage } from './error-message';

/** A folder delete, from counting what it would delete to its end. */
type FolderDelete =
  | { status: 'counting'; path: string }
  | { status: 'confirm'; path: string; count: number }
  | { status: 'deleting'; path: string; deleted: number; found: number }
  | { status: 'done' | 'cancelled'; path: string; deleted: number }
  | { status: 'failed'; path: string; message: string };

/**
 * The current user's folders at the chosen level: `list(path, { subpaths: false })` shows the
 * folders and files directly under a path, and `remove(path, { prefix: true })` deletes a folder
 * with everything in it, with progress and Cancel.
 */
@Component({
  selector: 'app-folder-tools',
  imports: [BytesPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './folder-tools.html',
})
export class FolderTools {
  private readonly storage = inject(StorageService);
  private running: Subscription | undefined;

  readonly level = input.required<AccessLevel>();
  /** The current user: a switch lists again, as the new user. */
  readonly user = input.required<string>();
  /** Bump to list again, e.g. after an upload. */
  readonly revision = input(0);
  /** Emits the path of a folder once its delete ends, however it ends. */
  readonly changed = output<string>();

  /** The folder shown, relative to the level; '' is the top. */
  protected readonly path = signal('');
  /** The folder above `path`. */
  protected readonly parent = computed(() => this.path().replace(/[^/]*\/?$/, ''));

  // Lists again on every change of input; a new listing cancels the one in flight.
  protected readonly listing = rxResource({
    params: () => ({
      path: this.path(),
      level: this.level(),
      user: this.user(),
      revision: this.revision(),
    }),
    stream: ({ params }) =>
      this.storage.list(params.path, { level: params.level, subpaths: false }),
  });

  /** The delete of the folder shown. Moving elsewhere forgets a pending question, never a delete under way. */
  protected readonly removal = linkedSignal<unknown, FolderDelete | undefined>({
    source: () => [this.path(), this.level(), this.user()],
    computation: (_, previous) =>
      previous?.value?.status === 'deleting' ? previous.value : undefined,
  });
  protected readonly errorMessage = errorMessage;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.running?.unsubscribe());
  }

  protected open(path: string): void {
    this.path.set(path);
  }

  /** First step: count what the delete would take, and ask. */
  protected askToDelete(): void {
    const path = this.path();
    // 'photos' would also match 'photos-old/…': the library refuses such a path, so let it say so.
    if (!path.endsWith('/')) return this.deleteFolder(path);
    this.removal.set({ status: 'counting', path });
    this.running = this.storage.list(path, { level: this.level() }).subscribe({
      next: ({ items }) => this.removal.set({ status: 'confirm', path, count: items.length }),
      error: (error) => this.removal.set({ status: 'failed', path, message: errorMessage(error) }),
    });
  }

  /** Deletes everything under `path`, in batches of up to 1000, showing how many are gone. */
  protected deleteFolder(path: string): void {
    this.removal.set({ status: 'deleting', path, deleted: 0, found: 0 });
    this.running = this.storage.remove(path, { level: this.level(), prefix: true }).subscribe({
      next: (event) => {
        if (event.type === 'progress')
          this.removal.set({
            status: 'deleting',
            path,
            deleted: event.deleted,
            found: event.found,
          });
        else this.removal.set({ status: 'done', path, deleted: event.deleted });
      },
      error: (error) => {
        this.removal.set({ status: 'failed', path, message: errorMessage(error) });
        this.changed.emit(path);
      },
      complete: () => this.changed.emit(path),
    });
  }

  /** Unsubscribing stops the delete: no further batch is sent (one already sent may still complete). */
  protected cancel(): void {
    this.running?.unsubscribe();
    const removal = this.removal();
    if (removal?.status === 'deleting') {
      this.removal.set({ status: 'cancelled', path: removal.path, deleted: removal.deleted });
      this.changed.emit(removal.path);
    } else {
      this.removal.set(undefined);
    }
  }
}
