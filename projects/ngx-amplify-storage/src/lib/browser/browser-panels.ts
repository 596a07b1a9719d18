import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { injectStorageIntl } from '../i18n/intl-signal';
import { AccessLevel } from '../keys/access-level';
import { ObjectProperties } from '../service/storage-types';
import { BrowserActions } from './browser-actions';
import { BrowserEntry } from './browser-entry';
import { BrowserToolbar } from './browser-toolbar';
import { injectStorageBrowserIntl } from './storage-browser-intl';

/** The storage browser's forms (new folder, rename, copy, move, delete) and panels (properties, link). Internal. */
@Component({
  selector: 'amplify-storage-browser-panels',
  templateUrl: './browser-panels.html',
  styleUrl: './browser-controls.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BrowserPanels {
  protected readonly intl = injectStorageBrowserIntl();
  /** For `formatSize`, which the browser shares with the other components. */
  protected readonly storageIntl = injectStorageIntl();
  /** The browser's actions, whose panel is shown. */
  readonly actions = input.required<BrowserActions>();
  /** The browser's toolbar, which submits the forms. */
  readonly toolbar = input.required<BrowserToolbar>();
  /** The levels a copy or move may go to. */
  readonly writable = input.required<readonly AccessLevel[]>();
  /** The level a copy or move goes to unless changed. */
  readonly copyLevel = input<AccessLevel | undefined>(undefined);
  /** The user is a guest. */
  readonly guest = input(false);
  /** The folder shown, where a copy or move goes unless changed. */
  readonly folder = input('');
  /** Prefix of element IDs. */
  readonly idBase = input.required<string>();

  protected names(entries: readonly BrowserEntry[]): string[] {
    return entries.map((entry) => entry.name);
  }

  protected metadataOf(properties: ObjectProperties): [string, string][] {
    return Object.entries(properties.metadata);
  }
}
