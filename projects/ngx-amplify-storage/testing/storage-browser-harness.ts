import {
  BaseHarnessFilters,
  ComponentHarness,
  HarnessPredicate,
  TestElement,
  TestKey,
} from '@angular/cdk/testing';
import { settleScroller } from './scroller-frames';
import { StorageBrowserEntryRow, StorageBrowserUploadRow } from './storage-browser-rows';

/** Filters for StorageBrowserHarness. */
export interface StorageBrowserHarnessFilters extends BaseHarnessFilters {
  /** Only browsers showing this level. */
  level?: string;
}

/** One rendered entry of the storage browser's list. */
export interface StorageBrowserEntryInfo {
  /** The key, relative to the level. */
  key: string;
  /** `file` or `folder`. */
  kind: string;
  /** The name shown. */
  name: string;
  /** Whether it is selected. */
  selected: boolean;
  /** Whether it is the keyboard's active entry. */
  active: boolean;
}

/** One upload in the storage browser's upload list. */
export interface StorageBrowserUploadInfo {
  /** The key it goes to. */
  key: string;
  /** `queued`, `running`, `paused`, `done`, `cancelled` or `failed`. */
  state: string;
  /** The state or error shown. */
  text: string;
}

/** A folder deletion under way in the storage browser. */
export interface StorageBrowserDeletionInfo {
  /** The sentence shown, e.g. `Deleting photos: 1000 of 1200 objects deleted…`. */
  text: string;
  /** Objects deleted so far (the progress bar's value). */
  deleted: number;
  /** Objects found so far (the progress bar's maximum; at least 1). */
  found: number;
}

/** Drives an `amplify-storage-browser` in tests, independently of its DOM. Only rendered entries are visible to it. */
export class StorageBrowserHarness extends ComponentHarness {
  /** The component's selector. */
  static hostSelector = 'amplify-storage-browser';

  private readonly list = this.locatorFor('[role="listbox"]');
  private readonly rows = this.locatorForAll(StorageBrowserEntryRow);
  private readonly crumbs = this.locatorForAll('.amplify-storage-browser-crumbs li');
  private readonly actionButtons = this.locatorForAll('.amplify-storage-browser-actions button');
  private readonly panel = this.locatorForOptional('.amplify-storage-browser-panel');
  private readonly uploadRows = this.locatorForAll(StorageBrowserUploadRow);

  /** A predicate for browsers that match `options`. */
  static with(options: StorageBrowserHarnessFilters = {}): HarnessPredicate<StorageBrowserHarness> {
    return new HarnessPredicate(StorageBrowserHarness, options).addOption(
      'level',
      options.level,
      async (harness, level) => (await harness.getLevel()) === level,
    );
  }

  /** The level shown. */
  async getLevel(): Promise<string> {
    return (await (await this.host()).getAttribute('data-level')) ?? '';
  }

  /** The folder shown, relative to the level ('' for the top). */
  async getFolder(): Promise<string> {
    return (await (await this.host()).getAttribute('data-folder')) ?? '';
  }

  /** Where the listing stands: `loading`, `done` or `error`. */
  async getStatus(): Promise<string> {
    return (await (await this.host()).getAttribute('data-status')) ?? '';
  }

  /** The status line (counts and selection). */
  async getStatusText(): Promise<string> {
    return (await this.locatorFor('.amplify-storage-browser-status')()).text();
  }

  /** The error shown in place of the list, or null. */
  async getListError(): Promise<string | null> {
    const error = await this.locatorForOptional('.amplify-storage-browser-list-error')();
    return error ? error.text() : null;
  }

  /** The message shown after an action (success or refusal), or null. */
  async getMessage(): Promise<string | null> {
    const message = await this.locatorForOptional('.amplify-storage-browser-message span')();
    return message ? message.text() : null;
  }

  /** The rendered entries, in the order shown. */
  async getEntries(): Promise<StorageBrowserEntryInfo[]> {
    return Promise.all((await this.rows()).map((row) => row.getInfo()));
  }

  /** The names of the rendered entries, in order. */
  async getNames(): Promise<string[]> {
    return (await this.getEntries()).map((entry) => entry.name);
  }

  /** The names of the selected rendered entries. */
  async getSelectedNames(): Promise<string[]> {
    return (await this.getEntries()).filter((e) => e.selected).map((e) => e.name);
  }

  /** Clicks the entry named `name`, with modifier keys. */
  async clickEntry(
    name: string,
    modifiers: { control?: boolean; shift?: boolean } = {},
  ): Promise<void> {
    await (await this.entry(name)).click(modifiers);
  }

  /** Opens the folder named `name`: clicks it, then presses Enter on the list. */
  async openFolder(name: string): Promise<void> {
    await (await this.entry(name)).click();
    await this.pressKey(TestKey.ENTER);
  }

  /** Focuses the list and presses `keys` on it. */
  async pressKey(...keys: (string | TestKey)[]): Promise<void> {
    await (await this.list()).sendKeys(...keys);
    await this.settle();
  }

  /** Presses a key with modifiers on the list. */
  async pressKeyWith(
    modifiers: { control?: boolean; shift?: boolean },
    ...keys: (string | TestKey)[]
  ): Promise<void> {
    await (await this.list()).sendKeys(modifiers, ...keys);
    await this.settle();
  }

  /** Focuses the list. */
  async focusList(): Promise<void> {
    await (await this.list()).focus();
  }

  /** The breadcrumb trail's names, the current folder last. */
  async getBreadcrumbs(): Promise<string[]> {
    return Promise.all((await this.crumbs()).map((crumb) => crumb.text()));
  }

  /** Clicks the breadcrumb `name`. */
  async openBreadcrumb(name: string): Promise<void> {
    for (const crumb of await this.locatorForAll('.amplify-storage-browser-crumb')())
      if ((await crumb.text()) === name) return crumb.click();
    throw new Error(`No breadcrumb button named ${name}.`);
  }

  /** Types `text` in the filter field. */
  async setFilter(text: string): Promise<void> {
    const input = await this.locatorFor('.amplify-storage-browser-filter')();
    await input.clear();
    if (text) await input.sendKeys(text);
  }

  /** Chooses a sort: `name asc`, `name desc`, `size asc`, `size desc`, `date desc` or `date asc`. */
  async setSort(value: string): Promise<void> {
    await (
      await this.locatorFor('.amplify-storage-browser-sort')()
    ).selectOptions(
      ['name asc', 'name desc', 'size asc', 'size desc', 'date desc', 'date asc'].indexOf(value),
    );
  }

  /** Switches to the list or the grid view. */
  async setView(view: 'list' | 'grid'): Promise<void> {
    const buttons = await this.locatorForAll('.amplify-storage-browser-views button')();
    await buttons[view === 'list' ? 0 : 1].click();
    await this.settle();
  }

  /** The locations offered, as their labels. */
  async getLocations(): Promise<string[]> {
    const options = await this.locatorForAll('.amplify-storage-browser-location option')();
    return Promise.all(options.map((option) => option.text()));
  }

  /** Chooses the location labelled `label`; for another user's files, then types `identityId` and opens it. */
  async chooseLocation(label: string, identityId?: string): Promise<void> {
    const select = await this.locatorFor('.amplify-storage-browser-location')();
    const labels = await this.getLocations();
    const index = labels.indexOf(label);
    if (index < 0) throw new Error(`No location ${label}; there are ${labels.join(', ')}.`);
    await select.selectOptions(index);
    if (identityId === undefined) return;
    const input = await this.locatorFor('.amplify-storage-browser-identity input')();
    await input.clear();
    await input.sendKeys(identityId);
    await (await this.locatorFor('.amplify-storage-browser-identity button')()).click();
  }

  /** The labels of the action buttons offered. */
  async getActions(): Promise<string[]> {
    return Promise.all((await this.actionButtons()).map((button) => button.text()));
  }

  /** Whether the action button `label` is enabled. */
  async isActionEnabled(label: string): Promise<boolean> {
    return !(await (await this.action(label)).getProperty<boolean>('disabled'));
  }

  /** Clicks the action button `label`. */
  async clickAction(label: string): Promise<void> {
    await (await this.action(label)).click();
  }

  /** The panel's text (a question, a form or properties), or null when none is open. */
  async getPanelText(): Promise<string | null> {
    const panel = await this.panel();
    return panel ? panel.text() : null;
  }

  /** Types `value` in the panel's text field: the new name, or with `folder` the destination folder. */
  async setPanelField(value: string, field: 'name' | 'folder' = 'name'): Promise<void> {
    const input = await this.locatorFor(`.amplify-storage-browser-panel input[name="${field}"]`)();
    await input.clear();
    if (value) await input.sendKeys(value);
  }

  /** Chooses the destination level of a copy or move by its label. */
  async setPanelLevel(label: string): Promise<void> {
    const select = await this.locatorFor('.amplify-storage-browser-panel select')();
    const options = await this.locatorForAll('.amplify-storage-browser-panel select option')();
    const labels = await Promise.all(options.map((option) => option.text()));
    await select.selectOptions(labels.indexOf(label));
  }

  /** Clicks the panel's button `label` (e.g. Delete, Cancel, Close). */
  async clickPanelButton(label: string): Promise<void> {
    for (const button of await this.locatorForAll('.amplify-storage-browser-panel button')())
      if ((await button.text()) === label) return button.click();
    throw new Error(`No button ${label} in the panel.`);
  }

  /** The folder deletion under way, or null when none is. */
  async getDeletion(): Promise<StorageBrowserDeletionInfo | null> {
    const bar = await this.locatorForOptional('.amplify-storage-browser-deletion')();
    if (!bar) return null;
    const progress = await this.locatorFor('.amplify-storage-browser-deletion progress')();
    return {
      text: await (await this.locatorFor('.amplify-storage-browser-deletion span')()).text(),
      deleted: await progress.getProperty<number>('value'),
      found: await progress.getProperty<number>('max'),
    };
  }

  /** Clicks Cancel on the folder deletion under way. */
  async cancelDeletion(): Promise<void> {
    await (await this.locatorFor('.amplify-storage-browser-deletion button')()).click();
  }

  /** The uploads listed. */
  async getUploads(): Promise<StorageBrowserUploadInfo[]> {
    return Promise.all((await this.uploadRows()).map((row) => row.getInfo()));
  }

  /** Clicks `Pause`, `Resume` or `Cancel` on the upload of `key`. */
  async controlUpload(key: string, button: 'pause' | 'resume' | 'cancel'): Promise<void> {
    for (const row of await this.uploadRows())
      if ((await row.getKey()) === key) return row.control(button);
    throw new Error(`No upload of ${key}.`);
  }

  private async entry(name: string): Promise<StorageBrowserEntryRow> {
    for (const row of await this.rows()) if ((await row.getName()) === name) return row;
    throw new Error(`No entry named ${name} is rendered.`);
  }

  private async action(label: string): Promise<TestElement> {
    for (const button of await this.actionButtons())
      if ((await button.text()) === label) return button;
    throw new Error(`No action ${label}; there are ${(await this.getActions()).join(', ')}.`);
  }

  /** Lets the scroller render the rows now in view and run change detection. */
  private settle(): Promise<void> {
    return settleScroller(() => this.forceStabilize());
  }
}
