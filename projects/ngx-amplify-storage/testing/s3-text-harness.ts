import { BaseHarnessFilters, ComponentHarness, HarnessPredicate } from '@angular/cdk/testing';
import { PickerHarness } from './picker-harness';

/** Where an `amplify-s3-text` stands. */
export type S3TextStatus = 'idle' | 'uploading' | 'loading' | 'shown' | 'error';

/** Filters for S3TextHarness. */
export interface S3TextHarnessFilters extends BaseHarnessFilters {
  /** Only texts of this key. */
  key?: string | RegExp;
}

/** Drives an `amplify-s3-text` in tests, independently of its DOM. */
export class S3TextHarness extends ComponentHarness {
  /** The component's selector. */
  static hostSelector = 'amplify-s3-text';

  private readonly content = this.locatorForOptional('.amplify-s3-text-content');
  private readonly error = this.locatorForOptional('.amplify-s3-text-error');

  /** A predicate for texts that match `options`. */
  static with(options: S3TextHarnessFilters = {}): HarnessPredicate<S3TextHarness> {
    return new HarnessPredicate(S3TextHarness, options).addOption(
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
  async getStatus(): Promise<S3TextStatus> {
    return (await (await this.host()).getAttribute('data-status')) as S3TextStatus;
  }

  /** The text shown, exactly (whitespace kept), or null when none is shown. */
  async getText(): Promise<string | null> {
    const content = await this.content();
    return content ? content.getProperty<string>('textContent') : null;
  }

  /** True when the error state is shown. */
  async isError(): Promise<boolean> {
    return (await this.error()) !== null;
  }

  /** The error's code (`NotFound`, ...), or null when there is no error. */
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
}
