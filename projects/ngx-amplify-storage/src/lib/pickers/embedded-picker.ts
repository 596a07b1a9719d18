import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { AccessLevel } from '../keys/access-level';
import { FileToKey } from './file-key';
import { RejectedFile } from './file-rules';
import { ProcessFile } from './process-file';
import { UploadedFile } from './file-upload';
import { Picker } from './picker';

/** What a component passes to the `amplify-picker` it embeds, as one object (see `amplify-picker`'s inputs). */
export interface PickerSettings {
  /** File types to accept. */
  accept: string;
  /** Allow several files per pick; default true, as `amplify-picker`'s. */
  multiple?: boolean;
  /** The button's text; default `amplify-picker`'s. */
  label?: string;
  /** Folder the uploads go to; undefined (with no `fileToKey`) to pick without uploading. */
  path: string | undefined;
  /** Makes each upload's key. */
  fileToKey: FileToKey | undefined;
  /** Runs on each accepted file before it is keyed and uploaded. */
  processFile: ProcessFile | undefined;
  /** Access level of the uploads. */
  level: AccessLevel | undefined;
  /** Turn the picker off. */
  disabled?: boolean;
  /** Emit tracking events. */
  track: boolean | undefined;
  /** Largest file in bytes. */
  maxFileSize?: number;
  /** Most files per pick. */
  maxFileCount?: number;
  /** MIME type to store the uploads with. */
  contentType?: string;
  /** User metadata stored with each upload. */
  metadata?: Record<string, string>;
}

/**
 * The picker block of the components that embed a picker (the photo and text pickers, S3Image,
 * S3Text, the album): one `amplify-picker` bound to one settings object, so that each of them
 * passes its settings once instead of repeating a dozen bindings in its template. Internal.
 */
@Component({
  selector: 'amplify-embedded-picker',
  imports: [Picker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = settings();
    <amplify-picker
      [accept]="s.accept"
      [multiple]="s.multiple ?? true"
      [label]="s.label"
      [path]="s.path"
      [fileToKey]="s.fileToKey"
      [processFile]="s.processFile"
      [level]="s.level"
      [maxFileSize]="s.maxFileSize"
      [maxFileCount]="s.maxFileCount"
      [contentType]="s.contentType"
      [metadata]="s.metadata"
      [track]="s.track"
      [disabled]="s.disabled ?? false"
      (picked)="picked.emit($event)"
      (uploaded)="uploaded.emit($event)"
      (rejected)="rejected.emit($event)"
    />
  `,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class EmbeddedPicker {
  /** Everything the embedded `amplify-picker` is bound to. */
  readonly settings = input.required<PickerSettings>();

  /** `amplify-picker`'s `(picked)`. */
  readonly picked = output<File>();
  /** `amplify-picker`'s `(uploaded)`. */
  readonly uploaded = output<UploadedFile>();
  /** `amplify-picker`'s `(rejected)`. */
  readonly rejected = output<RejectedFile[]>();
}
