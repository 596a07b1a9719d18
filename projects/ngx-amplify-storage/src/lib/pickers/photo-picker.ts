import { ChangeDetectionStrategy, Component, booleanAttribute, computed, input } from '@angular/core';
import { Picker } from './picker';
import { PreviewPicker } from './preview-picker';

/**
 * Picks photos (any `image/*` by default), previews the last one and uploads each, like
 * `amplify-picker`, which it wraps. `(loaded)` gives each photo as a data URL.
 */
@Component({
  selector: 'amplify-photo-picker',
  imports: [Picker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-photo-picker' },
  template: `
    <amplify-picker
      [accept]="accept()"
      [multiple]="multiple()"
      [label]="buttonLabel()"
      [path]="path()"
      [fileToKey]="fileToKey()"
      [processFile]="processFile()"
      [level]="level()"
      [maxFileSize]="maxFileSize()"
      [maxFileCount]="maxFileCount()"
      [contentType]="contentType()"
      [metadata]="metadata()"
      [track]="track()"
      (picked)="onPicked($event)"
      (uploaded)="uploaded.emit($event)"
      (rejected)="rejected.emit($event)"
    />
    @if (readError(); as error) {
      <p class="amplify-photo-picker-error" role="alert">{{ error }}</p>
    }
    @if (preview() === true && previewed(); as photo) {
      <img class="amplify-photo-picker-preview" [src]="photo.content" [alt]="'Preview of ' + photo.name" />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .amplify-photo-picker-preview {
      display: block;
      max-width: 100%;
      max-height: var(--amplify-photo-picker-preview-height, 20rem);
      margin-top: 0.5rem;
    }
    .amplify-photo-picker-error {
      color: var(--amplify-picker-error, #b3261e);
    }
  `,
})
export class PhotoPicker extends PreviewPicker {
  /** File types to accept; default `image/*`. */
  readonly accept = input('image/*');
  /** Allow several photos per pick; default false, as Amplify's photo picker. */
  readonly multiple = input(false, { transform: booleanAttribute });

  /** The button's text. */
  protected readonly buttonLabel = computed(() => this.label() ?? (this.multiple() ? 'Choose photos' : 'Choose a photo'));
  protected readonly readAs = 'dataUrl';
}
