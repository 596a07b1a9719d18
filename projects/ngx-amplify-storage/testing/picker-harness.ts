import {
  BaseHarnessFilters,
  ComponentHarness,
  HarnessPredicate,
  TestElement,
} from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';

/** Where one picked file stands, as `amplify-picker` shows it (`processing` while its `processFile` runs). */
export type PickerFileStatus =
  'picked' | 'processing' | 'queued' | 'uploading' | 'done' | 'cancelled' | 'failed';

/** One row of a picker, as plain data. */
export interface PickerRow {
  /** The picked file's name, as shown. */
  name: string;
  /** The size of the file to upload, as shown (e.g. `1.5 MB`): after `processFile`, the processed file's. */
  size: string;
  /** Where the file stands. */
  status: PickerFileStatus;
  /** The status as the user reads it, e.g. `Processing`, `Uploading` or `Failed: ...`. */
  statusText: string;
  /** The progress bar's value over its maximum, 0 to 1; null when the row has no progress bar. */
  progress: number | null;
}

/** Filters for PickerFileHarness. */
export interface PickerFileHarnessFilters extends BaseHarnessFilters {
  /** Only rows for a file of this name. */
  name?: string | RegExp;
  /** Only rows with this status. */
  status?: PickerFileStatus;
}

/** Filters for PickerHarness. */
export interface PickerHarnessFilters extends BaseHarnessFilters {
  /** Only pickers whose button has this text. */
  label?: string | RegExp;
}

/**
 * Puts `files` on a file input and fires `change`, as the browser's file dialog would. Browsers
 * let only the user or a test running in the page set `files`, so this works in TestBed only.
 */
async function setFiles(input: TestElement, files: readonly File[]): Promise<void> {
  const native = TestbedHarnessEnvironment.getNativeElement(input) as HTMLInputElement;
  native.files = fileList(files);
  await input.dispatchEvent('change');
}

function fileList(files: readonly File[]): FileList {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer.files;
}

/** Fires a real DragEvent carrying `files` on `target` (TestBed only). */
function drag(
  target: TestElement,
  type: 'dragenter' | 'dragover' | 'dragleave' | 'drop',
  files: readonly File[],
): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  TestbedHarnessEnvironment.getNativeElement(target).dispatchEvent(
    new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
  );
}

/** One file row of an `amplify-picker`. */
export class PickerFileHarness extends ComponentHarness {
  /** The selector of a row. */
  static hostSelector = '.amplify-picker-file';

  private readonly name = this.locatorFor('.amplify-picker-file-name');
  private readonly size = this.locatorFor('.amplify-picker-file-size');
  private readonly statusText = this.locatorFor('.amplify-picker-file-status');
  private readonly progress = this.locatorForOptional('progress');
  private readonly cancelButton = this.locatorForOptional('.amplify-picker-cancel');

  /** A predicate for rows that match `options`. */
  static with(options: PickerFileHarnessFilters = {}): HarnessPredicate<PickerFileHarness> {
    return new HarnessPredicate(PickerFileHarness, options)
      .addOption('name', options.name, (harness, name) =>
        HarnessPredicate.stringMatches(harness.getName(), name),
      )
      .addOption(
        'status',
        options.status,
        async (harness, status) => (await harness.getStatus()) === status,
      );
  }

  /** The file's name. */
  async getName(): Promise<string> {
    return (await this.name()).text();
  }

  /** The file's size as shown. */
  async getSize(): Promise<string> {
    return (await this.size()).text();
  }

  /** Where the file stands. */
  async getStatus(): Promise<PickerFileStatus> {
    return (await (await this.host()).getAttribute('data-status')) as PickerFileStatus;
  }

  /** The status as the user reads it. */
  async getStatusText(): Promise<string> {
    return (await this.statusText()).text();
  }

  /** The code of the error a failed row shows (a StorageError code, or `Unknown`); null unless failed. */
  async getErrorCode(): Promise<string | null> {
    return (await this.statusText()).getAttribute('data-code');
  }

  /** The progress bar's value over its maximum (0 to 1), or null when there is no progress bar. */
  async getProgress(): Promise<number | null> {
    const progress = await this.progress();
    if (!progress) return null;
    const [value, max] = await Promise.all([
      progress.getProperty<number>('value'),
      progress.getProperty<number>('max'),
    ]);
    return value / max;
  }

  /** True when the row has a Cancel button. */
  async isCancellable(): Promise<boolean> {
    return (await this.cancelButton()) !== null;
  }

  /** Presses Cancel; throws when the upload can no longer be cancelled. */
  async cancel(): Promise<void> {
    const button = await this.cancelButton();
    if (!button)
      throw new Error(
        `The upload of ${await this.getName()} has no Cancel button (it is ${await this.getStatus()}).`,
      );
    await button.click();
  }

  /** The row as plain data. */
  async getRow(): Promise<PickerRow> {
    const [name, size, status, statusText, progress] = await Promise.all([
      this.getName(),
      this.getSize(),
      this.getStatus(),
      this.getStatusText(),
      this.getProgress(),
    ]);
    return { name, size, status, statusText, progress };
  }
}

/** Drives an `amplify-picker` in tests, independently of its DOM. */
export class PickerHarness extends ComponentHarness {
  /** The picker's selector. */
  static hostSelector = 'amplify-picker';

  private readonly input = this.locatorFor('input[type=file]');
  private readonly button = this.locatorFor('.amplify-picker-button');
  private readonly zone = this.locatorFor('.amplify-picker-zone');
  private readonly messages = this.locatorForAll('.amplify-picker-message');

  /** A predicate for pickers that match `options`. */
  static with(options: PickerHarnessFilters = {}): HarnessPredicate<PickerHarness> {
    return new HarnessPredicate(PickerHarness, options).addOption(
      'label',
      options.label,
      (harness, label) => HarnessPredicate.stringMatches(harness.getLabel(), label),
    );
  }

  /** Picks `files` as the file dialog would (TestBed only). */
  async pickFiles(files: readonly File[]): Promise<void> {
    await setFiles(await this.input(), files);
  }

  /** Drags `files` over the drop zone without dropping them (TestBed only). */
  async dragFilesOver(files: readonly File[]): Promise<void> {
    const zone = await this.zone();
    drag(zone, 'dragenter', files);
    drag(zone, 'dragover', files);
    await this.forceStabilize();
  }

  /** Drags `files` out of the drop zone again (TestBed only). */
  async dragFilesAway(files: readonly File[] = []): Promise<void> {
    drag(await this.zone(), 'dragleave', files);
    await this.forceStabilize();
  }

  /** Drags `files` onto the drop zone and drops them (TestBed only). */
  async dropFiles(files: readonly File[]): Promise<void> {
    const zone = await this.zone();
    drag(zone, 'dragenter', files);
    drag(zone, 'dragover', files);
    drag(zone, 'drop', files);
    await this.forceStabilize();
  }

  /** True while files are dragged over the drop zone. */
  async isDragOver(): Promise<boolean> {
    return (await this.zone()).hasClass('amplify-picker-drag-over');
  }

  /** The text of the button that opens the file dialog. */
  async getLabel(): Promise<string> {
    return (await this.button()).text();
  }

  /** True while the picker is disabled (its `disabled` input, or a disabled form control). */
  async isDisabled(): Promise<boolean> {
    return (await (await this.button()).getProperty<boolean>('disabled')) ?? false;
  }

  /** The button that opens the file dialog, to focus or click it. */
  async getButton(): Promise<TestElement> {
    return this.button();
  }

  /** The file input's `accept` list. */
  async getAccept(): Promise<string> {
    return (await (await this.input()).getProperty<string>('accept')) ?? '';
  }

  /** True when several files may be picked at once. */
  async isMultiple(): Promise<boolean> {
    return (await this.input()).getProperty<boolean>('multiple');
  }

  /** The messages about turned-away files of the last pick. */
  async getMessages(): Promise<string[]> {
    return Promise.all((await this.messages()).map((message) => message.text()));
  }

  /** The file rows, oldest first, optionally filtered. */
  async getFiles(filters: PickerFileHarnessFilters = {}): Promise<PickerFileHarness[]> {
    return this.locatorForAll(PickerFileHarness.with(filters))();
  }

  /** The file rows as plain data, oldest first. */
  async getRows(): Promise<PickerRow[]> {
    return Promise.all((await this.getFiles()).map((file) => file.getRow()));
  }

  /** Cancels the upload of the file called `name` (the first such row still cancellable). */
  async cancel(name: string): Promise<void> {
    for (const file of await this.getFiles({ name })) {
      if (await file.isCancellable()) return file.cancel();
    }
    throw new Error(`No upload of ${name} to cancel.`);
  }
}
