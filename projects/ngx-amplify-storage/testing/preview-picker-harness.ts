import { ComponentHarness } from '@angular/cdk/testing';
import {
  PickerFileHarness,
  PickerFileHarnessFilters,
  PickerHarness,
  PickerRow,
} from './picker-harness';

/**
 * What the photo and text picker harnesses share: both components wrap an `amplify-picker`, so
 * picking, rows and messages go through its harness, plus the preview's own read error.
 */
export abstract class PreviewPickerHarness extends ComponentHarness {
  /** Where the component says a picked file could not be read. */
  protected abstract readonly readErrorSelector: string;

  /** The wrapped `amplify-picker`, for anything this harness does not cover. */
  readonly getPicker = this.locatorFor(PickerHarness);

  /** Picks `files` as the file dialog would (TestBed only). */
  async pickFiles(files: readonly File[]): Promise<void> {
    return (await this.getPicker()).pickFiles(files);
  }

  /** Drags `files` onto the drop zone and drops them (TestBed only). */
  async dropFiles(files: readonly File[]): Promise<void> {
    return (await this.getPicker()).dropFiles(files);
  }

  /** True while the picker is disabled (its `disabled` input, or a disabled form control). */
  async isDisabled(): Promise<boolean> {
    return (await this.getPicker()).isDisabled();
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
    const error = await this.locatorForOptional(this.readErrorSelector)();
    return [
      ...(await (await this.getPicker()).getMessages()),
      ...(error ? [await error.text()] : []),
    ];
  }
}
