import { ComponentHarness } from '@angular/cdk/testing';
import { PickerHarness } from './picker-harness';

/** Where an `amplify-s3-image` or `amplify-s3-text` stands. */
export type S3ObjectDisplayStatus = 'idle' | 'uploading' | 'loading' | 'shown' | 'error';

/**
 * What the harnesses of `amplify-s3-image` and `amplify-s3-text` share, as the two components share
 * their state: the key shown, the status, the error state and the picker.
 */
export abstract class S3ObjectDisplayHarness extends ComponentHarness {
  /** The class of the component's error element, e.g. `.amplify-s3-image-error`. */
  protected abstract readonly errorSelector: string;

  /** The key shown (after a picker upload, the uploaded key). */
  async getKey(): Promise<string | null> {
    return (await this.host()).getAttribute('data-key');
  }

  /** Where the component stands. */
  async getStatus(): Promise<S3ObjectDisplayStatus> {
    return (await (await this.host()).getAttribute('data-status')) as S3ObjectDisplayStatus;
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

  /** True when the picker is shown. */
  async hasPicker(): Promise<boolean> {
    return (await this.locatorForOptional(PickerHarness)()) !== null;
  }

  /** The picker; throws when it is not shown. */
  async getPicker(): Promise<PickerHarness> {
    return this.locatorFor(PickerHarness)();
  }

  // Looked up on each call: the selector is a subclass field, set after this class's fields.
  private error() {
    return this.locatorForOptional(this.errorSelector)();
  }
}
