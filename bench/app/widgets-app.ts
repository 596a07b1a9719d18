// The minimal app plus the photo picker and the album: what the components add to a bundle
// (`ng build bench -c widgets`, measured by tools/bundle-size.mjs).
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { PhotoPicker, S3Album } from 'ngx-amplify-storage';
import { StorageApp } from './storage-app';

@Component({
  selector: 'bench-widgets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PhotoPicker, S3Album, StorageApp],
  template: `
    <bench-root />
    <amplify-photo-picker />
    <amplify-s3-album path="photos/" />
  `,
})
export class WidgetsApp {}
