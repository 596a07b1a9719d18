import { ChangeDetectionStrategy, Component, booleanAttribute, computed, input } from '@angular/core';
import { Picker } from './picker';
import { PreviewPicker } from './preview-picker';

/**
 * Picks text files, shows the last one's text and uploads each, like `amplify-picker`, which it
 * wraps. `(loaded)` gives each file's text. The text is shown as text, never as HTML.
 */
@Component({
  selector: 'amplify-text-picker',
  imports: [Picker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-text-picker' },
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
      <p class="amplify-text-picker-error" role="alert">{{ error }}</p>
    }
    @if (preview() === true && previewed(); as text) {
      <!-- Focusable so that keyboard users can scroll a long file. -->
      <pre class="amplify-text-picker-preview" tabindex="0" [attr.aria-label]="'Contents of ' + text.name">{{ text.content }}</pre>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .amplify-text-picker-preview {
      max-height: var(--amplify-text-picker-preview-height, 20rem);
      overflow: auto;
      margin: 0.5rem 0 0;
      padding: 0.5rem;
      border: 1px solid var(--amplify-picker-border, #8a8f98);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .amplify-text-picker-preview:focus-visible {
      outline: 3px solid var(--amplify-picker-accent, #1f5fbf);
      outline-offset: 2px;
    }
    .amplify-text-picker-error {
      color: var(--amplify-picker-error, #b3261e);
    }
  `,
})
export class TextPicker extends PreviewPicker {
  /** File types to accept; default plain text, Markdown, CSV and JSON. */
  readonly accept = input('text/*,.txt,.md,.csv,.json');
  /** Allow several files per pick; default false. */
  readonly multiple = input(false, { transform: booleanAttribute });

  /** The button's text. */
  protected readonly buttonLabel = computed(() => this.label() ?? (this.multiple() ? 'Choose text files' : 'Choose a text file'));
  protected readonly readAs = 'text';
}
