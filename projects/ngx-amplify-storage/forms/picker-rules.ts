import { type PickerValue, ɵassertLimit as assertLimit } from 'ngx-amplify-storage';

/** What a maxFileCount check reports: the limit and how many files (or keys) the value holds. */
export interface MaxFileCountError {
  /** The most allowed. */
  max: number;
  /** How many there are. */
  actual: number;
}

/** What a maxFileSize check reports: the limit, and the first file over it. */
export interface MaxFileSizeError {
  /** The largest size allowed, in bytes. */
  max: number;
  /** The size of the file over it, in bytes. */
  actual: number;
  /** That file's name. */
  name: string;
}

/** The entries of a picker value; anything else a form might hold (null, a string) has none. */
function entriesOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** True when a picker value holds no file or key (null and undefined included). */
export function isPickerValueEmpty(value: PickerValue | null | undefined): boolean {
  return entriesOf(value).length === 0;
}

/** The count error of `value` against `max` (a whole number of 1 or more), or null when it fits. */
export function maxFileCountError(
  value: PickerValue | null | undefined,
  max: number,
): MaxFileCountError | null {
  assertLimit(max, 'maxFileCount');
  const actual = entriesOf(value).length;
  return actual > max ? { max, actual } : null;
}

/**
 * The size error of the first File in `value` larger than `max` bytes, or null. Keys (of uploaded
 * files) have no size here: an uploading picker turns large files away with its own `maxFileSize`.
 */
export function maxFileSizeError(
  value: PickerValue | null | undefined,
  max: number,
): MaxFileSizeError | null {
  assertLimit(max, 'maxFileSize');
  const file = entriesOf(value).find(
    (entry): entry is File => entry instanceof File && entry.size > max,
  );
  return file ? { max, actual: file.size, name: file.name } : null;
}
