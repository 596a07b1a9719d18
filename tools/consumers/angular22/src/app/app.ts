import { ChangeDetectionStrategy, Component, NgZone, VERSION, inject } from '@angular/core';
import { PhotoPicker, StorageService } from 'ngx-amplify-storage';

/** What the smoke spec reads: the Angular version, the change detection in use and the configuration ng add wrote. */
@Component({
  selector: 'app-root',
  imports: [PhotoPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p id="angular">{{ angular }}</p>
    <p id="zone">{{ zone }}</p>
    <p id="storage">{{ storage }}</p>
    <p id="bucket">{{ bucket }}</p>
    <amplify-photo-picker path="smoke/" />
  `,
})
export class App {
  readonly angular = VERSION.full;
  readonly zone = NgZone.isInAngularZone() ? 'zone.js' : 'zoneless';
  readonly storage =
    inject(StorageService) instanceof StorageService
      ? 'StorageService provided'
      : 'no StorageService';
  // The configuration in force, through the public API (an empty update merges nothing); throws,
  // failing the bootstrap, if ng add left a placeholder or wrote no configuration.
  readonly bucket = inject(StorageService).configure({}).bucket;
}
