import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { Observable, concat, from, map, of, switchMap } from 'rxjs';
import { EmbeddedPicker } from '../pickers/embedded-picker';
import { transferResult } from '../service/storage-types';
import { TEXT_ACCEPT } from './content-type';
import { S3ObjectDisplay, S3ObjectRequest, S3ObjectState } from './s3-object-display';

/**
 * Shows a text object stored in S3, downloaded and rendered as plain text in a `<pre>`: markup in
 * the object is shown, never interpreted. A missing object shows an error state.
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

  /** The downloaded text, each time an object is loaded. */
  readonly loaded = output<string>();

  /** The key input of this display. */
  protected readonly keyInput = this.textKey;
  /** The text to show, while there is one. */
  protected readonly text = this.content;
  /** What the picker accepts: the text files this display shows. */
  protected readonly pickerAccept = TEXT_ACCEPT;

  /** The object, downloaded and read as text. */
  protected override load(request: S3ObjectRequest): Observable<S3ObjectState> {
    const { key, level, identityId, track } = request;
    return concat(
      of<S3ObjectState>({ status: 'loading' }),
      this.storage.get(key, { level, identityId, track, download: true }).pipe(
        transferResult(),
        switchMap((result) => from(result.body.text())),
        map((text): S3ObjectState => ({ status: 'shown', content: text })),
      ),
    );
  }

  /** A new text is shown: rendered or hidden, it is loaded. */
  protected override onShown(text: string): void {
    this.loaded.emit(text);
  }
}
