import {
  Directive,
  Signal,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { EMPTY, Observable, ignoreElements } from 'rxjs';
import { followedBy, just, recover } from '../observables/plain-operators';
import { AccessLevel } from '../keys/access-level';
import { UploadedFile } from '../pickers/file-upload';
import { PickerSettings } from '../pickers/embedded-picker';
import { optionalBooleanAttribute } from '../pickers/picker-base';
import { StorageService } from '../service/storage.service';
import { StorageBody, transferResult } from '../service/storage-types';
import { FileToKey } from '../pickers/file-key';
import { ProcessFile } from '../pickers/process-file';
import { uploadContentType } from './content-type';
import { DisplayError, displayErrorOf, displayErrorText } from './display-error';
import { injectStorageIntl } from '../i18n/intl-signal';
import { renderedInBrowser } from '../ssr/in-browser';

/**
 * The state of an S3 object display: what its template shows. `content` is what it renders: the
 * image's URL, or the downloaded text.
 */
export type S3ObjectState =
  | { status: 'idle' }
  | { status: 'uploading' }
  | { status: 'loading' }
  | { status: 'shown'; content: string }
  | { status: 'error'; error: DisplayError };

/** The object to show and, when `body` is set, what to upload to it first. */
export interface S3ObjectTarget {
  /** Key of the object, relative to the level's prefix; '' shows nothing. */
  key: string;
  /** Content to upload to `key` before showing it. */
  body: StorageBody | undefined;
}

/** Everything one load depends on: a change to any of it starts over. */
export interface S3ObjectRequest extends S3ObjectTarget {
  /** Access level; undefined for the configured level. */
  level: AccessLevel | undefined;
  /** Owner of a protected object; undefined for the current user. */
  identityId: string | undefined;
  /** Seconds each URL stays valid, for displays that show one; undefined otherwise. */
  expires: number | undefined;
  /** Emit tracking events; undefined for the configured `track`. */
  track: boolean | undefined;
  /** The signed-in user, only so that a change of user starts over. */
  user: unknown;
  /** The display's own options that change what it loads (S3Text's `maxBytes`); see `loadOptions`. */
  display: unknown;
}

/**
 * What `amplify-s3-image` and `amplify-s3-text` share: the inputs that say which object to show,
 * the optional upload of `body` or of a picked file before showing it, and the state machine
 * (idle, uploading, loading, shown, error) that drives the template from signals, so that the
 * display renders under OnPush and without zone.js. Each display names its own key input and
 * says how to load and show an object that is in S3.
 */
@Directive({
  host: {
    // The harnesses read these, rather than the DOM of each display.
    '[attr.data-key]': 'target().key || null',
    '[attr.data-status]': 'state().status',
  },
})
export abstract class S3ObjectDisplay {
  /** The service every upload, check and download goes through. */
  protected readonly storage = inject(StorageService);
  /** The app's strings. */
  protected readonly intl = injectStorageIntl();
  // Loading starts in the browser only: a server render shows the loading placeholder.
  private readonly inBrowser = renderedInBrowser();

  /** Access level; default the configured level. */
  readonly level = input<AccessLevel | undefined>(undefined);
  /** Owner of a protected object, to show another user's; default the current user. */
  readonly identityId = input<string | undefined>(undefined);
  /** Content to upload to the key (`imgKey`, `textKey`) before showing it. */
  readonly body = input<StorageBody | undefined>(undefined);
  /** Loads the object and emits `(loaded)` without rendering anything. */
  readonly hidden = input(false, { transform: booleanAttribute });
  /** Shows a picker whose upload (to `path` + file name, or `path` + `fileToKey`) becomes the object shown. */
  readonly picker = input(false, { transform: booleanAttribute });
  /** Folder the picker uploads to, ending in `/` (e.g. `photos/`). */
  readonly path = input<string>('');
  /** The picker's key after the folder, as the pickers' `fileToKey`: a function, a string or an object; default the file name. */
  readonly fileToKey = input<FileToKey | undefined>(undefined);
  /** Runs on each picked file before it is keyed and uploaded, e.g. `resizeImage`; see the pickers' `processFile`. */
  readonly processFile = input<ProcessFile | undefined>(undefined);
  /** Emit tracking events for this component's calls; default the configured `track`. */
  readonly track = input<boolean | undefined, unknown>(undefined, {
    transform: optionalBooleanAttribute,
  });

  /** The display's own key input (`imgKey`, `textKey`). */
  protected abstract readonly keyInput: Signal<string>;
  /** What the picker accepts: what the display shows. */
  protected abstract readonly pickerAccept: string;

  /** What the picker is bound to. */
  protected readonly pickerSettings = computed<PickerSettings>(() => ({
    accept: this.pickerAccept,
    path: this.path(),
    fileToKey: this.fileToKey(),
    processFile: this.processFile(),
    level: this.level(),
    track: this.track(),
  }));

  /** The shown key: the key input, until the picker uploads another file. */
  protected readonly target = linkedSignal<S3ObjectTarget>(() => ({
    key: this.keyInput(),
    body: this.body(),
  }));
  /** What the template shows. */
  protected readonly state = signal<S3ObjectState>({ status: 'idle' });
  /** What the template renders (URL or text), while there is something. */
  protected readonly content = computed(() => {
    const state = this.state();
    return state.status === 'shown' ? state.content : undefined;
  });
  /** The error to show, while there is one. */
  protected readonly error = computed(() => {
    const state = this.state();
    return state.status === 'error' ? state.error : undefined;
  });
  /** The error's sentence, in the app's language. */
  protected readonly errorText = computed(() => {
    const error = this.error();
    return error === undefined ? '' : displayErrorText(error, this.intl());
  });

  private readonly request = computed<S3ObjectRequest>(() => ({
    ...this.target(),
    level: this.level(),
    identityId: this.identityId(),
    // A sign-in or sign-out reloads: the next user's requests and URLs are signed with their
    // credentials.
    user: this.storage.userChanges(),
    expires: this.urlExpires(),
    track: this.track(),
    display: this.loadOptions(),
  }));

  constructor() {
    // One subscription per request: a new key or option cancels the previous upload, download,
    // check or renewal timer.
    effect((onCleanup) => {
      const request = this.request();
      const inBrowser = this.inBrowser();
      untracked(() => {
        if (!request.key) {
          this.state.set({ status: 'idle' });
          return;
        }
        // The server, and the browser's first render that hydrates it, show the same placeholder.
        if (!inBrowser) {
          this.state.set({ status: request.body === undefined ? 'loading' : 'uploading' });
          return;
        }
        const subscription = this.states(request).subscribe((state) => {
          this.state.set(state);
          if (state.status === 'shown') this.onShown(state.content);
        });
        onCleanup(() => subscription.unsubscribe());
      });
    });
  }

  /**
   * The states that show the object of `request` once it is in S3, from `loading` on. They may
   * fail: the failure becomes the error state.
   */
  protected abstract load(request: S3ObjectRequest): Observable<S3ObjectState>;

  /** Called each time a new `content` is shown, e.g. to emit `(loaded)`. */
  protected abstract onShown(content: string): void;

  /**
   * Seconds each URL stays valid, read into every request so that a change starts over; none by
   * default, for displays that download the object rather than show a URL.
   */
  protected urlExpires(): number | undefined {
    return undefined;
  }

  /** The display's own inputs that change what it loads, read into every request; none by default. */
  protected loadOptions(): unknown {
    return undefined;
  }

  /** Called by the picker once a file is uploaded: that file becomes the object shown. */
  protected onUploaded(event: UploadedFile): void {
    this.target.set({ key: event.key, body: undefined });
  }

  /** The upload of `body`, when set, then the display's own states; a failure ends in `error`. */
  private states(request: S3ObjectRequest): Observable<S3ObjectState> {
    const { key, body, level, track } = request;
    const upload: Observable<S3ObjectState> =
      body === undefined
        ? EMPTY
        : just<S3ObjectState>({ status: 'uploading' }).pipe(
            followedBy(
              this.storage
                .put(key, body, { level, track, contentType: uploadContentType(body, key) })
                .pipe(transferResult(), ignoreElements()),
            ),
          );
    return upload.pipe(
      followedBy(this.load(request)),
      recover((error: unknown) =>
        just<S3ObjectState>({ status: 'error', error: displayErrorOf(error, key) }),
      ),
    );
  }
}
