import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  linkedSignal,
  signal,
} from '@angular/core';
import {
  ACCESS_LEVELS,
  AccessLevel,
  AlbumSelectionMode,
  CognitoCredentials,
  Picker,
  PhotoPicker,
  RejectedFile,
  S3Album,
  S3Image,
  S3Text,
  SelectedAlbumItem,
  StorageService,
  TextPicker,
  formatBytes,
  resizeImage,
} from 'ngx-amplify-storage';
import { Subscription } from 'rxjs';
import { BytesPipe } from './bytes.pipe';
import { errorMessage } from './error-message';
import { EventLog } from './event-log';
import { FileTable } from './file-table';
import { FolderTools } from './folder-tools';
import { IdentityDirectory } from './identity-directory';
import { DEMO_BACKEND } from './local-backend';
import { ObjectTools } from './object-tools';
import { OutputLog } from './output-log';
import { ProtectedBrowser } from './protected-browser';
import { UploadPanel } from './upload-panel';
import { BrowserPage } from './pages/browser-page';

const GUEST = 'Guest';

const LEVEL_HINTS: Record<AccessLevel, string> = {
  public: 'everyone reads and writes',
  protected: 'everyone reads, only you write',
  private: 'only you read and write',
};

@Component({
  selector: 'app-root',
  imports: [
    PhotoPicker,
    Picker,
    TextPicker,
    S3Image,
    S3Text,
    S3Album,
    OutputLog,
    BytesPipe,
    UploadPanel,
    FileTable,
    ProtectedBrowser,
    ObjectTools,
    FolderTools,
    EventLog,
    BrowserPage,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
})
export class App {
  private readonly storage = inject(StorageService);
  private readonly credentials = inject(CognitoCredentials);
  private readonly directory = inject(IdentityDirectory);
  private identityLookup: Subscription | undefined;

  protected readonly backend = inject(DEMO_BACKEND);
  protected readonly users = [GUEST, ...this.backend.users];
  protected readonly levels = ACCESS_LEVELS;
  protected readonly levelHints = LEVEL_HINTS;
  protected readonly formatBytes = formatBytes;
  protected readonly selectionModes: readonly AlbumSelectionMode[] = ['single', 'multiple'];
  /** The photo picker's `processFile`: photos larger than 1600×1600 are scaled down before upload; smaller ones go as picked. */
  protected readonly shrink = (file: File) =>
    resizeImage(file, { maxWidth: 1600, maxHeight: 1600 });

  protected readonly user = signal(GUEST);
  protected readonly level = signal<AccessLevel>('public');
  /** The current user's identity ID, set by CognitoCredentials once it has credentials. */
  protected readonly identityId = this.credentials.identityId;
  protected readonly identityError = signal<string | undefined>(undefined);
  /** Bumped after every write (upload, delete, copy, metadata), so that the lists show the change. */
  protected readonly revision = signal(0);

  // What the components show. A key belongs to the user and level it was stored as, so these
  // start over whenever either changes.
  private readonly session = computed(() => `${this.user()} ${this.level()}`);
  /** Key of the last photo the photo picker uploaded, shown by amplify-s3-image. */
  protected readonly lastPhoto = linkedSignal<string, string | undefined>({
    source: this.session,
    computation: () => undefined,
  });
  /** Key of the last text file the text picker uploaded, shown by amplify-s3-text. */
  protected readonly lastText = linkedSignal<string, string | undefined>({
    source: this.session,
    computation: () => undefined,
  });
  protected readonly selectionMode = signal<AlbumSelectionMode>('single');
  /** Whether the album browses one folder at a time (`folders`) rather than showing every key at once. */
  protected readonly browseFolders = signal(false);
  /** The folder the album shows when browsing (two-way bound); '' for the top. */
  protected readonly albumFolder = linkedSignal<string, string | undefined>({
    source: this.session,
    computation: () => '',
  });
  /** The album's selected keys (two-way bound), and the selected items it emitted with their URLs. */
  protected readonly selectedKeys = linkedSignal<string, readonly string[]>({
    source: this.session,
    computation: () => [],
  });
  protected readonly selection = linkedSignal<string, SelectedAlbumItem[]>({
    source: this.session,
    computation: () => [],
  });

  constructor() {
    this.actAs(GUEST);
  }

  /**
   * Signs in as a local user, or out to a guest. With the local backend the login token is the
   * user name; a real app passes the ID token of its sign-in, e.g.
   * `{ 'cognito-idp.<region>.amazonaws.com/<userPoolId>': idToken }`.
   */
  protected actAs(user: string): void {
    this.user.set(user);
    if (user === GUEST) this.credentials.clearLogins();
    else this.credentials.setLogins({ [this.backend.loginProvider]: user });

    // Fetch the identity now, rather than at the first call, to show it and remember it.
    this.identityError.set(undefined);
    this.identityLookup?.unsubscribe();
    this.identityLookup = this.storage.identityId().subscribe({
      next: (identityId) => {
        if (identityId && this.user() === user) this.directory.record(user, identityId);
      },
      error: (error) => this.identityError.set(errorMessage(error)),
    });
  }

  protected refresh(): void {
    this.revision.update((revision) => revision + 1);
  }

  /** Files were stored, changed or deleted: the tables, the folder view and the album list again. */
  protected uploaded(album: S3Album): void {
    this.refresh();
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
