import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  computed,
  input,
  output,
} from '@angular/core';
import { Observable, Subject, defer, map, of, startWith, switchMap } from 'rxjs';
import { Picker } from '../pickers/picker';
import { optionalNumberAttribute } from '../pickers/picker-base';
import { fileNameOf } from './content-type';
import { unreadableError } from './display-error';
import { UrlGrant, renewingUrl, stampIssued } from './renewing-url';
import { S3ObjectDisplay, S3ObjectRequest, S3ObjectState } from './s3-object-display';

/** What `(selected)` of `amplify-s3-image` emits. */
export interface S3ImageSelection {
  /** The image's key, relative to the level's prefix. */
  key: string;
  /** The presigned URL the image is shown from. */
  url: string;
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
  host: { class: 'amplify-s3-image' },
})
export class S3Image extends S3ObjectDisplay {
  /** Fires when the shown image fails to load, to re-check the object and get a fresh URL. */
  private readonly loadFailures = new Subject<'recheck' | 'give-up'>();
  private failuresInARow = 0;

  /** Key of the image, relative to the level's prefix. */
  readonly imgKey = input<string>('');
  /** Seconds each URL stays valid; default the service's (900). */
  readonly expires = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });
  /** Text alternative; default the file name. Pass `''` for a decorative image. */
  readonly alt = input<string | undefined>(undefined);
  /** Makes the image clickable and focusable, emitting `(selected)`; default true. */
  readonly selectable = input(true, { transform: booleanAttribute });

  /** The URL, each time a new one is shown (once the browser has loaded it) or, when hidden, obtained. */
  readonly loaded = output<string>();
  /** The image was clicked, or Enter or Space was pressed on it. */
  readonly selected = output<S3ImageSelection>();

  /** The key input of this display. */
  protected readonly keyInput = this.imgKey;
  /** The URL to show, while there is one. */
  protected readonly url = this.content;
  /** The text alternative in force. */
  protected readonly altText = computed(() => this.alt() ?? fileNameOf(this.target().key));

  /** `expires`, so that a new validity starts over with a new URL. */
  protected override urlExpires(): number | undefined {
    return this.expires();
  }

  /** A presigned URL, renewed before it expires and re-checked when the image fails to load. */
  protected override load(request: S3ObjectRequest): Observable<S3ObjectState> {
    const { key, level, identityId, expires, track } = request;
    // A new object starts with no failures counted against it.
    this.failuresInARow = 0;
    const url = defer(() =>
      this.storage
        .get(key, { level, identityId, expires, track, validateObjectExistence: true })
        .pipe(stampIssued()),
    );
    return this.loadFailures.pipe(
      startWith('recheck' as const),
      switchMap((action) =>
        action === 'give-up'
          ? of<S3ObjectState>({ status: 'error', error: unreadableError(key, 'image') })
          : renewingUrl(url, url).pipe(
              map((grant: UrlGrant): S3ObjectState => ({ status: 'shown', content: grant.url })),
              // Dropping the failed <img> at once keeps the browser's broken-image icon off screen.
              startWith<S3ObjectState>({ status: 'loading' }),
            ),
      ),
    );
  }

  /** A new URL is shown. */
  protected override onShown(url: string): void {
    // A rendered image emits `(loaded)` once the browser has loaded it (onImageLoad).
    if (this.hidden()) this.loaded.emit(url);
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
}
