import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { S3Album } from 'ngx-amplify-storage';
import { FileTable } from './file-table';
import { IdentityDirectory } from './identity-directory';

/**
 * Reads another user's protected files, by their identity ID: picked from the users the backend
 * knows, or typed in. Private files are never offered: only their owner may read them.
 */
@Component({
  selector: 'app-protected-browser',
  imports: [S3Album, FileTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './protected-browser.html',
})
export class ProtectedBrowser {
  protected readonly directory = inject(IdentityDirectory);

  /** The current user, passed on so that a switch lists again. */
  readonly user = input.required<string>();
  readonly revision = input(0);

  /** The identity whose protected files are shown; empty for none. */
  protected readonly owner = signal('');
  /** The owner's user name when known, else the identity ID. */
  protected readonly ownerName = computed(
    () =>
      this.directory.entries().find((entry) => entry.identityId === this.owner())?.name ??
      this.owner(),
  );
}
