import { BaseHarnessFilters, HarnessPredicate, TestKey } from '@angular/cdk/testing';
import { S3ObjectDisplayHarness, S3ObjectDisplayStatus } from './s3-object-display-harness';
import { isDecoded } from './decoded-image';

/** Where an `amplify-s3-image` stands. */
export type S3ImageStatus = S3ObjectDisplayStatus;

/** Filters for S3ImageHarness. */
export interface S3ImageHarnessFilters extends BaseHarnessFilters {
  /** Only images of this key. */
  key?: string | RegExp;
}

/** Drives an `amplify-s3-image` in tests, independently of its DOM. */
export class S3ImageHarness extends S3ObjectDisplayHarness {
  /** The component's selector. */
  static hostSelector = 'amplify-s3-image';

  /** The error element's class. */
  protected readonly errorSelector = '.amplify-s3-image-error';
  private readonly image = this.locatorForOptional('.amplify-s3-image-img');

  /** A predicate for images that match `options`. */
  static with(options: S3ImageHarnessFilters = {}): HarnessPredicate<S3ImageHarness> {
    return new HarnessPredicate(S3ImageHarness, options).addOption(
      'key',
      options.key,
      (harness, key) => HarnessPredicate.stringMatches(harness.getKey(), key),
    );
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
    return isDecoded(await this.image());
  }

  /** True when an `<img>` element is rendered (false while hidden, loading or failed). */
  async hasImage(): Promise<boolean> {
    return (await this.image()) !== null;
  }

  /** Clicks the image; throws when none is shown. */
  async click(): Promise<void> {
    return (await this.requireImage()).click();
  }

  /** Focuses the image and presses `keys` on it, e.g. `TestKey.ENTER` or `' '`. */
  async pressKey(...keys: (string | TestKey)[]): Promise<void> {
    return (await this.requireImage()).sendKeys(...keys);
  }

  private async requireImage() {
    const image = await this.image();
    if (!image)
      throw new Error(`amplify-s3-image shows no image (it is ${await this.getStatus()}).`);
    return image;
  }
}
