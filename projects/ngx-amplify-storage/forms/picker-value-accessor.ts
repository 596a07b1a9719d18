import { Directive, forwardRef, inject } from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { PhotoPicker, Picker, type PickerValue, TextPicker } from 'ngx-amplify-storage';

/**
 * Makes the pickers form controls in reactive and template-driven forms (`formControl`,
 * `formControlName`, `ngModel`). The value is the picker's `value`: the picked files, or the keys
 * of the finished uploads when the picker uploads. The control is touched on a pick or when the
 * picker loses focus; disabling the control disables the picker. Signal forms need no directive:
 * the pickers are `FormValueControl`s, so `[formField]` binds to them directly.
 */
@Directive({
  // A literal: the compiler reads selectors statically.
  selector: `amplify-picker[ngModel], amplify-picker[formControl], amplify-picker[formControlName],
    amplify-photo-picker[ngModel], amplify-photo-picker[formControl],
    amplify-photo-picker[formControlName], amplify-text-picker[ngModel],
    amplify-text-picker[formControl], amplify-text-picker[formControlName]`,
  providers: [
    {
      provide: NG_VALUE_ACCESSOR,
      useExisting: forwardRef(() => PickerValueAccessor),
      multi: true,
    },
  ],
  host: { '(focusout)': 'onTouched()' },
})
export class PickerValueAccessor implements ControlValueAccessor {
  private readonly picker: Picker | PhotoPicker | TextPicker =
    inject(Picker, { self: true, optional: true }) ??
    inject(PhotoPicker, { self: true, optional: true }) ??
    inject(TextPicker, { self: true });
  private writing = false;
  private onChange: (value: PickerValue) => void = () => undefined;
  /** Marks the control touched; set by the forms module. */
  protected onTouched: () => void = () => undefined;

  constructor() {
    // Only changes made by the picker reach the form: a value the form wrote is not echoed back.
    this.picker.value.subscribe((value) => {
      if (!this.writing) this.onChange(value);
    });
    this.picker.picked.subscribe(() => this.onTouched());
    this.picker.rejected.subscribe(() => this.onTouched());
  }

  /** Sets the picker's value from the form; null (a reset) clears it. */
  writeValue(value: PickerValue | null | undefined): void {
    this.writing = true;
    try {
      this.picker.value.set(value ?? []);
    } finally {
      this.writing = false;
    }
  }

  /** Called by the forms module with the function that reports a new value. */
  registerOnChange(fn: (value: PickerValue) => void): void {
    this.onChange = fn;
  }

  /** Called by the forms module with the function that marks the control touched. */
  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  /** Disables or enables the picker with its control. */
  setDisabledState(isDisabled: boolean): void {
    this.picker.setDisabledState(isDisabled);
  }
}
