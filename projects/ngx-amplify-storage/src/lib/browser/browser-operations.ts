import { Observable, from, lastValueFrom, last, map, mergeMap, toArray } from 'rxjs';
import { StorageService } from '../service/storage.service';
import { transferResult } from '../service/storage-types';
import { AccessLevel } from '../keys/access-level';
import { BrowserLocation } from './browser-access';
import { BrowserEntry } from './browser-entry';

/** How many copies or deletes run at once: enough to hide latency, few enough not to flood the server. */
const PARALLEL = 4;

/** One object to copy: its key at the source and where it goes. */
export interface CopyPlan {
  /** Source key, relative to the source level. */
  from: string;
  /** Destination key, relative to the destination level. */
  to: string;
}

/**
 * The objects a copy of `entries` takes: files one to one, folders object by object (every key
 * under them, folder markers included), each renamed by `target` (old key → new key).
 */
export async function planCopy(
  storage: StorageService,
  entries: readonly BrowserEntry[],
  location: BrowserLocation,
  target: (key: string) => string,
  track?: boolean,
): Promise<CopyPlan[]> {
  const plans: CopyPlan[] = [];
  for (const entry of entries) {
    if (entry.kind === 'file') {
      plans.push({ from: entry.key, to: target(entry.key) });
      continue;
    }
    const newFolder = target(entry.key);
    const { items } = await lastValueFrom(
      storage.list(entry.key, { level: location.level, identityId: location.identityId, track }),
    );
    plans.push({ from: entry.key, to: newFolder });
    for (const item of items)
      if (item.key !== entry.key)
        plans.push({ from: item.key, to: newFolder + item.key.slice(entry.key.length) });
  }
  return plans;
}

/**
 * Copies every planned object from `location` to `toLevel`. A folder marker that does not exist
 * (a folder known only from its contents) is skipped, not an error.
 */
export async function copyAll(
  storage: StorageService,
  plans: readonly CopyPlan[],
  location: BrowserLocation,
  toLevel: AccessLevel,
  track?: boolean,
): Promise<void> {
  const real = plans.filter((plan) => !plan.from.endsWith('/'));
  const markers = plans.filter((plan) => plan.from.endsWith('/'));
  await run(
    real.map((plan) =>
      storage.copy(
        { key: plan.from, level: location.level, identityId: location.identityId },
        { key: plan.to, level: toLevel },
        { track },
      ),
    ),
  );
  // Folders keep existing at the destination even when empty: write their markers afresh.
  await run(markers.map((plan) => storage.put(plan.to, '', { level: toLevel, track })));
}

/** Deletes files one by one (a folder's objects go with `removeFolder`). */
export async function removeFiles(
  storage: StorageService,
  keys: readonly string[],
  level: AccessLevel,
  track?: boolean,
): Promise<void> {
  await run(keys.map((key) => storage.remove(key, { level, track })));
}

/** Deletes everything under `folder`, emitting how many objects are gone out of how many found. */
export function removeFolder(
  storage: StorageService,
  folder: string,
  level: AccessLevel,
  track?: boolean,
): Observable<{ deleted: number; found: number; done: boolean }> {
  return storage
    .remove(folder, { prefix: true, level, track })
    .pipe(
      map((event) =>
        event.type === 'progress'
          ? { deleted: event.deleted, found: event.found, done: false }
          : { deleted: event.deleted, found: event.deleted, done: true },
      ),
    );
}

/** Downloads `key` and hands it to the browser as a file named `name`. */
export async function downloadFile(
  storage: StorageService,
  key: string,
  name: string,
  location: BrowserLocation,
  track?: boolean,
): Promise<void> {
  const result = await lastValueFrom(
    storage
      .get(key, { download: true, level: location.level, identityId: location.identityId, track })
      .pipe(transferResult()),
  );
  const url = URL.createObjectURL(result.body);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  // The click has handed the URL to the download by now; revoke it on the next task.
  setTimeout(() => URL.revokeObjectURL(url));
}

/** Runs `calls` a few at a time and resolves when all have ended; rejects with the first failure. */
function run(calls: readonly Observable<unknown>[]): Promise<unknown> {
  if (calls.length === 0) return Promise.resolve();
  return lastValueFrom(
    from(calls).pipe(
      mergeMap((call) => call.pipe(last()), PARALLEL),
      toArray(),
    ),
  );
}
