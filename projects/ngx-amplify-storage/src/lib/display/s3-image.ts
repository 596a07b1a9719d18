import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  computed,
  input,
  output,
} from '@angular/core';
import { Observable, map } from 'rxjs';
import { lazy, startingWith } from '../observables/plain-operators';
import { EmbeddedPicker } from '../pickers/embedded-picker';
import { optionalNumberAttribute } from '../pickers/picker-base';
import { IMAGE_ACCEPT, fileNameOf } from './content-type';
import { unreadableError } from './display-error';
import { ImageRechecks, ImageUrlState } from './image-rechecks';
import { renewingUrl, stampIssued } from '../presign/renewing-url';
import { outsideZoneDelay } from '../ssr/in-browser';
import { S3ObjectDisplay, S3ObjectRequest, S3ObjectState } from './s3-object-display';

/** What `(selected)` of `amplify-s3-image` emits. */
export interface S3ImageSelection {
  /** The image's key, relative to the level's prefix. */
  key: string;
  /** The presigned URL the image is shown from. */
  url: string;
}

/**
 * Shows an image stored in S3 from a presigned URL that it renews before it expires. A missing
 * object, or one deleted while shown, shows an error state rather than a broken image: when the
 * image fails to load, the object is checked then.
 */
@Component({
  selector: 'amplify-s3-image',
  imports: [EmbeddedPicker],
  templateUrl: './s3-image.html',
  styleUrls: ['./s3-display.css', './s3-image.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-s3-image' },
})
export class S3Image extends S3ObjectDisplay {
  /** Where renewal timers wait: outside Angular's zone, so that they never block stability. */
  private readonly delay = outsideZoneDelay();
  /** Re-checks the object, for a fresh URL, when the shown image fails to load. */
  private readonly rechecks = new ImageRechecks(this.delay);

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
  /** What the picker accepts. */
  protected readonly pickerAccept = IMAGE_ACCEPT;
  /** The URL to show, while there is one. */
  protected readonly url = this.content;
  /** The text alternative in force. */
  protected readonly altText = computed(() => this.alt() ?? fileNameOf(this.target().key));

  /** `expires`, so that a new validity starts over with a new URL. */
  protected override urlExpires(): number | undefined {
    return this.expires();
  }

  /**
   * A presigned URL, renewed before it expires. Presigning is local, so showing and renewing send
   * nothing; the object is checked (a HEAD) only when the image fails to load, or for a hidden
   * image, which has no load to fail, once before its first URL.
   */
  protected override load(request: S3ObjectRequest): Observable<S3ObjectState> {
    const { key, level, identityId, expires, track } = request;
    const url = (recheck: boolean) =>
      lazy(() =>
        this.storage
          .get(key, { level, identityId, expires, track, validateObjectExistence: recheck })
          .pipe(stampIssued()),
      );
    const states = this.hidden()
      ? renewingUrl(url(true), url(false), this.delay).pipe(
          map((grant): ImageUrlState => ({ status: 'shown', url: grant.url })),
          startingWith<ImageUrlState, ImageUrlState>({ status: 'loading' }),
        )
      : this.rechecks.states(url);
    return states.pipe(
      map((state): S3ObjectState => {
        if (state.status === 'shown') return { status: 'shown', content: state.url };
        if (state.status === 'unreadable')
          return { status: 'error', error: unreadableError(key, 'image') };
        return state;
      }),
    );
  }

  /** A new URL is shown. */
  protected override onShown(url: string): void {
    // A rendered image emits `(loaded)` once the browser has loaded it (onImageLoad).
    if (this.hidden()) this.loaded.emit(url);
  }

  /** The browser has the image: a good moment to say so, and proof that the URL works. */
  protected onImageLoad(): void {
    this.rechecks.loaded();
    const url = this.url();
    if (url !== undefined) this.loaded.emit(url);
  }

  /** The URL stopped working: re-check the object (see ImageRechecks). */
  protected onImageError(): void {
    this.rechecks.failed();
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
