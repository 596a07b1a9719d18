// Internal to the testing entry point (not exported): the rows of the storage browser's lists, so
// that StorageBrowserHarness reads each row's parts within that row.
import { ComponentHarness, ModifierKeys } from '@angular/cdk/testing';
import type { StorageBrowserEntryInfo, StorageBrowserUploadInfo } from './storage-browser-harness';

/** One rendered entry of the list: a file or a folder. */
export class StorageBrowserEntryRow extends ComponentHarness {
  /** The entry's selector, within the browser. */
  static hostSelector = '[role="option"]';

  private readonly name = this.locatorFor('.amplify-storage-browser-name');

  /** The name shown. */
  async getName(): Promise<string> {
    return (await this.name()).text();
  }

  /** What the entry shows. */
  async getInfo(): Promise<StorageBrowserEntryInfo> {
    const host = await this.host();
    return {
      key: (await host.getAttribute('data-key')) ?? '',
      kind: (await host.getAttribute('data-kind')) ?? '',
      name: await this.getName(),
      selected: (await host.getAttribute('aria-selected')) === 'true',
      active: await host.hasClass('amplify-storage-browser-active'),
    };
  }

  /** Clicks the entry, with modifier keys. */
  async click(modifiers: ModifierKeys = {}): Promise<void> {
    await (await this.host()).click(modifiers);
  }
}

/** One upload of the upload list. */
export class StorageBrowserUploadRow extends ComponentHarness {
  /** The row's selector, within the browser. */
  static hostSelector = '.amplify-storage-browser-upload';

  private readonly state = this.locatorFor('.amplify-storage-browser-upload-state');
  private readonly buttons = this.locatorForAll('button');

  /** The key the upload goes to. */
  async getKey(): Promise<string> {
    return (await (await this.host()).getAttribute('data-key')) ?? '';
  }

  /** What the row shows. */
  async getInfo(): Promise<StorageBrowserUploadInfo> {
    return {
      key: await this.getKey(),
      state: (await (await this.host()).getAttribute('data-state')) ?? '',
      text: await (await this.state()).text(),
    };
  }

  /** Clicks `Pause`, `Resume` or `Cancel`; throws when the row does not offer it now. */
  async control(button: 'pause' | 'resume' | 'cancel'): Promise<void> {
    const buttons = await this.buttons();
    const labels = await Promise.all(buttons.map((b) => b.getAttribute('aria-label')));
    const wanted = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel' }[button];
    const index = labels.findIndex((label) => label?.startsWith(wanted));
    if (index < 0)
      throw new Error(`The upload of ${await this.getKey()} has no ${wanted} button now.`);
    return buttons[index].click();
  }
}
