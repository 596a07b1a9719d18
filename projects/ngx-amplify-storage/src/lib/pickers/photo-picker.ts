import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { IMAGE_ACCEPT } from '../display/content-type';
import { EmbeddedPicker } from './embedded-picker';
import { StorageIntl } from '../i18n/storage-intl';
import { PreviewPicker, PreviewReadAs } from './preview-picker';

/**
 * Picks photos (any `image/*` by default), previews the last one and uploads each, like
 * `amplify-picker`, which it wraps. `(loaded)` gives each photo as a data URL.
 */
@Component({
  selector: 'amplify-photo-picker',
  imports: [EmbeddedPicker],
  templateUrl: './preview-picker.html',
  styleUrl: './preview-picker.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-photo-picker' },
})
export class PhotoPicker extends PreviewPicker {
  /** File types to accept; default `image/*`. */
  readonly accept = input(IMAGE_ACCEPT);

  /** How picked files are read and previewed. */
  protected readonly readAs: PreviewReadAs = 'dataUrl';
  /** The start of the error and preview classes. */
  protected readonly classPrefix = 'amplify-photo-picker';
  /** The button's default text. */
  protected labels(intl: StorageIntl): { one: string; many: string } {
    return { one: intl.choosePhoto, many: intl.choosePhotos };
  }
}
