import { ChangeDetectionStrategy, Component } from '@angular/core';
import {
  AlbumTileTemplate,
  PhotoPicker,
  Picker,
  S3Album,
  S3Image,
  S3Text,
  StorageBrowser,
  TextPicker,
  storageList,
  storageUrl,
} from 'ngx-amplify-storage';

/**
 * Every component and signal helper of the library on one page, showing the objects the test
 * seeded under `ssr/`. Each of the hidden image, `storageUrl` and the custom album tile of a
 * non-image file keeps a URL-renewal timer running, which must not keep the zone.js app unstable.
 */
@Component({
  selector: 'app-root',
  imports: [
    Picker,
    PhotoPicker,
    TextPicker,
    S3Image,
    S3Text,
    S3Album,
    AlbumTileTemplate,
    StorageBrowser,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Server-rendered storage</h1>
    <amplify-picker path="ssr/uploads/" />
    <amplify-photo-picker path="ssr/uploads/" />
    <amplify-text-picker />
    <amplify-s3-image imgKey="ssr/cat.png" alt="A cat" />
    <amplify-s3-image class="hidden-image" imgKey="ssr/cat.png" hidden />
    <amplify-s3-text textKey="ssr/note.txt" />
    <amplify-s3-album class="plain-album" path="ssr/" [picker]="true" />
    <amplify-s3-album class="custom-album" path="ssr/" label="Links">
      <ng-template amplifyAlbumTile let-item let-url="url">
        <a class="custom-tile" [attr.href]="url ?? null">{{ item.name }}</a>
      </ng-template>
    </amplify-s3-album>
    <amplify-storage-browser folder="ssr/" [guest]="true" />
    <a class="note-link" [attr.href]="noteUrl.value() ?? null">{{
      noteUrl.value() ? 'The note' : 'No link yet'
    }}</a>
    <p class="file-count">
      @if (files.value(); as listed) {
        {{ listed.items.length }} files listed
      } @else {
        No listing yet
      }
    </p>
  `,
})
export class App {
  /** A presigned URL as a signal, renewed before it expires. */
  protected readonly noteUrl = storageUrl('ssr/note.txt');
  /** The seeded objects as a signal. */
  protected readonly files = storageList('ssr/');
}
