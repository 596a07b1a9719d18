import {
  DestroyRef,
  Directive,
  InputSignal,
  PendingTasks,
  booleanAttribute,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { Subscription, finalize } from 'rxjs';
import { PickerSettings } from './embedded-picker';
import { PickerBase } from './picker-base';
import { readFile } from './read-file';
import { StorageIntl } from '../i18n/storage-intl';
import { injectStorageIntl } from '../i18n/intl-signal';

/** How a picker previews: `true` shows the file, `'hidden'` reads it for `(loaded)` but shows nothing, `false` does not read it. */
export type PickerPreview = boolean | 'hidden';

/** Reads `preview="hidden"` as is and any other attribute value as a boolean. */
export function previewAttribute(value: unknown): PickerPreview {
  return value === 'hidden' ? 'hidden' : booleanAttribute(value);
}

/** How a picker reads its files: as a data URL (shown in an `<img>`) or as text (shown in a `<pre>`). */
export type PreviewReadAs = 'dataUrl' | 'text';

/** The last file read for the preview. */
export interface PreviewContent {
  /** The file's name, for the preview's accessible name. */
  name: string;
  /** What was read: a data URL or the text. */
  content: string;
}

/**
 * What the photo and text pickers share, template (preview-picker.html) and styles included: each
 * picked file is read in the browser, emitted as `(loaded)`, and the last picked one is previewed.
 * Each subclass gives its `accept` default, how it reads files, its class prefix and its labels.
 */
@Directive()
export abstract class PreviewPicker extends PickerBase {
  private readonly pendingTasks = inject(PendingTasks);
  private readonly reads = new Subscription();
  private lastPick = 0;

  /** Allow several files per pick; default false. */
  readonly multiple = input(false, { transform: booleanAttribute });
  /** Show a preview of the last picked file (true, the default), read it without showing it ('hidden'), or do neither (false). */
  readonly preview = input<PickerPreview, unknown>(true, { transform: previewAttribute });
  /** Emits the content of each picked file (a data URL or text), read in the browser. */
  readonly loaded = output<string>();

  /** The content the preview shows. */
  protected readonly previewed = signal<PreviewContent | undefined>(undefined);
  /** The app's strings. */
  protected readonly intl = injectStorageIntl();
  /** The name of the last picked file if it could not be read. */
  protected readonly unreadable = signal<string | undefined>(undefined);
  /** Why the last picked file could not be read, if it could not, in the app's language. */
  protected readonly readError = computed(() => {
    const name = this.unreadable();
    return name === undefined ? undefined : this.intl().unreadableFile(name);
  });

  /** File types to accept; each picker has its own default. */
  abstract readonly accept: InputSignal<string>;
  /** How files are read for `(loaded)` and shown: a data URL in an `<img>`, or text in a `<pre>`. */
  protected abstract readonly readAs: PreviewReadAs;
  /** The start of the error and preview classes, e.g. `amplify-photo-picker`. */
  protected abstract readonly classPrefix: string;
  /** The button's default text, for one file and for several, from the app's strings. */
  protected abstract labels(intl: StorageIntl): { readonly one: string; readonly many: string };

  /** What the embedded `amplify-picker` is bound to: every input passed through. */
  protected readonly pickerSettings = computed<PickerSettings>(() => ({
    accept: this.accept(),
    multiple: this.multiple(),
    label: this.label() ?? this.defaultLabel(),
    path: this.path(),
    fileToKey: this.fileToKey(),
    processFile: this.processFile(),
    level: this.level(),
    maxFileSize: this.maxFileSize(),
    maxFileCount: this.maxFileCount(),
    contentType: this.contentType(),
    metadata: this.metadata(),
    track: this.track(),
    disabled: this.isDisabled(),
  }));

  /** Text alternative (photos) or accessible name (text) of the preview of `name`. */
  protected previewLabel(name: string): string {
    return this.readAs === 'dataUrl'
      ? this.intl().photoPreview(name)
      : this.intl().textPreview(name);
  }

  private defaultLabel(): string {
    const labels = this.labels(this.intl());
    return this.multiple() ? labels.many : labels.one;
  }

  constructor() {
    super();
    inject(DestroyRef).onDestroy(() => this.reads.unsubscribe());
  }

  /** Re-emits a picked file, and reads it unless `preview` is false. */
  protected onPicked(file: File): void {
    this.picked.emit(file);
    if (this.preview() === false) return;
    const pick = ++this.lastPick;
    // A pending task keeps the app "unstable" while reading, so tests and SSR wait for the preview.
    const done = this.pendingTasks.add();
    this.reads.add(
      readFile(file, this.readAs)
        .pipe(finalize(done))
        .subscribe({
          next: (content) => {
            this.loaded.emit(content);
            // Reads finish in any order; only the last picked file is previewed.
            if (pick === this.lastPick) {
              this.unreadable.set(undefined);
              this.previewed.set({ name: file.name, content });
            }
          },
          error: () => {
            if (pick === this.lastPick) {
              this.previewed.set(undefined);
              this.unreadable.set(file.name);
            }
          },
        }),
    );
  }
}
