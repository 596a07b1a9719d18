import { ChangeDetectionStrategy, Component } from '@angular/core';
import { PhotoPicker, Picker, S3Album, S3Image, S3Text, TextPicker } from 'ngx-amplify-storage';

/** Every component of the library on one page, showing the objects the test seeded under `ssr/`. */
@Component({
  selector: 'app-root',
  imports: [Picker, PhotoPicker, TextPicker, S3Image, S3Text, S3Album],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Server-rendered storage</h1>
    <amplify-picker path="ssr/uploads/" />
    <amplify-photo-picker path="ssr/uploads/" />
    <amplify-text-picker />
    <amplify-s3-image imgKey="ssr/cat.png" alt="A cat" />
    <amplify-s3-text textKey="ssr/note.txt" />
    <amplify-s3-album path="ssr/" [picker]="true" />
  `,
})
export class App {}
