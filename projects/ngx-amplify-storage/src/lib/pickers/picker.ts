import { _IdGenerator } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  booleanAttribute,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { StorageService } from '../service/storage.service';
import { PutOptions } from '../service/storage-types';
import { uploadKey } from './file-key';
import { RejectedFile, checkFiles } from './file-rules';
import { TaskLimiter } from '../transfer/task-limiter';
import { processPickedFile } from './process-file';
import { FileUpload, uploadFailureText } from './file-upload';
import { injectStorageIntl } from '../i18n/intl-signal';
import { PickerBase } from './picker-base';

/** Files a picker runs through `processFile` at once. */
export const PROCESSING_CONCURRENCY = 2;

/**
 * Picks files with a button or by drag and drop, checks them against `accept` and the limits
 * before anything is sent, and uploads each accepted file (when `path` or `fileToKey` is set),
 * after `processFile` if given, with its own progress bar, status and Cancel button.
 */
@Component({
  selector: 'amplify-picker',
  templateUrl: './picker.html',
  styleUrl: './picker.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-picker' },
})
export class Picker extends PickerBase {
  private readonly storage = inject(StorageService);
  private readonly processing = new TaskLimiter(PROCESSING_CONCURRENCY);
  // Counts dragenter minus dragleave: moving over the zone's children fires both on the zone.
  private dragDepth = 0;

  /** File types to accept, as for `<input type=file accept>`; default '' (anything). */
  readonly accept = input('');
  /** Allow several files per pick; default true. */
  readonly multiple = input(true, { transform: booleanAttribute });

  /** The app's strings. */
  protected readonly intl = injectStorageIntl();
  /** Id of the hint that describes the button, the same in a server render and the browser's. */
  protected readonly hintId = inject(_IdGenerator).getId('amplify-picker-hint-');
  /** One row per accepted file, oldest first. */
  protected readonly uploads = signal<readonly FileUpload[]>([]);
  /** The files the last pick turned away. */
  protected readonly rejections = signal<readonly RejectedFile[]>([]);
  /** True while files are dragged over the drop zone. */
  protected readonly dragOver = signal(false);
  /** The button's text. */
  protected readonly buttonLabel = computed(
    () => this.label() ?? (this.multiple() ? this.intl().chooseFiles : this.intl().chooseFile),
  );
  /** The limits in words, under the button. */
  protected readonly restrictions = computed(() => {
    const intl = this.intl();
    const parts: string[] = [];
    if (this.accept()) parts.push(intl.acceptedTypes(this.accept()));
    const size = this.maxFileSize();
    if (size !== undefined) parts.push(intl.sizeLimit(intl.formatSize(size)));
    const count = this.multiple() ? this.maxFileCount() : 1;
    if (count !== undefined) parts.push(count === 1 ? intl.oneFileAtATime : intl.countLimit(count));
    return parts.join(' ');
  });

  constructor() {
    super();
    // Leaving the page cancels what is still running or waiting.
    inject(DestroyRef).onDestroy(() => this.uploads().forEach((upload) => upload.stop()));
  }

  /** Checks `files` and uploads those accepted, as a pick from the dialog or a drop would; ignored while disabled. */
  pick(files: readonly File[]): void {
    if (this.isDisabled()) return;
    const { accepted, rejected } = checkFiles(
      files,
      {
        accept: this.accept(),
        maxFileSize: this.maxFileSize(),
        maxFileCount: this.multiple() ? this.maxFileCount() : 1,
      },
      this.intl(),
    );
    this.rejections.set(rejected);
    if (rejected.length > 0) this.rejected.emit(rejected);
    const upload = this.willUpload();
    for (const file of accepted) {
      this.picked.emit(file);
      if (upload) this.upload(file);
      else this.uploads.update((rows) => [...rows, new FileUpload(file, false)]);
    }
  }

  /** The status line of a row, in the app's language. */
  protected statusText(upload: FileUpload): string {
    const intl = this.intl();
    const failure = upload.failure();
    const status = intl.fileStatus[upload.status()];
    return failure === undefined
      ? status
      : intl.failedBecause(status, uploadFailureText(failure, upload.name, intl));
  }

  /** Cancels one upload. */
  protected cancel(upload: FileUpload): void {
    upload.cancel();
  }

  protected onInputChange(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    // Cleared so that picking the same file again fires `change` again.
    input.value = '';
    this.pick(files);
  }

  protected onDragEnter(event: DragEvent): void {
    // A disabled picker is no drop target: the drop is refused, as anywhere else on the page.
    if (this.isDisabled() || !carriesFiles(event)) return;
    event.preventDefault();
    this.dragDepth++;
    this.dragOver.set(true);
  }

  protected onDragOver(event: DragEvent): void {
    if (this.isDisabled() || !carriesFiles(event)) return;
    // Without preventDefault the browser would open the file instead of dropping it here.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragOver.set(true);
  }

  protected onDragLeave(): void {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragOver.set(false);
  }

  protected onDrop(event: DragEvent): void {
    this.dragDepth = 0;
    this.dragOver.set(false);
    if (!carriesFiles(event)) return;
    event.preventDefault();
    this.pick(Array.from(event.dataTransfer?.files ?? []));
  }

  private upload(file: File): void {
    const row = new FileUpload(file, true);
    this.uploads.update((rows) => [...rows, row]);
    // Read now: a processing that ends later still uploads where and how the user picked it.
    const fileToKey = this.fileToKey();
    const path = this.path() ?? '';
    const options: PutOptions = {
      level: this.level(),
      track: this.track(),
      contentType: this.contentType(),
      metadata: this.metadata(),
    };
    const send = (processed: File) => {
      let key: string;
      try {
        key = uploadKey(path, processed, fileToKey);
      } catch (error) {
        row.fail(error);
        return;
      }
      row.run(key, this.storage.put(key, processed, options), (result) =>
        this.uploaded.emit(result),
      );
    };
    const processFile = this.processFile();
    // A row cancelled while it waited for a slot is never processed (its result would be dropped).
    if (processFile)
      row.process(
        this.processing.run(() =>
          row.isStopped ? Promise.resolve(file) : processPickedFile(file, processFile),
        ),
        send,
      );
    else send(file);
  }
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}
