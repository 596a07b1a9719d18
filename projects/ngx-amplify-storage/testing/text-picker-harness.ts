import { BaseHarnessFilters, ComponentHarness, HarnessPredicate } from '@angular/cdk/testing';
import { PickerFileHarness, PickerFileHarnessFilters, PickerHarness, PickerRow } from './picker-harness';

/** Filters for TextPickerHarness. */
export interface TextPickerHarnessFilters extends BaseHarnessFilters {
  /** Only text pickers whose button has this text. */
  label?: string | RegExp;
}

/** Drives an `amplify-text-picker` in tests, independently of its DOM. */
export class TextPickerHarness extends ComponentHarness {
  /** The text picker's selector. */
  static hostSelector = 'amplify-text-picker';

  /** The wrapped `amplify-picker`, for anything this harness does not cover. */
  readonly getPicker = this.locatorFor(PickerHarness);
  private readonly preview = this.locatorForOptional('.amplify-text-picker-preview');
  private readonly readError = this.locatorForOptional('.amplify-text-picker-error');

  /** A predicate for text pickers that match `options`. */
  static with(options: TextPickerHarnessFilters = {}): HarnessPredicate<TextPickerHarness> {
    return new HarnessPredicate(TextPickerHarness, options).addOption('label', options.label, async (harness, label) =>
      HarnessPredicate.stringMatches((await harness.getPicker()).getLabel(), label),
    );
  }

  /** Picks `files` as the file dialog would (TestBed only). */
  async pickFiles(files: readonly File[]): Promise<void> {
    return (await this.getPicker()).pickFiles(files);
  }

  /** Drags `files` onto the drop zone and drops them (TestBed only). */
  async dropFiles(files: readonly File[]): Promise<void> {
    return (await this.getPicker()).dropFiles(files);
  }

  /** The file rows as plain data, oldest first. */
  async getRows(): Promise<PickerRow[]> {
    return (await this.getPicker()).getRows();
  }

  /** The file rows, oldest first, optionally filtered. */
  async getFiles(filters: PickerFileHarnessFilters = {}): Promise<PickerFileHarness[]> {
    return (await this.getPicker()).getFiles(filters);
  }

  /** Cancels the upload of the file called `name`. */
  async cancel(name: string): Promise<void> {
    return (await this.getPicker()).cancel(name);
  }

  /** The messages about turned-away files of the last pick, and about a file that could not be read. */
  async getMessages(): Promise<string[]> {
    const error = await this.readError();
    return [...(await (await this.getPicker()).getMessages()), ...(error ? [await error.text()] : [])];
  }

  /** The previewed text exactly as shown, or null when no preview is shown. */
  async getText(): Promise<string | null> {
    const preview = await this.preview();
    // textContent, not text(): text() trims, and the file's own leading and trailing spaces matter.
    return preview ? preview.getProperty<string>('textContent') : null;
  }
}
