import {
  BaseHarnessFilters,
  ComponentHarness,
  HarnessPredicate,
  TestKey,
} from '@angular/cdk/testing';
import { PickerHarness } from './picker-harness';

/** Where an `amplify-s3-image` stands. */
export type S3ImageStatus = 'idle' | 'uploading' | 'loading' | 'shown' | 'error';

/** Filters for S3ImageHarness. */
export interface S3ImageHarnessFilters extends BaseHarnessFilters {
  /** Only images of this key. */
  key?: string | RegExp;
}

/** Drives an `amplify-s3-image` in tests, independently of its DOM. */
export class S3ImageHarness extends ComponentHarness {
  /** The component's selector. */
  static hostSelector = 'amplify-s3-image';

  private readonly image = this.locatorForOptional('.amplify-s3-image-img');
  private readonly error = this.locatorForOptional('.amplify-s3-image-error');

  /** A predicate for images that match `options`. */
  static with(options: S3ImageHarnessFilters = {}): HarnessPredicate<S3ImageHarness> {
    return new HarnessPredicate(S3ImageHarness, options).addOption(
      'key',
      options.key,
      (harness, key) => HarnessPredicate.stringMatches(harness.getKey(), key),
    );
  }

  /** The key shown (after a picker upload, the uploaded key). */
  async getKey(): Promise<string | null> {
    return (await this.host()).getAttribute('data-key');
  }

  /** Where the component stands. */
  async getStatus(): Promise<S3ImageStatus> {
    return (await (await this.host()).getAttribute('data-status')) as S3ImageStatus;
  }

  /** The URL the `<img>` loads, or null when no image is rendered. */
  async getSrc(): Promise<string | null> {
    const image = await this.image();
    return image ? image.getAttribute('src') : null;
  }

  /** The image's text alternative, or null when no image is rendered. */
  async getAlt(): Promise<string | null> {
    const image = await this.image();
    return image ? image.getAttribute('alt') : null;
  }

  /** True when an image is rendered and the browser has decoded it. */
  async isImageLoaded(): Promise<boolean> {
    const image = await this.image();
    if (!image) return false;
    const [complete, width] = await Promise.all([
      image.getProperty<boolean>('complete'),
      image.getProperty<number>('naturalWidth'),
    ]);
    return complete && width > 0;
  }

  /** True when an `<img>` element is rendered (false while hidden, loading or failed). */
  async hasImage(): Promise<boolean> {
    return (await this.image()) !== null;
  }

  /** True when the error state is shown. */
  async isError(): Promise<boolean> {
    return (await this.error()) !== null;
  }

  /** The error's code (`NotFound`, `Unreadable`, ...), or null when there is no error. */
  async getErrorCode(): Promise<string | null> {
    const error = await this.error();
    return error ? error.getAttribute('data-code') : null;
  }

  /** The error as the user reads it, or null when there is no error. */
  async getErrorMessage(): Promise<string | null> {
    const error = await this.error();
    return error ? error.text() : null;
  }

  /** Clicks the image; throws when none is shown. */
  async click(): Promise<void> {
    return (await this.requireImage()).click();
  }

  /** Focuses the image and presses `keys` on it, e.g. `TestKey.ENTER` or `' '`. */
  async pressKey(...keys: (string | TestKey)[]): Promise<void> {
    return (await this.requireImage()).sendKeys(...keys);
  }

  /** True when the picker is shown. */
  async hasPicker(): Promise<boolean> {
    return (await this.locatorForOptional(PickerHarness)()) !== null;
  }

  /** The picker; throws when it is not shown. */
  async getPicker(): Promise<PickerHarness> {
    return this.locatorFor(PickerHarness)();
  }

  private async requireImage() {
    const image = await this.image();
    if (!image)
      throw new Error(`amplify-s3-image shows no image (it is ${await this.getStatus()}).`);
    return image;
  }
}
