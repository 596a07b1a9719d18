import { NgModule } from '@angular/core';
import { PickerValueAccessor } from './picker-value-accessor';
import { PickerMaxFileCountValidator, PickerMaxFileSizeValidator } from './picker-validators';

const DIRECTIVES = [PickerValueAccessor, PickerMaxFileCountValidator, PickerMaxFileSizeValidator];

/** The forms directives, for NgModule apps and for importing all three at once. */
@NgModule({ imports: DIRECTIVES, exports: DIRECTIVES })
export class PickerFormsModule {}
