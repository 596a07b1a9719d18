import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { AccessLevel, StorageService } from 'ngx-amplify-storage';
import { errorMessage } from './error-message';
import { FileRow } from './file-row';

/**
 * The files at one level under a path filter: the current user's, or with `owner` the protected
 * files of another identity (read-only). Lists again whenever an input or the filter changes.
 */
@Component({
  selector: 'app-file-table',
  imports: [FileRow],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './file-table.html',
})
export class FileTable {
  private readonly storage = inject(StorageService);

  readonly level = input.required<AccessLevel>();
  /** Identity ID whose files to list; default the current user's. */
  readonly owner = input<string>();
  /** The current user: a switch lists again, as the new user. */
  readonly user = input.required<string>();
  /** Bump to list again, e.g. after an upload. */
  readonly revision = input(0);
  /** Emits after a file was deleted. */
  readonly removed = output<string>();

  protected readonly path = signal('');
  protected readonly readOnly = computed(() => this.owner() !== undefined);
  protected readonly errorMessage = errorMessage;

  // rxResource (still experimental in Angular 21) lists again whenever a param changes, and
  // unsubscribes from the request in flight, which cancels it.
  protected readonly files = rxResource({
    params: () => ({
      path: this.path(),
      level: this.level(),
      identityId: this.owner(),
      user: this.user(),
      revision: this.revision(),
    }),
    stream: ({ params }) =>
      this.storage.list(params.path, { level: params.level, identityId: params.identityId }),
  });
}
