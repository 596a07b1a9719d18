/**
 * A picker's value, as forms see it: the picked files when the picker only picks, or the keys of
 * the finished uploads when it uploads.
 */
export type PickerValue = readonly (File | string)[];

/** The value after one more file or key: appended when several files are allowed, else alone. */
export function addToPickerValue(
  value: PickerValue | null | undefined,
  entry: File | string,
  multiple: boolean,
): PickerValue {
  return multiple ? [...(value ?? []), entry] : [entry];
}
