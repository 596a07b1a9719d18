import {
  Directive,
  Signal,
  booleanAttribute,
  computed,
  input,
  model,
  numberAttribute,
  output,
  signal,
} from '@angular/core';
import { AccessLevel } from '../keys/access-level';
import { FileToKey } from './file-key';
import { RejectedFile } from './file-rules';
import { ProcessFile } from './process-file';
import { UploadedFile } from './file-upload';
import { PickerValue, addToPickerValue } from './picker-value';

/** Turns an absent or empty attribute into undefined (no limit), anything else into a number. */
export function optionalNumberAttribute(value: unknown): number | undefined {
  return value === undefined || value === null || value === '' ? undefined : numberAttribute(value);
}

/** Turns an absent attribute into undefined (use the configured default), anything else into a boolean. */
export function optionalBooleanAttribute(value: unknown): boolean | undefined {
  return value === undefined || value === null ? undefined : booleanAttribute(value);
}

/**
 * The inputs and outputs every picker shares. The photo and text pickers wrap `amplify-picker`
 * and pass these through, so the three behave the same; `accept` and `multiple` are declared by
 * each, because their defaults differ.
 */
@Directive({
  // Leaving the picker (its button) marks it touched, as leaving an input does.
  host: { '(focusout)': 'touched.set(true)' },
})
export abstract class PickerBase {
  /** Folder the picked files are uploaded to, e.g. `photos/` (may be ''); files are uploaded only when this or `fileToKey` is set. */
  readonly path = input<string | undefined>(undefined);
  /**
   * The key of each picked file after `path`, as Amplify's `fileToKey`: a function of the file, a
   * fixed string, or an object (its JSON); default the file name. Whitespace becomes '_'.
   */
  readonly fileToKey = input<FileToKey | undefined>(undefined);
  /**
   * Runs on each accepted file before its key is made and its upload starts, e.g. to resize it
   * with `resizeImage`; the file it returns (or resolves to) is the one keyed, uploaded and emitted
   * as `(uploaded)`. The checks (`accept`, `maxFileSize`, `maxFileCount`) apply to the picked file.
   * Only used when the picker uploads.
   */
  readonly processFile = input<ProcessFile | undefined>(undefined);
  /** Access level of the uploads; default the configured level. */
  readonly level = input<AccessLevel | undefined>(undefined);
  /** Largest file in bytes; larger files are turned away before anything is sent. */
  readonly maxFileSize = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });
  /** Most files per pick; the rest are turned away before anything is sent. */
  readonly maxFileCount = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });
  /** MIME type to store the uploads with; default each file's own type. */
  readonly contentType = input<string | undefined>(undefined);
  /** User metadata stored with each upload. */
  readonly metadata = input<Record<string, string> | undefined>(undefined);
  /** Text of the button that opens the file dialog; each picker has its own default. */
  readonly label = input<string | undefined>(undefined);
  /** Emit a tracking event for each upload; default the configured `track`. */
  readonly track = input<boolean | undefined, unknown>(undefined, {
    transform: optionalBooleanAttribute,
  });

  /** Turns the picker off: its button is disabled and drops are ignored. */
  readonly disabled = input(false, { transform: booleanAttribute });
  /**
   * The picked files (when the picker only picks) or the keys of the finished uploads (when it
   * uploads), added to as they come, or only the last one when `multiple` is off; what a form
   * control bound to the picker holds. Setting it (e.g. a form reset) does not touch the rows shown.
   */
  readonly value = model<PickerValue>([]);
  /** Becomes true when the user picks, drops or leaves the picker; for forms. */
  readonly touched = model(false);

  /** Allow several files per pick; declared by each picker, whose defaults differ. */
  abstract readonly multiple: Signal<boolean>;

  /** Emits each picked file that passed the checks, as picked (before `processFile` and the upload). */
  readonly picked = output<File>();
  /** Emits each file whose upload finished, with the key it was stored at. */
  readonly uploaded = output<UploadedFile>();
  /** Emits the files of a pick that were turned away, with the reason for each (never an empty list). */
  readonly rejected = output<RejectedFile[]>();

  // Disabled from code, as by a form control's disable(); the `disabled` input cannot be set from inside.
  private readonly disabledByCode = signal(false);
  /** True while the `disabled` input or setDisabledState(true) turns the picker off. */
  protected readonly isDisabled = computed(() => this.disabled() || this.disabledByCode());

  constructor() {
    // The value follows the outputs, so every picker (embedded ones included) keeps it the same way.
    this.picked.subscribe((file) => {
      this.touched.set(true);
      if (!this.willUpload()) this.value.update((v) => addToPickerValue(v, file, this.multiple()));
    });
    this.uploaded.subscribe(({ key }) =>
      this.value.update((v) => addToPickerValue(v, key, this.multiple())),
    );
    this.rejected.subscribe(() => this.touched.set(true));
  }

  /** Disables or enables the picker from code, as a form control's disable() and enable() do. */
  setDisabledState(isDisabled: boolean): void {
    this.disabledByCode.set(isDisabled);
  }

  /** Whether picked files are uploaded: `path` or `fileToKey` is set. */
  protected willUpload(): boolean {
    return this.path() !== undefined || this.fileToKey() !== undefined;
  }
}
