import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FileTable } from './file-table';
import { IdentityDirectory } from './identity-directory';

/**
 * Reads another user's protected files, by their identity ID: picked from the identities seen in
 * this browser, or typed in. Private files are never offered: only their owner may read them.
 */
@Component({
  selector: 'app-protected-browser',
  imports: [FileTable],
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
}
