import {
  type PathKind,
  type SchemaPath,
  type SchemaPathRules,
  validate,
} from '@angular/forms/signals';
import type { PickerValue } from 'ngx-amplify-storage';
import { isPickerValueEmpty, maxFileCountError, maxFileSizeError } from './picker-rules';

/** A signal-forms path to a picker's value. */
export type PickerValuePath<TPathKind extends PathKind = PathKind.Root> = SchemaPath<
  PickerValue,
  SchemaPathRules.Supported,
  TPathKind
>;

/** Options of the signal-forms picker rules. */
export interface PickerRuleOptions {
  /** The message of the error, for people; default none (the error's `kind` tells what failed). */
  message?: string;
}

/**
 * Signal forms: the field needs at least one file (or finished upload), error kind `required`.
 * Signal forms' own `required` does not count an empty list as empty.
 */
export function requiredFiles<TPathKind extends PathKind = PathKind.Root>(
  path: PickerValuePath<TPathKind>,
  options: PickerRuleOptions = {},
): void {
  validate(path, ({ value }) =>
    isPickerValueEmpty(value()) ? { kind: 'required', message: options.message } : null,
  );
}

/** A signal-forms rule that checks a picker value against a limit with `check`. */
function limitRule<E extends object>(
  kind: string,
  check: (value: PickerValue | null | undefined, max: number) => E | null,
) {
  return <TPathKind extends PathKind = PathKind.Root>(
    path: PickerValuePath<TPathKind>,
    max: number,
    options: PickerRuleOptions = {},
  ): void => {
    // A bad limit fails here, where the schema is written, not at the first check.
    check([], max);
    validate(path, ({ value }) => {
      const error = check(value(), max);
      return error ? { kind, message: options.message, ...error } : null;
    });
  };
}

/** Signal forms: at most `max` files or keys, error kind `maxFileCount` with `max` and `actual`. */
export const maxFileCount = limitRule('maxFileCount', maxFileCountError);

/** Signal forms: no picked file over `max` bytes, error kind `maxFileSize` with `max`, `actual` and `name`. */
export const maxFileSize = limitRule('maxFileSize', maxFileSizeError);
