/*
 * ngx-amplify-storage/forms: the pickers as form controls. Reactive and template-driven forms
 * through PickerValueAccessor, signal forms through the pickers' own `value` model, and validators
 * for both. A secondary entry point, so that apps without @angular/forms do not need it.
 */
export { PickerValueAccessor } from './picker-value-accessor';
export {
  PickerMaxFileCountValidator,
  PickerMaxFileSizeValidator,
  PickerValidators,
} from './picker-validators';
export { type MaxFileCountError, type MaxFileSizeError } from './picker-rules';
export {
  maxFileCount,
  maxFileSize,
  requiredFiles,
  type PickerRuleOptions,
  type PickerValuePath,
} from './picker-signal-rules';
export { PickerFormsModule } from './picker-forms-module';
