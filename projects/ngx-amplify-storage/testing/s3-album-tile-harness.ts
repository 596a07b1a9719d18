import {
  BaseHarnessFilters,
  ComponentHarness,
  HarnessPredicate,
  TestKey,
} from '@angular/cdk/testing';
import { isDecoded } from './decoded-image';

/** How an album tile shows its item; `folder` for a sub-folder of an album that browses folders. */
export type S3AlbumTileKind = 'image' | 'text' | 'other' | 'folder';

/** Where an album tile stands: loading, showing an image, a text preview, a plain file tile or a folder, or failed. */
export type S3AlbumTileStatus = 'loading' | 'image' | 'text' | 'plain' | 'folder' | 'error';

/** Filters for S3AlbumTileHarness. */
export interface S3AlbumTileHarnessFilters extends BaseHarnessFilters {
  /** Only the tile of this key. */
  key?: string | RegExp;
  /** Only tiles shown this way. */
  kind?: S3AlbumTileKind;
  /** Only selected (or unselected) tiles. */
  selected?: boolean;
}

/** One rendered tile of an `amplify-s3-album`. */
export class S3AlbumTileHarness extends ComponentHarness {
  /** The tile's selector. */
  static hostSelector = 'amplify-s3-album-tile';

  private readonly image = this.locatorForOptional('.amplify-s3-album-tile-image');
  private readonly preview = this.locatorForOptional('.amplify-s3-album-tile-preview');
  private readonly error = this.locatorForOptional('.amplify-s3-album-tile-error');
  private readonly name = this.locatorFor('.amplify-s3-album-tile-name');

  /** A predicate for tiles that match `options`. */
  static with(options: S3AlbumTileHarnessFilters = {}): HarnessPredicate<S3AlbumTileHarness> {
    return new HarnessPredicate(S3AlbumTileHarness, options)
      .addOption('key', options.key, (harness, key) =>
        HarnessPredicate.stringMatches(harness.getKey(), key),
      )
      .addOption('kind', options.kind, async (harness, kind) => (await harness.getKind()) === kind)
      .addOption(
        'selected',
        options.selected,
        async (harness, selected) => (await harness.isSelected()) === selected,
      );
  }

  /** The item's key. */
  async getKey(): Promise<string> {
    return (await (await this.host()).getAttribute('data-key')) ?? '';
  }

  /** The name shown on the tile: the file name, or in a flat album the key under its path. */
  async getName(): Promise<string> {
    return (await this.name()).text();
  }

  /** How the tile shows its item. */
  async getKind(): Promise<S3AlbumTileKind> {
    return (await (await this.host()).getAttribute('data-kind')) as S3AlbumTileKind;
  }

  /** Where the tile stands. */
  async getStatus(): Promise<S3AlbumTileStatus> {
    return (await (await this.host()).getAttribute('data-status')) as S3AlbumTileStatus;
  }

  /** The tile's position among all items shown, from 0. */
  async getIndex(): Promise<number> {
    return Number(await (await this.host()).getAttribute('data-index'));
  }

  /** True when the item is selected (`aria-selected`). */
  async isSelected(): Promise<boolean> {
    return (await (await this.host()).getAttribute('aria-selected')) === 'true';
  }

  /** True when the tile has keyboard focus. */
  async isFocused(): Promise<boolean> {
    return (await this.host()).isFocused();
  }

  /** True when the tile is the album's tab stop (roving tabindex). */
  async isActive(): Promise<boolean> {
    return (await (await this.host()).getAttribute('tabindex')) === '0';
  }

  /** The image URL, or null for tiles without an image. */
  async getImageSrc(): Promise<string | null> {
    const image = await this.image();
    return image ? image.getAttribute('src') : null;
  }

  /** True when the tile shows an image that the browser has decoded. */
  async isImageLoaded(): Promise<boolean> {
    return isDecoded(await this.image());
  }

  /** The text preview, or null for tiles without one. */
  async getPreview(): Promise<string | null> {
    const preview = await this.preview();
    return preview ? preview.getProperty<string>('textContent') : null;
  }

  /** The error's code, or null when the tile shows no error. */
  async getErrorCode(): Promise<string | null> {
    const error = await this.error();
    return error ? error.getAttribute('data-code') : null;
  }

  /** Clicks the tile. */
  async click(): Promise<void> {
    return (await this.host()).click();
  }

  /** Focuses the tile and presses `keys` on it. */
  async pressKey(...keys: (string | TestKey)[]): Promise<void> {
    return (await this.host()).sendKeys(...keys);
  }
}
