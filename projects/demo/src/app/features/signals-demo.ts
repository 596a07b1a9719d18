import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { AccessLevel, storageList, storageUrl } from 'ngx-amplify-storage';

/**
 * storageList and storageUrl: a folder's files as a signal that follows the path, the level and
 * the signed-in user, and a link to the chosen file whose URL is renewed before it expires.
 */
@Component({
  selector: 'app-signals-demo',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="signals-heading">
      <h2 id="signals-heading">Signals: storageList and storageUrl</h2>
      <label>
        Folder
        <input class="signals-path" [value]="path()" (change)="path.set(field.value)" #field />
      </label>
      <label>
        Level
        <select
          class="signals-level"
          (change)="level.set($any(levelField.value)); chosen.set(undefined)"
          #levelField
        >
          @for (option of levels; track option) {
            <option [value]="option" [selected]="option === level()">{{ option }}</option>
          }
        </select>
      </label>

      <ul class="signals-files" [attr.aria-busy]="files.isLoading()">
        @for (item of files.value()?.items; track item.key) {
          <li>
            <button type="button" class="signals-file" (click)="chosen.set(item.key)">
              {{ item.key }}
            </button>
          </li>
        } @empty {
          @if (!files.isLoading()) {
            <li>No files here.</li>
          }
        }
      </ul>
      @if (files.error(); as error) {
        <p class="error" role="alert">{{ error.message }}</p>
      }

      @if (url.value(); as href) {
        <p class="signals-url">
          <a [href]="href" target="_blank" rel="noopener">Open {{ chosen() }}</a>
          (a one-minute URL, renewed before it expires)
        </p>
      }
      @if (url.error(); as error) {
        <p class="error" role="alert">{{ error.message }}</p>
      }
    </section>
  `,
})
export class SignalsDemo {
  /** The levels to choose from. */
  protected readonly levels: readonly AccessLevel[] = ['public', 'protected', 'private'];
  /** The folder listed. */
  readonly path = signal('');
  /** The level listed and linked. */
  readonly level = signal<AccessLevel>('public');
  /** The key whose URL is shown. */
  readonly chosen = signal<string | undefined>(undefined);

  /** The folder's files: listed again when the path, the level or the user changes. */
  readonly files = storageList(this.path, () => ({ level: this.level() }));
  /** A URL of the chosen file, valid one minute and renewed before then. */
  readonly url = storageUrl(this.chosen, () => ({ level: this.level(), expires: 60 }));
}
