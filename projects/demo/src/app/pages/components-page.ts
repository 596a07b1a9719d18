import { ChangeDetectionStrategy, Component, inject, linkedSignal, signal } from '@angular/core';
import {
  AlbumSelectionMode,
  Picker,
  PhotoPicker,
  RejectedFile,
  S3Album,
  S3Image,
  S3Text,
  SelectedAlbumItem,
  TextPicker,
  formatBytes,
  resizeImage,
} from 'ngx-amplify-storage';
import { BytesPipe } from '../bytes.pipe';
import { DemoSession } from '../demo-session';
import { OutputLog } from '../output-log';
import { ProtectedBrowser } from '../protected-browser';

/**
 * The components, each at the chosen level and as the current user: the pickers, S3Image and
 * S3Text of what they uploaded, the album, and another user's protected files.
 */
@Component({
  selector: 'app-components-page',
  imports: [
    PhotoPicker,
    Picker,
    TextPicker,
    S3Image,
    S3Text,
    S3Album,
    OutputLog,
    BytesPipe,
    ProtectedBrowser,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './components-page.html',
})
export class ComponentsPage {
  protected readonly session = inject(DemoSession);
  protected readonly formatBytes = formatBytes;
  protected readonly selectionModes: readonly AlbumSelectionMode[] = ['single', 'multiple'];
  /** The photo picker's `processFile`: photos larger than 1600×1600 are scaled down before upload; smaller ones go as picked. */
  protected readonly shrink = (file: File) =>
    resizeImage(file, { maxWidth: 1600, maxHeight: 1600 });

  // What the components show. A key belongs to the user and level it was stored as, so these
  // start over whenever either changes.
  /** Key of the last photo the photo picker uploaded, shown by amplify-s3-image. */
  protected readonly lastPhoto = linkedSignal<string, string | undefined>({
    source: this.session.scope,
    computation: () => undefined,
  });
  /** Key of the last text file the text picker uploaded, shown by amplify-s3-text. */
  protected readonly lastText = linkedSignal<string, string | undefined>({
    source: this.session.scope,
    computation: () => undefined,
  });
  protected readonly selectionMode = signal<AlbumSelectionMode>('single');
  /** Whether the album browses one folder at a time (`folders`) rather than showing every key at once. */
  protected readonly browseFolders = signal(false);
  /** The folder the album shows when browsing (two-way bound); '' for the top. */
  protected readonly albumFolder = linkedSignal<string, string | undefined>({
    source: this.session.scope,
    computation: () => '',
  });
  /** The album's selected keys (two-way bound), and the selected items it emitted with their URLs. */
  protected readonly selectedKeys = linkedSignal<string, readonly string[]>({
    source: this.session.scope,
    computation: () => [],
  });
  protected readonly selection = linkedSignal<string, SelectedAlbumItem[]>({
    source: this.session.scope,
    computation: () => [],
  });

  /** Files were stored: the album lists again, and so do the lists of the other pages. */
  protected uploaded(album: S3Album): void {
    this.session.refresh();
    album.refresh();
  }

  protected setSelectionMode(mode: AlbumSelectionMode): void {
    this.selectionMode.set(mode);
    this.selectedKeys.set([]);
    this.selection.set([]);
  }

  /** `(rejected)` in words: what the picker also shows to the user. */
  protected describeRejections(rejected: RejectedFile[]): string {
    return rejected.map((rejection) => `${rejection.file.name}: ${rejection.code}`).join(', ');
  }
}
