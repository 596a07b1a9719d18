import { BaseHarnessFilters, HarnessPredicate } from '@angular/cdk/testing';
import { PreviewPickerHarness } from './preview-picker-harness';

/** Filters for PhotoPickerHarness. */
export interface PhotoPickerHarnessFilters extends BaseHarnessFilters {
  /** Only photo pickers whose button has this text. */
  label?: string | RegExp;
}

/** Drives an `amplify-photo-picker` in tests, independently of its DOM. */
export class PhotoPickerHarness extends PreviewPickerHarness {
  /** The photo picker's selector. */
  static hostSelector = 'amplify-photo-picker';

  protected readonly readErrorSelector = '.amplify-photo-picker-error';
  private readonly previewImage = this.locatorForOptional('.amplify-photo-picker-preview');

  /** A predicate for photo pickers that match `options`. */
  static with(options: PhotoPickerHarnessFilters = {}): HarnessPredicate<PhotoPickerHarness> {
    return new HarnessPredicate(PhotoPickerHarness, options).addOption(
      'label',
      options.label,
      async (harness, label) =>
        HarnessPredicate.stringMatches((await harness.getPicker()).getLabel(), label),
    );
  }

  /** The preview's `src` (a data URL), or null when no preview is shown. */
  async getPreviewSrc(): Promise<string | null> {
    return (await this.previewImage())?.getAttribute('src') ?? null;
  }

  /** The preview's alternative text, or null when no preview is shown. */
  async getPreviewAlt(): Promise<string | null> {
    return (await this.previewImage())?.getAttribute('alt') ?? null;
  }
}
