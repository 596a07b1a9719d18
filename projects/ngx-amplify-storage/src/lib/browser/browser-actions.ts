import { Signal, WritableSignal, signal } from '@angular/core';
import { Subscription, lastValueFrom } from 'rxjs';
import { StorageError } from '../errors/storage-error';
import { BrowserActionName, StorageBrowserIntl } from './storage-browser-intl';
import { AccessLevel } from '../keys/access-level';
import { StorageService } from '../service/storage.service';
import { GetUrlResult, ObjectProperties } from '../service/storage-types';
import { BrowserLocation } from './browser-access';
import { BrowserEntry } from './browser-entry';
import { BrowserMessage, failureText } from './browser-messages';
import { copyAll, downloadFile, planCopy, removeFiles, removeFolder } from './browser-operations';
import { keyInFolder, nameProblem, renamedKey, typedFolder } from './browser-path';

/** The form or panel the storage browser shows above its list. */
export type BrowserPanel =
  | { kind: 'createFolder' }
  | { kind: 'rename'; entry: BrowserEntry }
  | { kind: 'copy' | 'move'; entries: BrowserEntry[] }
  | { kind: 'delete'; entries: BrowserEntry[] }
  | { kind: 'properties'; entry: BrowserEntry; properties?: ObjectProperties }
  | { kind: 'link'; entry: BrowserEntry; link?: GetUrlResult };

/** A folder deletion under way, with its progress. */
export interface BrowserDeletion {
  /** The folder's name. */
  name: string;
  /** Objects deleted so far. */
  deleted: number;
  /** Objects found so far. */
  found: number;
}

/** What the actions need to know of the browser. */
export interface BrowserActionsHost {
  storage: StorageService;
  intl: StorageBrowserIntl;
  location: Signal<BrowserLocation>;
  folder: Signal<string>;
  entries: Signal<readonly BrowserEntry[]>;
  track: Signal<boolean | undefined>;
  expires: Signal<number | undefined>;
  /** Lists the folder again and tells the app that `keys` at `level` changed. */
  changed(action: BrowserActionName, keys: string[], level: AccessLevel): void;
}

/**
 * The storage browser's actions: the panel open, its form's error, the running action, and the
 * message shown after it. Each action reports a server refusal in place, as a message.
 */
export class BrowserActions {
  /** The panel shown, if any. */
  readonly panel: WritableSignal<BrowserPanel | undefined> = signal(undefined);
  /** The error of the panel's form. */
  readonly formError = signal<string | undefined>(undefined);
  /** True while an action runs. */
  readonly busy = signal(false);
  /** The message shown after an action. */
  readonly message = signal<BrowserMessage | undefined>(undefined);
  /** The folder deletion under way. */
  readonly deletion = signal<BrowserDeletion | undefined>(undefined);
  private deletionSub: Subscription | undefined;
  private stopDeletion: ((error: unknown) => void) | undefined;

  constructor(private readonly host: BrowserActionsHost) {}

  /** Opens `panel`, closing any other. */
  open(panel: BrowserPanel): void {
    this.formError.set(undefined);
    this.panel.set(panel);
    if (panel.kind === 'properties') void this.loadProperties(panel.entry);
    if (panel.kind === 'link') void this.loadLink(panel.entry);
  }

  /** Closes the panel. */
  close(): void {
    this.panel.set(undefined);
    this.formError.set(undefined);
  }

  /** Creates folder `name` in the folder shown, as a zero-byte `name/` marker, as the S3 console does. */
  async createFolder(name: string): Promise<void> {
    const problem = this.nameProblemOf(name);
    if (problem) return this.formError.set(this.host.intl.browserNameProblem(problem));
    const key = `${this.host.folder()}${name.trim()}/`;
    await this.act('createFolder', name, 1, async () => {
      await lastValueFrom(
        this.host.storage.put(key, '', {
          level: this.host.location().level,
          track: this.host.track(),
        }),
      );
      return [key];
    });
  }

  /** Renames `entry` to `name` in the same folder: a copy, then a delete of the old key(s). */
  async rename(entry: BrowserEntry, name: string): Promise<void> {
    const problem = name.trim() === entry.name ? undefined : this.nameProblemOf(name);
    if (problem) return this.formError.set(this.host.intl.browserNameProblem(problem));
    if (name.trim() === entry.name) return this.close();
    await this.act('rename', entry.name, 1, () =>
      this.transfer(
        [entry],
        (key) => key.replace(entry.key, renamedKey(entry.key, name)),
        this.host.location().level,
        true,
      ),
    );
  }

  /** Copies (or with `move`, moves) `entries` into `folderText` at `level`. */
  async copyTo(
    entries: BrowserEntry[],
    level: AccessLevel,
    folderText: string,
    move: boolean,
  ): Promise<void> {
    const folder = typedFolder(folderText);
    if (folder === undefined) return this.formError.set(this.host.intl.browserBadFolder);
    const name = entries.length === 1 ? entries[0].name : '';
    await this.act(
      move ? 'move' : 'copy',
      name,
      entries.length,
      () => this.transfer(entries, (key) => keyInFolder(key, folder), level, move),
      level,
    );
  }

  /** Deletes `entries`: files one by one, folders with progress that `cancelDeletion` stops. */
  async remove(entries: BrowserEntry[]): Promise<void> {
    const name = entries.length === 1 ? entries[0].name : '';
    const { level } = this.host.location();
    await this.act('delete', name, entries.length, async () => {
      const files = entries.filter((entry) => entry.kind === 'file').map((entry) => entry.key);
      await removeFiles(this.host.storage, files, level, this.host.track());
      for (const folder of entries.filter((entry) => entry.kind === 'folder'))
        await this.removeFolder(folder, level);
      return entries.map((entry) => entry.key);
    });
  }

  /** Stops the folder deletion under way; what is deleted stays deleted. */
  cancelDeletion(): void {
    this.deletionSub?.unsubscribe();
    this.deletionSub = undefined;
    this.deletion.set(undefined);
    this.stopDeletion?.(new StorageError('Cancelled', 'The folder deletion was cancelled.'));
  }

  /** Downloads each file of `entries`, one after the other. */
  async download(entries: BrowserEntry[]): Promise<void> {
    const files = entries.filter((entry) => entry.kind === 'file');
    const name = files.length === 1 ? files[0].name : '';
    await this.act('download', name, files.length, async () => {
      for (const file of files)
        await downloadFile(
          this.host.storage,
          file.key,
          file.name,
          this.host.location(),
          this.host.track(),
        );
      return [];
    });
  }

  /** Dismisses the message. */
  dismiss(): void {
    this.message.set(undefined);
  }

  private async loadProperties(entry: BrowserEntry): Promise<void> {
    const { level, identityId } = this.host.location();
    try {
      const properties = await lastValueFrom(
        this.host.storage.getProperties(entry.key, { level, identityId, track: this.host.track() }),
      );
      this.updatePanel(entry, { properties });
    } catch (error) {
      this.formError.set(failureText(this.host.intl, 'properties', entry.name, error));
    }
  }

  private async loadLink(entry: BrowserEntry): Promise<void> {
    const { level, identityId } = this.host.location();
    try {
      const link = await lastValueFrom(
        this.host.storage.get(entry.key, {
          level,
          identityId,
          expires: this.host.expires(),
          validateObjectExistence: true,
          track: this.host.track(),
        }),
      );
      this.updatePanel(entry, { link });
    } catch (error) {
      this.formError.set(failureText(this.host.intl, 'link', entry.name, error));
    }
  }

  private updatePanel(entry: BrowserEntry, change: Partial<BrowserPanel>): void {
    this.panel.update((panel) =>
      panel && 'entry' in panel && panel.entry.key === entry.key
        ? ({ ...panel, ...change } as BrowserPanel)
        : panel,
    );
  }

  private nameProblemOf(name: string): 'empty' | 'slash' | 'dots' | 'exists' | undefined {
    const problem = nameProblem(name);
    if (problem) return problem;
    const taken = this.host.entries().some((entry) => entry.name === name.trim());
    return taken ? 'exists' : undefined;
  }

  private async transfer(
    entries: readonly BrowserEntry[],
    target: (key: string) => string,
    toLevel: AccessLevel,
    move: boolean,
  ): Promise<string[]> {
    const { storage } = this.host;
    const location = this.host.location();
    const track = this.host.track();
    const plans = await planCopy(storage, entries, location, target, track);
    await copyAll(storage, plans, location, toLevel, track);
    if (move) {
      const files = entries.filter((entry) => entry.kind === 'file').map((entry) => entry.key);
      await removeFiles(storage, files, location.level, track);
      for (const folder of entries.filter((entry) => entry.kind === 'folder'))
        await this.removeFolder(folder, location.level);
    }
    return plans.map((plan) => plan.to);
  }

  private removeFolder(folder: BrowserEntry, level: AccessLevel): Promise<void> {
    this.deletion.set({ name: folder.name, deleted: 0, found: 0 });
    return new Promise((resolve, reject) => {
      this.stopDeletion = reject;
      this.deletionSub = removeFolder(
        this.host.storage,
        folder.key,
        level,
        this.host.track(),
      ).subscribe({
        next: ({ deleted, found }) => this.deletion.set({ name: folder.name, deleted, found }),
        error: (error: unknown) => {
          this.deletion.set(undefined);
          reject(error);
        },
        complete: () => {
          this.deletion.set(undefined);
          resolve();
        },
      });
    });
  }

  /** Runs `body` as `action`, closing the panel and reporting success or the failure in place. */
  private async act(
    action: BrowserActionName,
    name: string,
    count: number,
    body: () => Promise<string[]>,
    level: AccessLevel = this.host.location().level,
  ): Promise<void> {
    this.busy.set(true);
    this.message.set(undefined);
    try {
      const keys = await body();
      this.close();
      this.message.set({ kind: 'info', text: this.host.intl.browserDone(action, count) });
      this.host.changed(action, keys, level);
    } catch (error) {
      this.close();
      this.message.set({ kind: 'error', text: failureText(this.host.intl, action, name, error) });
      // A partly done action (some copies made) still changed the folder.
      this.host.changed(action, [], level);
    } finally {
      this.busy.set(false);
    }
  }
}
