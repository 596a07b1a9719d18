import { Signal, WritableSignal } from '@angular/core';
import { Observable, Subject, firstValueFrom } from 'rxjs';
import { AlbumItem, SelectedAlbumItem } from './album-item';

/** How many items of an album can be selected: none, one (the default) or any number. */
export type AlbumSelectionMode = 'none' | 'single' | 'multiple';

/** The selected keys after `key` is activated in `mode`, and whether `key` is now selected. */
export function toggleSelection(
  mode: AlbumSelectionMode,
  keys: readonly string[],
  key: string,
): { keys: readonly string[]; added: boolean } {
  if (mode === 'none') return { keys, added: false };
  if (mode === 'single') return { keys: [key], added: true };
  const wasSelected = keys.includes(key);
  return {
    keys: wasSelected ? keys.filter((selected) => selected !== key) : [...keys, key],
    added: !wasSelected,
  };
}

/** A selection to emit: the item just selected, if any, and the whole selection. */
interface Emission {
  item?: AlbumItem;
  items: AlbumItem[];
}

/**
 * An album's selection: the selected keys (the album's two-way `selectedKeys`), the items behind
 * them, and the emissions with URLs, in order.
 */
export class AlbumSelection {
  /** Selected items by key, so that a selection made in one folder survives opening another. */
  private readonly remembered = new Map<string, AlbumItem>();
  private readonly emissions = new Subject<Emission>();

  /**
   * `keys` holds the selected keys; `listed` the items listed now, by key, whose current version
   * is emitted in preference to the one remembered when it was selected.
   */
  constructor(
    private readonly keys: WritableSignal<readonly string[]>,
    private readonly mode: Signal<AlbumSelectionMode>,
    private readonly listed: Signal<ReadonlyMap<string, AlbumItem>>,
  ) {}

  /**
   * The item just selected (if any) and the whole selection, with URLs from `withUrl`. In order,
   * so that a quick second click is never overtaken by the first one's URL look-up.
   */
  changes(
    withUrl: (item: AlbumItem) => Observable<SelectedAlbumItem>,
  ): Observable<[SelectedAlbumItem | undefined, SelectedAlbumItem[]]> {
    const lookUp = (item: AlbumItem) => firstValueFrom(withUrl(item));
    return new Observable((subscriber) => {
      // Each emission waits for the one before (a chain of promises, rxjs's concatMap).
      let previous = Promise.resolve();
      return this.emissions.subscribe(({ item, items }) => {
        previous = previous
          .then(() => Promise.all([item && lookUp(item), Promise.all(items.map(lookUp))]))
          .then(
            (emission) => subscriber.next(emission),
            // A failed look-up (e.g. signed out) loses this emission, not the ones after it.
            () => undefined,
          );
      });
    });
  }

  /** Selects or deselects `item` as the mode says, and emits. */
  activate(item: AlbumItem): void {
    const mode = this.mode();
    const { keys, added } = toggleSelection(mode, this.keys(), item.key);
    if (mode === 'none') return;
    this.keys.set(keys);
    if (mode === 'single') {
      this.emissions.next({ item, items: [item] });
      return;
    }
    if (added) this.remembered.set(item.key, item);
    else this.remembered.delete(item.key);
    const byKey = this.listed();
    const items = keys
      .map((key) => byKey.get(key) ?? this.remembered.get(key))
      .filter((entry): entry is AlbumItem => entry !== undefined);
    this.emissions.next({ item: added ? item : undefined, items });
  }
}
