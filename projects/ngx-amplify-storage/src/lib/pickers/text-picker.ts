import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TEXT_ACCEPT } from '../display/content-type';
import { EmbeddedPicker } from './embedded-picker';
import { StorageIntl } from '../i18n/storage-intl';
import { PreviewPicker, PreviewReadAs } from './preview-picker';

/**
 * Picks text files, shows the last one's text and uploads each, like `amplify-picker`, which it
 * wraps. `(loaded)` gives each file's text. The text is shown as text, never as HTML.
 */
@Component({
  selector: 'amplify-text-picker',
  imports: [EmbeddedPicker],
  templateUrl: './preview-picker.html',
  styleUrl: './preview-picker.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-text-picker' },
})
export class TextPicker extends PreviewPicker {
  /** File types to accept; default the text files S3Text and the album show (`text/*`, Markdown, CSV, TSV, JSON, XML, YAML, logs). */
  readonly accept = input(TEXT_ACCEPT);

  /** How picked files are read and previewed. */
  protected readonly readAs: PreviewReadAs = 'text';
  /** The start of the error and preview classes. */
  protected readonly classPrefix = 'amplify-text-picker';
  /** The button's default text. */
  protected labels(intl: StorageIntl): { one: string; many: string } {
    return { one: intl.chooseTextFile, many: intl.chooseTextFiles };
  }
}
