import { Injector, Signal, afterNextRender } from '@angular/core';
import { StorageBrowserIntl } from './storage-browser-intl';
import { AccessLevel } from '../keys/access-level';
import { BrowserAction } from './browser-access';
import { BrowserActions, BrowserPanel } from './browser-actions';
import { BrowserEntry } from './browser-entry';

/** The actions that work on selected entries. */
export type SelectionAction = Exclude<BrowserAction, 'upload' | 'createFolder'>;

/** The selection actions in toolbar order. */
const SELECTION_ACTIONS: readonly SelectionAction[] = [
  'download',
  'copy',
  'move',
  'rename',
  'delete',
  'properties',
  'link',
];

/** Whether `action` applies to `selection`: one entry to rename, one file for properties or a link, a file to download. */
export function appliesTo(action: SelectionAction, selection: readonly BrowserEntry[]): boolean {
  if (selection.length === 0) return false;
  if (action === 'rename') return selection.length === 1;
  if (action === 'properties' || action === 'link')
    return selection.length === 1 && selection[0].kind === 'file';
  if (action === 'download') return selection.some((entry) => entry.kind === 'file');
  return true;
}

/** What the toolbar needs of the browser. */
export interface BrowserToolbarHost {
  intl: StorageBrowserIntl;
  actions: BrowserActions;
  permitted: Signal<ReadonlySet<BrowserAction>>;
  selection: Signal<readonly BrowserEntry[]>;
  element: HTMLElement;
  injector: Injector;
}

/** The storage browser's action buttons and the forms they open. */
export class BrowserToolbar {
  constructor(private readonly host: BrowserToolbarHost) {}

  /** The selection actions permitted here. */
  selectionActions(): SelectionAction[] {
    const permitted = this.host.permitted();
    return SELECTION_ACTIONS.filter((action) => permitted.has(action));
  }

  /** Whether `action`'s button is enabled for the current selection. */
  enabled(action: SelectionAction): boolean {
    return appliesTo(action, this.host.selection()) && !this.host.actions.busy();
  }

  /** Starts `action` on the selection: a panel to fill in, or at once for a download. */
  start(action: SelectionAction): void {
    const entries = [...this.host.selection()];
    const actions = this.host.actions;
    if (action === 'download') {
      void actions.download(entries);
      return;
    }
    if (action === 'rename' || action === 'properties' || action === 'link')
      actions.open({ kind: action, entry: entries[0] });
    else actions.open({ kind: action, entries });
    this.focusPanel();
  }

  /** Opens the new-folder form. */
  createFolder(): void {
    this.host.actions.open({ kind: 'createFolder' });
    this.focusPanel();
  }

  /** Submits the panel's form, reading its fields by name (`name`, `level`, `folder`). */
  submit(event: Event, panel: BrowserPanel): void {
    event.preventDefault();
    const actions = this.host.actions;
    const fields = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(fields.get(name) ?? '');
    switch (panel.kind) {
      case 'createFolder':
        void actions.createFolder(field('name'));
        return;
      case 'rename':
        void actions.rename(panel.entry, field('name'));
        return;
      case 'copy':
      case 'move': {
        const level = field('level') as AccessLevel;
        void actions.copyTo(panel.entries, level, field('folder'), panel.kind === 'move');
        return;
      }
      case 'delete':
        void actions.remove(panel.entries);
        return;
    }
  }

  /** Copies a link to the clipboard and says so. */
  copyLink(url: string): void {
    void navigator.clipboard?.writeText(url).then(
      () =>
        this.host.actions.message.set({
          kind: 'info',
          text: this.host.intl.browserDone('link', 1),
        }),
      () => undefined,
    );
  }

  /** Moves focus into the panel just opened, so that keyboard users land in its form. */
  private focusPanel(): void {
    afterNextRender(
      () =>
        this.host.element
          .querySelector<HTMLElement>(
            '.amplify-storage-browser-panel input, .amplify-storage-browser-panel h2, .amplify-storage-browser-panel button',
          )
          ?.focus(),
      { injector: this.host.injector },
    );
  }
}
