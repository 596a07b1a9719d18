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
import {
  Observable,
  Subject,
  catchError,
  concat,
  defer,
  ignoreElements,
  map,
  of,
  startWith,
  switchMap,
} from 'rxjs';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { StorageBody, transferResult } from '../service/storage-types';
import { Picker } from '../pickers/picker';
import { optionalBooleanAttribute, optionalNumberAttribute } from '../pickers/picker-base';
import { UploadedFile } from '../pickers/file-upload';
import { PickedFileInfo } from '../upload/file-rules';
import { fileNameOf, uploadContentType } from './content-type';
import { DisplayError, displayErrorOf, unreadableError } from './display-error';
import { UrlGrant, renewingUrl, stampIssued } from './renewing-url';

/** What `(selected)` of `amplify-s3-image` emits. */
export interface S3ImageSelection {
  /** The image's key, relative to the level's prefix. */
  key: string;
  /** The presigned URL the image is shown from. */
  url: string;
}

/** The state of an S3Image: what the template shows. */
type ImageState =
  | { status: 'idle' }
  | { status: 'uploading' }
  | { status: 'loading' }
  | { status: 'shown'; url: string }
  | { status: 'error'; error: DisplayError };

/** The object to show and, when `body` is set, what to upload to it first. */
interface ImageTarget {
  key: string;
  body: StorageBody | undefined;
}

/** Everything one load depends on: a change to any of it starts over. */
interface ImageRequest extends ImageTarget {
  level: AccessLevel | undefined;
  identityId: string | undefined;
  expires: number | undefined;
  track: boolean | undefined;
  user: unknown;
}

/** Re-checks allowed in a row for an existing image that fails to load, before it is called unreadable. */
const MAX_LOAD_FAILURES = 3;

/**
 * Shows an image stored in S3 from a presigned URL that it renews before it expires. A missing
 * object, or one deleted while shown, shows an error state rather than a broken image.
 */
@Component({
  selector: 'amplify-s3-image',
  imports: [Picker],
  templateUrl: './s3-image.html',
  styleUrl: './s3-image.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'amplify-s3-image',
    '[attr.data-key]': 'target().key || null',
    '[attr.data-status]': 'state().status',
  },
})
export class S3Image {
  private readonly storage = inject(StorageService);
  /** Fires when the shown image fails to load, to re-check the object and get a fresh URL. */
  private readonly loadFailures = new Subject<'recheck' | 'give-up'>();
  private failuresInARow = 0;

  /** Key of the image, relative to the level's prefix. */
  readonly imgKey = input<string>('');
  /** Access level; default the configured level. */
  readonly level = input<AccessLevel | undefined>(undefined);
  /** Owner of a protected image, to show another user's; default the current user. */
  readonly identityId = input<string | undefined>(undefined);
  /** Seconds each URL stays valid; default the service's (900). */
  readonly expires = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });
  /** Content to upload to `imgKey` before showing it. */
  readonly body = input<StorageBody | undefined>(undefined);
  /** Loads the image and emits `(loaded)` without rendering anything. */
  readonly hidden = input(false, { transform: booleanAttribute });
  /** Shows a picker whose upload (to `path` + file name, or `fileToKey`) becomes the image shown. */
  readonly picker = input(false, { transform: booleanAttribute });
  /** Folder the picker uploads to, ending in `/` (e.g. `photos/`). */
  readonly path = input<string>('');
  /** Makes the picker's key from the picked file, instead of `path` + file name. */
  readonly fileToKey = input<((file: PickedFileInfo) => string) | undefined>(undefined);
  /** Emit tracking events for this component's calls; default the configured `track`. */
  readonly track = input<boolean | undefined, unknown>(undefined, {
    transform: optionalBooleanAttribute,
  });
  /** Text alternative; default the file name. Pass `''` for a decorative image. */
  readonly alt = input<string | undefined>(undefined);
  /** Makes the image clickable and focusable, emitting `(selected)`; default true. */
  readonly selectable = input(true, { transform: booleanAttribute });

  /** The URL, each time a new one is shown (once the browser has loaded it) or, when hidden, obtained. */
  readonly loaded = output<string>();
  /** The image was clicked, or Enter or Space was pressed on it. */
  readonly selected = output<S3ImageSelection>();

  /** The shown key: `imgKey`, until the picker uploads another image. */
  protected readonly target = linkedSignal<ImageTarget>(() => ({
    key: this.imgKey(),
    body: this.body(),
  }));
  /** What the template shows. */
  protected readonly state = signal<ImageState>({ status: 'idle' });
  /** The URL to show, while there is one. */
  protected readonly url = computed(() => {
    const state = this.state();
    return state.status === 'shown' ? state.url : undefined;
  });
  /** The error to show, while there is one. */
  protected readonly error = computed(() => {
    const state = this.state();
    return state.status === 'error' ? state.error : undefined;
  });
  /** The text alternative in force. */
  protected readonly altText = computed(() => this.alt() ?? fileNameOf(this.target().key));

  private readonly request = computed<ImageRequest>(() => ({
    ...this.target(),
    level: this.level(),
    identityId: this.identityId(),
    // A sign-in or sign-out reloads: the next user gets a URL signed with their credentials.
    user: this.storage.userChanges(),
    expires: this.expires(),
    track: this.track(),
  }));

  constructor() {
    // One subscription per request: a new key or option cancels the previous upload, check or timer.
    effect((onCleanup) => {
      const request = this.request();
      untracked(() => {
        this.failuresInARow = 0;
        if (!request.key) {
          this.state.set({ status: 'idle' });
          return;
        }
        const subscription = this.states(request).subscribe((state) => {
          this.state.set(state);
          if (state.status === 'shown' && this.hidden()) this.loaded.emit(state.url);
        });
        onCleanup(() => subscription.unsubscribe());
      });
    });
  }

  /** Called by the picker once a file is uploaded: that file becomes the image shown. */
  protected onUploaded(event: UploadedFile): void {
    this.target.set({ key: event.key, body: undefined });
  }

  /** The browser has the image: a good moment to say so, and proof that the URL works. */
  protected onImageLoad(): void {
    this.failuresInARow = 0;
    const url = this.url();
    if (url !== undefined) this.loaded.emit(url);
  }

  /**
   * The URL stopped working: the object was deleted, or the URL expired before its renewal. The
   * object is re-checked, leading to a fresh URL or to the not-found state; an image that keeps
   * failing while it exists (not an image at all) ends in the unreadable state.
   */
  protected onImageError(): void {
    this.failuresInARow++;
    this.loadFailures.next(this.failuresInARow >= MAX_LOAD_FAILURES ? 'give-up' : 'recheck');
  }

  /** Emits `(selected)` for a click. */
  protected select(): void {
    const url = this.url();
    if (this.selectable() && url !== undefined) this.selected.emit({ key: this.target().key, url });
  }

  /** Enter and Space select, as on a button. */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ' ') {
      // Space would otherwise scroll the page.
      event.preventDefault();
      this.select();
    }
  }

  private states(request: ImageRequest): Observable<ImageState> {
    const { key, body, level, identityId, expires, track } = request;
    const url = defer(() =>
      this.storage
        .get(key, { level, identityId, expires, track, validateObjectExistence: true })
        .pipe(stampIssued()),
    );
    const show = this.loadFailures.pipe(
      startWith('recheck' as const),
      switchMap((action) =>
        action === 'give-up'
          ? of<ImageState>({ status: 'error', error: unreadableError(key, 'image') })
          : renewingUrl(url, url).pipe(
              map((grant: UrlGrant): ImageState => ({ status: 'shown', url: grant.url })),
              // Dropping the failed <img> at once keeps the browser's broken-image icon off screen.
              startWith<ImageState>({ status: 'loading' }),
            ),
      ),
    );
    const upload =
      body === undefined
        ? of<ImageState>()
        : concat(
            of<ImageState>({ status: 'uploading' }),
            this.storage
              .put(key, body, { level, track, contentType: uploadContentType(body, key) })
              .pipe(transferResult(), ignoreElements()),
          );
    return concat(upload, show).pipe(
      catchError((error: unknown) =>
        of<ImageState>({ status: 'error', error: displayErrorOf(error, key) }),
      ),
    );
  }
}
