import {
  Directive,
  Signal,
  effect,
  forwardRef,
  input,
  numberAttribute,
  untracked,
} from '@angular/core';
import {
  AbstractControl,
  NG_VALIDATORS,
  ValidationErrors,
  Validator,
  ValidatorFn,
} from '@angular/forms';
import type { PickerValue } from 'ngx-amplify-storage';
import { isPickerValueEmpty, maxFileCountError, maxFileSizeError } from './picker-rules';

type PickerControl = AbstractControl<PickerValue | null>;

/**
 * Validators for a form control bound to a picker, as `Validators` has for inputs. Errors:
 * `{ required: true }`, `{ maxFileCount: { max, actual } }`, `{ maxFileSize: { max, actual, name } }`.
 */
export class PickerValidators {
  /** Fails while the picker holds no file (or no finished upload). */
  static required(control: PickerControl): ValidationErrors | null {
    return isPickerValueEmpty(control.value) ? { required: true } : null;
  }

  /** Fails when the picker holds more than `max` files or keys; throws InvalidOption unless `max` is a whole number of 1 or more. */
  static maxFileCount(max: number): ValidatorFn {
    maxFileCountError([], max);
    return (control: PickerControl) => {
      const error = maxFileCountError(control.value, max);
      return error ? { maxFileCount: error } : null;
    };
  }

  /** Fails when a picked file is larger than `max` bytes; throws InvalidOption unless `max` is a whole number of 1 or more. */
  static maxFileSize(max: number): ValidatorFn {
    maxFileSizeError([], max);
    return (control: PickerControl) => {
      const error = maxFileSizeError(control.value, max);
      return error ? { maxFileSize: error } : null;
    };
  }
}

/** What the limit validator directives share: validate against the limit, again when it changes. */
@Directive()
abstract class PickerLimitValidator implements Validator {
  /** The limit, from the directive's input. */
  protected abstract readonly limit: Signal<number>;
  /** The PickerValidators factory for the limit. */
  protected abstract readonly check: (max: number) => ValidatorFn;
  private onValidatorChange: (() => void) | undefined;

  constructor() {
    // A new limit must re-run the check, as Angular's own maxlength directive does.
    effect(() => {
      this.limit();
      untracked(() => this.onValidatorChange?.());
    });
  }

  /** Checks the control's value against the limit. */
  validate(control: PickerControl): ValidationErrors | null {
    return this.check(this.limit())(control);
  }

  /** Called by the forms module, to learn when the limit changes. */
  registerOnValidatorChange(fn: () => void): void {
    this.onValidatorChange = fn;
  }
}

/** `amplifyMaxFileCount="3"` on a picker with `ngModel` or a reactive control: PickerValidators.maxFileCount. */
@Directive({
  selector:
    '[amplifyMaxFileCount][ngModel], [amplifyMaxFileCount][formControl], [amplifyMaxFileCount][formControlName]',
  providers: [
    {
      provide: NG_VALIDATORS,
      useExisting: forwardRef(() => PickerMaxFileCountValidator),
      multi: true,
    },
  ],
})
export class PickerMaxFileCountValidator extends PickerLimitValidator {
  /** The most files (or keys) the control may hold. */
  readonly amplifyMaxFileCount = input.required<number, unknown>({ transform: numberAttribute });

  /** The limit checked: `amplifyMaxFileCount`. */
  protected readonly limit = this.amplifyMaxFileCount;
  /** The check: PickerValidators.maxFileCount. */
  protected readonly check = PickerValidators.maxFileCount;
}

/** `amplifyMaxFileSize="1048576"` on a picker with `ngModel` or a reactive control: PickerValidators.maxFileSize. */
@Directive({
  selector:
    '[amplifyMaxFileSize][ngModel], [amplifyMaxFileSize][formControl], [amplifyMaxFileSize][formControlName]',
  providers: [
    {
      provide: NG_VALIDATORS,
      useExisting: forwardRef(() => PickerMaxFileSizeValidator),
      multi: true,
    },
  ],
})
export class PickerMaxFileSizeValidator extends PickerLimitValidator {
  /** The largest file allowed, in bytes. */
  readonly amplifyMaxFileSize = input.required<number, unknown>({ transform: numberAttribute });

  /** The limit checked: `amplifyMaxFileSize`. */
  protected readonly limit = this.amplifyMaxFileSize;
  /** The check: PickerValidators.maxFileSize. */
  protected readonly check = PickerValidators.maxFileSize;
}
