import { ChangeDetectionStrategy, Component } from '@angular/core';
import { FormsDemo } from '../features/forms-demo';
import { I18nDemo } from '../features/i18n-demo';
import { SignalsDemo } from '../features/signals-demo';

/**
 * How the library fits an Angular app: forms, signals and translated strings.
 */
@Component({
  selector: 'app-angular-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsDemo, SignalsDemo, I18nDemo],
  template: `
    <div class="page-intro">
      <h1>Angular</h1>
      <p>
        The library as part of an Angular app: its components in forms, its state as signals, and
        its strings translated through <code>StorageIntl</code> and <code>StorageBrowserIntl</code>,
        the injectable classes that hold every user-facing text of the components.
      </p>
    </div>
    <div class="cards">
      <app-forms-demo class="card" />
      <app-signals-demo class="card" />
      <app-i18n-demo class="card" />
    </div>
  `,
})
export class AngularPage {}
