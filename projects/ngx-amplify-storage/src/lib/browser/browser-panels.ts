import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { StorageIntl } from '../i18n/storage-intl';
import { AccessLevel } from '../keys/access-level';
import { ObjectProperties } from '../service/storage-types';
import { BrowserActions } from './browser-actions';
import { BrowserEntry } from './browser-entry';
import { BrowserToolbar } from './browser-toolbar';

/** The storage browser's forms (new folder, rename, copy, move, delete) and panels (properties, link). Internal. */
@Component({
  selector: 'amplify-storage-browser-panels',
  templateUrl: './browser-panels.html',
  styleUrl: './browser-controls.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BrowserPanels {
  protected readonly intl = inject(StorageIntl);
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
