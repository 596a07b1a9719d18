import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { Observable, map } from 'rxjs';
import { startingWith } from '../observables/plain-operators';
import { EmbeddedPicker } from '../pickers/embedded-picker';
import { optionalNumberAttribute } from '../pickers/picker-base';
import { TEXT_ACCEPT } from './content-type';
import { textPrefix } from './text-prefix';
import { S3ObjectDisplay, S3ObjectRequest, S3ObjectState } from './s3-object-display';

/**
 * Shows a text object stored in S3, fetched and rendered as plain text in a `<pre>`: markup in
 * the object is shown, never interpreted. With `maxBytes`, only the start of the object is fetched
 * (a Range request) and shown. A missing object shows an error state.
 */
@Component({
  selector: 'amplify-s3-text',
  imports: [EmbeddedPicker],
  templateUrl: './s3-text.html',
  styleUrls: ['./s3-display.css', './s3-text.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'amplify-s3-text' },
})
export class S3Text extends S3ObjectDisplay {
  /** Key of the text object, relative to the level's prefix. */
  readonly textKey = input<string>('');
  /** Fetches and shows only the object's first bytes, up to this many (a character cut at the end is left out); default all. */
  readonly maxBytes = input<number | undefined, unknown>(undefined, {
    transform: optionalNumberAttribute,
  });

  /** The downloaded text, each time an object is loaded. */
  readonly loaded = output<string>();

  /** The key input of this display. */
  protected readonly keyInput = this.textKey;
  /** The text to show, while there is one. */
  protected readonly text = this.content;
  /** What the picker accepts: the text files this display shows. */
  protected readonly pickerAccept = TEXT_ACCEPT;

  /** `maxBytes`, so that a new limit fetches again. */
  protected override loadOptions(): number | undefined {
    return this.maxBytes();
  }

  /** The object (or its first `maxBytes`), fetched with one GET and read as UTF-8 text. */
  protected override load(request: S3ObjectRequest): Observable<S3ObjectState> {
    const { key, level, identityId, track, display } = request;
    const maxBytes = display as number | undefined;
    return textPrefix(this.storage, key, { level, identityId, track }, maxBytes).pipe(
      map((text): S3ObjectState => ({ status: 'shown', content: text })),
      startingWith<S3ObjectState, S3ObjectState>({ status: 'loading' }),
    );
  }

  /** A new text is shown: rendered or hidden, it is loaded. */
  protected override onShown(text: string): void {
    this.loaded.emit(text);
  }
}
