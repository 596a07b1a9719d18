import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
} from '@angular/core';
import { Observable, catchError, concat, from, ignoreElements, map, of, switchMap } from 'rxjs';
import { AccessLevel } from '../keys/access-level';
import { UploadedFile } from '../pickers/file-upload';
import { Picker } from '../pickers/picker';
import { optionalBooleanAttribute } from '../pickers/picker-base';
import { StorageService } from '../service/storage.service';
import { StorageBody, transferResult } from '../service/storage-types';
import { PickedFileInfo } from '../upload/file-rules';
import { uploadContentType } from './content-type';
import { DisplayError, displayErrorOf } from './display-error';

/** The state of an S3Text: what the template shows. */
type TextState =
  | { status: 'idle' }
  | { status: 'uploading' }
  | { status: 'loading' }
  | { status: 'shown'; text: string }
  | { status: 'error'; error: DisplayError };

/** The object to show and, when `body` is set, what to upload to it first. */
interface TextTarget {
  key: string;
  body: StorageBody | undefined;
}

/** Everything one load depends on: a change to any of it starts over. */
interface TextRequest extends TextTarget {
  level: AccessLevel | undefined;
  identityId: string | undefined;
  track: boolean | undefined;
  user: unknown;
}

/** What the text picker accepts: text/* plus readable types that browsers often report without a type. */
export const TEXT_PICKER_ACCEPT = 'text/*,.txt,.md,.csv,.tsv,.json,.xml,.yaml,.yml,.log';

/**
 * Shows a text object stored in S3, downloaded and rendered as plain text in a `<pre>`: markup in
 * the object is shown, never interpreted. A missing object shows an error state.
 */
@Component({
  selector: 'amplify-s3-text',
  imports: [Picker],
  templateUrl: './s3-text.html',
  styleUrl: './s3-text.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'amplify-s3-text',
    '[attr.data-key]': 'target().key || null',
    '[attr.data-status]': 'state().status',
  },
})
export class S3Text {
  private readonly storage = inject(StorageService);

  /** Key of the text object, relative to the level's prefix. */
  readonly textKey = input<string>('');
  /** Access level; default the configured level. */
  readonly level = input<AccessLevel | undefined>(undefined);
  /** Owner of a protected object, to show another user's; default the current user. */
  readonly identityId = input<string | undefined>(undefined);
  /** Content to upload to `textKey` before showing it. */
  readonly body = input<StorageBody | undefined>(undefined);
  /** Downloads the text and emits `(loaded)` without rendering anything. */
  readonly hidden = input(false, { transform: booleanAttribute });
  /** Shows a picker whose upload (to `path` + file name, or `fileToKey`) becomes the text shown. */
  readonly picker = input(false, { transform: booleanAttribute });
  /** Folder the picker uploads to, ending in `/` (e.g. `notes/`). */
  readonly path = input<string>('');
  /** Makes the picker's key from the picked file, instead of `path` + file name. */
  readonly fileToKey = input<((file: PickedFileInfo) => string) | undefined>(undefined);
  /** Emit tracking events for this component's calls; default the configured `track`. */
  readonly track = input<boolean | undefined, unknown>(undefined, {
    transform: optionalBooleanAttribute,
  });

  /** The downloaded text, each time an object is loaded. */
  readonly loaded = output<string>();

  /** The shown key: `textKey`, until the picker uploads another file. */
  protected readonly target = linkedSignal<TextTarget>(() => ({
    key: this.textKey(),
    body: this.body(),
  }));
  /** What the template shows. */
  protected readonly state = signal<TextState>({ status: 'idle' });
  /** The text to show, while there is one. */
  protected readonly text = computed(() => {
    const state = this.state();
    return state.status === 'shown' ? state.text : undefined;
  });
  /** The error to show, while there is one. */
  protected readonly error = computed(() => {
    const state = this.state();
    return state.status === 'error' ? state.error : undefined;
  });
  /** The accept list of the picker. */
  protected readonly accept = TEXT_PICKER_ACCEPT;

  private readonly request = computed<TextRequest>(() => ({
    ...this.target(),
    level: this.level(),
    identityId: this.identityId(),
    // A sign-in or sign-out reloads: the next user gets a URL signed with their credentials.
    user: this.storage.userChanges(),
    track: this.track(),
  }));

  constructor() {
    // One subscription per request: a new key or option cancels the previous upload or download.
    effect((onCleanup) => {
      const request = this.request();
      untracked(() => {
        if (!request.key) {
          this.state.set({ status: 'idle' });
          return;
        }
        const subscription = this.states(request).subscribe((state) => {
          this.state.set(state);
          if (state.status === 'shown') this.loaded.emit(state.text);
        });
        onCleanup(() => subscription.unsubscribe());
      });
    });
  }

  /** Called by the picker once a file is uploaded: that file becomes the text shown. */
  protected onUploaded(event: UploadedFile): void {
    this.target.set({ key: event.key, body: undefined });
  }

  private states(request: TextRequest): Observable<TextState> {
    const { key, body, level, identityId, track } = request;
    const upload =
      body === undefined
        ? of<TextState>()
        : concat(
            of<TextState>({ status: 'uploading' }),
            this.storage
              .put(key, body, { level, track, contentType: uploadContentType(body, key) })
              .pipe(transferResult(), ignoreElements()),
          );
    const download = concat(
      of<TextState>({ status: 'loading' }),
      this.storage.get(key, { level, identityId, track, download: true }).pipe(
        transferResult(),
        switchMap((result) => from(result.body.text())),
        map((text): TextState => ({ status: 'shown', text })),
      ),
    );
    return concat(upload, download).pipe(
      catchError((error: unknown) =>
        of<TextState>({ status: 'error', error: displayErrorOf(error, key) }),
      ),
    );
  }
}
