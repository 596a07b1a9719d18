import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { failureText } from './browser-messages';
import { BrowserUpload, BrowserUploads, finished } from './browser-uploads';
import { injectStorageBrowserIntl } from './storage-browser-intl';

/** The storage browser's uploads: progress, pause, resume and cancel per file. Internal. */
@Component({
  selector: 'amplify-storage-browser-uploads',
  templateUrl: './browser-upload-list.html',
  styleUrl: './browser-controls.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BrowserUploadList {
  protected readonly intl = injectStorageBrowserIntl();
  /** The browser's uploads. */
  readonly uploads = input.required<BrowserUploads>();
  protected readonly anyFinished = computed(() =>
    this.uploads()
      .items()
      .some((upload) => finished(upload.state)),
  );

  protected failureOf(upload: BrowserUpload): string {
    return failureText(this.intl(), 'upload', upload.name, upload.error);
  }
}
