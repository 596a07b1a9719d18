import { ListOptions, ListResult } from '../service/storage-types';
import {
  StorageParam,
  StorageResource,
  StorageResourceOptions,
  storageResource,
} from './storage-resource';

/** Options of `storageList`: those of `StorageService.list`, plus an injector. */
export type StorageListOptions = ListOptions & StorageResourceOptions;

/**
 * The objects under `path` as a signal (`value().items`); call it in an injection context (or
 * pass `injector`). It lists again when the path, the options (level, identityId...) or the
 * signed-in user change, and on `reload()`. `path` may be '' (the whole level); undefined
 * lists nothing.
 */
export function storageList(
  path: StorageParam<string | undefined>,
  options: StorageParam<StorageListOptions> = {},
): StorageResource<ListResult> {
  return storageResource(
    storageList,
    'the listing',
    path,
    options,
    (storage, current, listOptions) => storage.list(current, listOptions),
  );
}
