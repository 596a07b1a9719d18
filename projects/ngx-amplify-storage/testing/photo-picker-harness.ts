import { BaseHarnessFilters, ComponentHarness, HarnessPredicate } from '@angular/cdk/testing';
import { PickerFileHarness, PickerFileHarnessFilters, PickerHarness, PickerRow } from './picker-harness';

/** Filters for PhotoPickerHarness. */
export interface PhotoPickerHarnessFilters extends BaseHarnessFilters {
  /** Only photo pickers whose button has this text. */
  label?: string | RegExp;
}

/** Drives an `amplify-photo-picker` in tests, independently of its DOM. */
export class PhotoPickerHarness extends ComponentHarness {
  /** The photo picker's selector. */
  static hostSelector = 'amplify-photo-picker';

  /** The wrapped `amplify-picker`, for anything this harness does not cover. */
  readonly getPicker = this.locatorFor(PickerHarness);
  private readonly previewImage = this.locatorForOptional('.amplify-photo-picker-preview');
  private readonly readError = this.locatorForOptional('.amplify-photo-picker-error');

  /** A predicate for photo pickers that match `options`. */
  static with(options: PhotoPickerHarnessFilters = {}): HarnessPredicate<PhotoPickerHarness> {
    return new HarnessPredicate(PhotoPickerHarness, options).addOption('label', options.label, async (harness, label) =>
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

  /** The messages about turned-away files of the last pick, and about a photo that could not be read. */
  async getMessages(): Promise<string[]> {
    const error = await this.readError();
    return [...(await (await this.getPicker()).getMessages()), ...(error ? [await error.text()] : [])];
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
