import { ChangeDetectionStrategy, Component } from '@angular/core';

/**
 * How the library fits an Angular app: forms, signals and translated strings. The demos of
 * those parts are added here as they are written.
 */
@Component({
  selector: 'app-angular-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-intro">
      <h1>Angular</h1>
      <p>
        The library as part of an Angular app: its components in forms, its state as signals, and
        its strings translated through <code>StorageIntl</code>, the injectable class that holds
        every user-facing text of the components.
      </p>
    </div>
  `,
})
export class AngularPage {}
