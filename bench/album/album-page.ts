import { ChangeDetectionStrategy, Component } from '@angular/core';
import { S3Album } from 'ngx-amplify-storage';
import { pageParams } from '../lib/component-page';

/** The path whose objects the album shows, from the page's query string (`?path=album/`). */
const PATH = pageParams.get('path') ?? 'album/';

/** One album as an app would place it: public level, default tile size, 960 × 480 pixels. */
@Component({
  selector: 'bench-page',
  imports: [S3Album],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<amplify-s3-album level="public" label="Bench album" [path]="path" />`,
  styles: `
    :host {
      display: block;
      width: 960px;
      --amplify-album-height: 480px;
    }
  `,
})
export class AlbumPage {
  protected readonly path = PATH;
}
