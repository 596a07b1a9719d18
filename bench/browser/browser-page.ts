import { ChangeDetectionStrategy, Component } from '@angular/core';
import { StorageBrowser } from 'ngx-amplify-storage';
import { pageParams } from '../lib/component-page';

/** The folder the browser opens, from the page's query string (`?path=album-bench/`). */
const FOLDER = pageParams.get('path') ?? '';

/** One storage browser as an app would place it: public level, list view, 960 pixels wide. */
@Component({
  selector: 'bench-page',
  imports: [StorageBrowser],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<amplify-storage-browser [folder]="folder" />`,
  styles: `
    :host {
      display: block;
      width: 960px;
      --amplify-browser-height: 480px;
    }
  `,
})
export class BrowserPage {
  protected readonly folder = FOLDER;
}
