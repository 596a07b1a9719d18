import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { FormField, form } from '@angular/forms/signals';
import { PhotoPicker, PickerValue, TextPicker, formatBytes } from 'ngx-amplify-storage';
import {
  PickerValidators,
  PickerValueAccessor,
  maxFileCount,
  maxFileSize,
  requiredFiles,
} from 'ngx-amplify-storage/forms';

/** Largest note the signal form takes, in bytes. */
const MAX_NOTE_BYTES = 2048;

/**
 * The pickers as form controls: a reactive form whose photo picker uploads and holds the key, and
 * a signal form whose text picker only picks and holds the files.
 */
@Component({
  selector: 'app-forms-demo',
  imports: [ReactiveFormsModule, PhotoPicker, TextPicker, PickerValueAccessor, FormField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="reactive-form-heading">
      <h2 id="reactive-form-heading">Reactive form: a photo with a caption</h2>
      <form [formGroup]="post" (ngSubmit)="submit()">
        <label>Caption <input formControlName="caption" /></label>
        <amplify-photo-picker formControlName="photo" path="demo-forms/" [preview]="false" />
        @if (post.controls.photo.touched && post.controls.photo.hasError('required')) {
          <p class="form-error" role="alert">Pick a photo; it counts once its upload is done.</p>
        }
        <button type="submit" [disabled]="post.invalid">Post</button>
      </form>
      @if (posted(); as sent) {
        <p class="posted">Posted “{{ sent.caption }}” with {{ sent.keys.join(', ') }}</p>
      }
    </section>

    <section aria-labelledby="signal-form-heading">
      <h2 id="signal-form-heading">Signal form: up to two notes</h2>
      <amplify-text-picker [formField]="notes.files" multiple [preview]="false" />
      @for (error of notes.files().errors(); track error.kind) {
        <p class="form-error" role="alert">{{ error.message }}</p>
      }
      <p class="picked">
        {{ model().files.length }} picked; the form is {{ notes().valid() ? 'valid' : 'invalid' }}.
      </p>
    </section>
  `,
})
export class FormsDemo {
  /** The reactive form: the photo's value is its key once uploaded. */
  readonly post = new FormGroup({
    caption: new FormControl('', { nonNullable: true, validators: Validators.required }),
    photo: new FormControl<PickerValue>([], PickerValidators.required),
  });
  /** What the last Post sent. */
  readonly posted = signal<{ caption: string; keys: readonly string[] } | undefined>(undefined);

  /** The signal form's model: the picked text files. */
  readonly model = signal<{ files: PickerValue }>({ files: [] });
  /** The signal form, with the pickers' rules. */
  readonly notes = form(this.model, (path) => {
    requiredFiles(path.files, { message: 'Pick at least one note.' });
    maxFileCount(path.files, 2, { message: 'Two notes at most.' });
    maxFileSize(path.files, MAX_NOTE_BYTES, {
      message: `Each note may be ${formatBytes(MAX_NOTE_BYTES)} at most.`,
    });
  });

  /** Sends the post: here, shows what would be sent. */
  submit(): void {
    const { caption, photo } = this.post.getRawValue();
    this.posted.set({ caption, keys: (photo ?? []).map(String) });
  }
}
