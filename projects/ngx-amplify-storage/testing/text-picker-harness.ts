import { BaseHarnessFilters, HarnessPredicate } from '@angular/cdk/testing';
import { PreviewPickerHarness } from './preview-picker-harness';

/** Filters for TextPickerHarness. */
export interface TextPickerHarnessFilters extends BaseHarnessFilters {
  /** Only text pickers whose button has this text. */
  label?: string | RegExp;
}

/** Drives an `amplify-text-picker` in tests, independently of its DOM. */
export class TextPickerHarness extends PreviewPickerHarness {
  /** The text picker's selector. */
  static hostSelector = 'amplify-text-picker';

  protected readonly readErrorSelector = '.amplify-text-picker-error';
  private readonly preview = this.locatorForOptional('.amplify-text-picker-preview');

  /** A predicate for text pickers that match `options`. */
  static with(options: TextPickerHarnessFilters = {}): HarnessPredicate<TextPickerHarness> {
    return new HarnessPredicate(TextPickerHarness, options).addOption(
      'label',
      options.label,
      async (harness, label) =>
        HarnessPredicate.stringMatches((await harness.getPicker()).getLabel(), label),
    );
  }

  /** The previewed text exactly as shown, or null when no preview is shown. */
  async getText(): Promise<string | null> {
    const preview = await this.preview();
    // textContent, not text(): text() trims, and the file's own leading and trailing spaces matter.
    return preview ? preview.getProperty<string>('textContent') : null;
  }
}
