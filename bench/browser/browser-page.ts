import { ChangeDetectionStrategy, Component } from '@angular/core';
import { StorageBrowser } from 'ngx-amplify-storage';

/** The folder the browser opens, from the page's query string (`?path=album-bench/`). */
const FOLDER = new URLSearchParams(location.search).get('path') ?? '';

/** One storage browser as an app would place it: public level, list view, 960 pixels wide. */
@Component({
  selector: 'bench-browser',
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
