import { BaseHarnessFilters, HarnessPredicate } from '@angular/cdk/testing';
import { S3ObjectDisplayHarness, S3ObjectDisplayStatus } from './s3-object-display-harness';

/** Where an `amplify-s3-text` stands. */
export type S3TextStatus = S3ObjectDisplayStatus;

/** Filters for S3TextHarness. */
export interface S3TextHarnessFilters extends BaseHarnessFilters {
  /** Only texts of this key. */
  key?: string | RegExp;
}

/** Drives an `amplify-s3-text` in tests, independently of its DOM. */
export class S3TextHarness extends S3ObjectDisplayHarness {
  /** The component's selector. */
  static hostSelector = 'amplify-s3-text';

  /** The error element's class. */
  protected readonly errorSelector = '.amplify-s3-text-error';
  private readonly content = this.locatorForOptional('.amplify-s3-text-content');

  /** A predicate for texts that match `options`. */
  static with(options: S3TextHarnessFilters = {}): HarnessPredicate<S3TextHarness> {
    return new HarnessPredicate(S3TextHarness, options).addOption(
      'key',
      options.key,
      (harness, key) => HarnessPredicate.stringMatches(harness.getKey(), key),
    );
  }

  /** The text shown, exactly (whitespace kept), or null when none is shown. */
  async getText(): Promise<string | null> {
    const content = await this.content();
    return content ? content.getProperty<string>('textContent') : null;
  }
}
