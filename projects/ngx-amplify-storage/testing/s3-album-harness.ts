import {
  BaseHarnessFilters,
  ComponentHarness,
  HarnessPredicate,
  TestElement,
  TestKey,
} from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { PickerHarness } from './picker-harness';
import { S3AlbumTileHarness, S3AlbumTileHarnessFilters } from './s3-album-tile-harness';
import { settleScroller } from './scroller-frames';

/** Where an album's listing stands. */
export type S3AlbumStatus = 'loading' | 'more' | 'done' | 'error';

/** Filters for S3AlbumHarness. */
export interface S3AlbumHarnessFilters extends BaseHarnessFilters {
  /** Only albums of this path. */
  path?: string | RegExp;
}

/** Drives an `amplify-s3-album` in tests, independently of its DOM. Only rendered tiles are visible to it. */
export class S3AlbumHarness extends ComponentHarness {
  /** The component's selector. */
  static hostSelector = 'amplify-s3-album';

  private readonly viewport = this.locatorFor('.amplify-s3-album-viewport');
  private readonly statusLine = this.locatorFor('.amplify-s3-album-status');
  private readonly empty = this.locatorForOptional('.amplify-s3-album-empty');
  private readonly error = this.locatorForOptional('.amplify-s3-album-error');
  private readonly retryButton = this.locatorForOptional('.amplify-s3-album-retry');
  private readonly crumbs = this.locatorForAll('.amplify-s3-album-crumb');
  private readonly activeTile = this.locatorForOptional(
    S3AlbumTileHarness.with({ selector: '[tabindex="0"]' }),
  );

  /** A predicate for albums that match `options`. */
  static with(options: S3AlbumHarnessFilters = {}): HarnessPredicate<S3AlbumHarness> {
    return new HarnessPredicate(S3AlbumHarness, options).addOption(
      'path',
      options.path,
      (harness, path) => HarnessPredicate.stringMatches(harness.getPath(), path),
    );
  }

  /** The album's path. */
  async getPath(): Promise<string> {
    return (await (await this.host()).getAttribute('data-path')) ?? '';
  }

  /** The folder shown: the path, or the folder opened under it when browsing folders. */
  async getFolder(): Promise<string> {
    const host = await this.host();
    return (await host.getAttribute('data-folder')) ?? (await host.getAttribute('data-path')) ?? '';
  }

  /** True when the album browses folders one at a time (`folders`). */
  async isBrowsingFolders(): Promise<boolean> {
    return (await (await this.host()).getAttribute('data-folder')) !== null;
  }

  /** The names on the breadcrumb trail, from the album's path down to the folder shown; empty unless browsing folders. */
  async getBreadcrumbs(): Promise<string[]> {
    return Promise.all((await this.crumbs()).map((crumb) => crumb.text()));
  }

  /** Clicks the breadcrumb named `name`, to go back up to that folder. */
  async openBreadcrumb(name: string): Promise<void> {
    for (const crumb of await this.crumbs()) {
      if ((await crumb.text()) === name && (await crumb.getAttribute('aria-current')) === null) {
        await crumb.click();
        return;
      }
    }
    throw new Error(`No breadcrumb named ${name} above the folder shown.`);
  }

  /** Where the listing stands: `done` once every page is in. */
  async getStatus(): Promise<S3AlbumStatus> {
    return (await (await this.host()).getAttribute('data-status')) as S3AlbumStatus;
  }

  /** The status line, e.g. `12 files`. */
  async getStatusText(): Promise<string> {
    return (await this.statusLine()).text();
  }

  /** True when the listing is complete and shows nothing. */
  async isEmpty(): Promise<boolean> {
    return (await this.empty()) !== null;
  }

  /** True when the listing failed. */
  async isError(): Promise<boolean> {
    return (await this.error()) !== null;
  }

  /** The listing error's code, or null when there is none. */
  async getErrorCode(): Promise<string | null> {
    const error = await this.error();
    return error ? error.getAttribute('data-code') : null;
  }

  /** Presses Try again after a failed listing. */
  async retry(): Promise<void> {
    const button = await this.retryButton();
    if (!button) throw new Error('The album shows no error to retry.');
    await button.click();
  }

  /** The grid's accessible name. */
  async getLabel(): Promise<string | null> {
    return (await this.viewport()).getAttribute('aria-label');
  }

  /** True when several items can be selected. */
  async isMultiselectable(): Promise<boolean> {
    return (await (await this.viewport()).getAttribute('aria-multiselectable')) === 'true';
  }

  /** The rendered tiles, in order, optionally filtered. */
  async getTiles(filters: S3AlbumTileHarnessFilters = {}): Promise<S3AlbumTileHarness[]> {
    return this.locatorForAll(S3AlbumTileHarness.with(filters))();
  }

  /** The keys of the rendered tiles, in order. */
  async getTileKeys(): Promise<string[]> {
    return Promise.all((await this.getTiles()).map((tile) => tile.getKey()));
  }

  /** The rendered tile of `key`; throws when it is not rendered. */
  async getTile(key: string): Promise<S3AlbumTileHarness> {
    const tile = await this.locatorForOptional(S3AlbumTileHarness.with({ key }))();
    if (!tile) throw new Error(`No rendered tile for ${key}.`);
    return tile;
  }

  /** Clicks the tile of `key` (it must be rendered). */
  async selectTile(key: string): Promise<void> {
    await (await this.getTile(key)).click();
  }

  /** The keys of the selected rendered tiles. */
  async getSelectedKeys(): Promise<string[]> {
    return Promise.all((await this.getTiles({ selected: true })).map((tile) => tile.getKey()));
  }

  /** The key of the tile that has keyboard focus, or null. */
  async getFocusedKey(): Promise<string | null> {
    for (const tile of await this.getTiles()) {
      if (await tile.isFocused()) return tile.getKey();
    }
    return null;
  }

  /** Presses `keys` where the keyboard user is: on the album's active tile, or on the grid when none is rendered. */
  async pressKey(...keys: (string | TestKey)[]): Promise<void> {
    const tile = await this.activeTile();
    if (tile) await tile.pressKey(...keys);
    else await (await this.viewport()).sendKeys(...keys);
    await this.settle();
  }

  /** Scrolls the grid to its end, as a user would with the scroll bar (TestBed only). */
  async scrollToEnd(): Promise<void> {
    await this.scrollTo((element) => element.scrollHeight);
  }

  /** Scrolls the grid back to the top (TestBed only). */
  async scrollToTop(): Promise<void> {
    await this.scrollTo(() => 0);
  }

  /** True when the picker is shown. */
  async hasPicker(): Promise<boolean> {
    return (await this.locatorForOptional(PickerHarness)()) !== null;
  }

  /** The picker; throws when it is not shown. */
  async getPicker(): Promise<PickerHarness> {
    return this.locatorFor(PickerHarness)();
  }

  private async scrollTo(offset: (element: Element) => number): Promise<void> {
    const viewport: TestElement = await this.viewport();
    const element = TestbedHarnessEnvironment.getNativeElement(viewport);
    element.scrollTop = offset(element);
    await this.settle();
  }

  /** Lets the scroller see the scroll, render the new rows and run change detection. */
  private settle(): Promise<void> {
    return settleScroller(() => this.forceStabilize());
  }
}
