import { NgZone } from '@angular/core';
import { map } from 'rxjs';
import { GetUrlOptions } from '../service/storage-types';
import { renewingUrl, stampIssued } from '../presign/renewing-url';
import { outsideZoneDelay } from '../ssr/in-browser';
import {
  StorageParam,
  StorageResource,
  StorageResourceOptions,
  readParam,
  storageResource,
} from './storage-resource';

/** Options of `storageUrl`: those of `StorageService.get` for a URL, plus an injector. */
export type StorageUrlOptions = Omit<GetUrlOptions, 'download'> & StorageResourceOptions;

/**
 * A presigned URL of `key` as a signal, e.g. for `<img [src]="photo.value()">`; call it in an
 * injection context (or pass `injector`). It loads again when the key, the options (level,
 * identityId...) or the signed-in user change, and is replaced before it expires. With no key
 * (undefined or ''), nothing is loaded and the value is undefined.
 */
export function storageUrl(
  key: StorageParam<string | undefined>,
  options: StorageParam<StorageUrlOptions> = {},
): StorageResource<string> {
  return storageResource(
    storageUrl,
    'the presigned URL',
    // '' is no key: nothing to load.
    () => readParam(key) || undefined,
    options,
    (storage, current, getOptions, injector) => {
      const url = () => storage.get(current, getOptions).pipe(stampIssued());
      // The renewal timer waits minutes: outside the zone, or a zone.js app would never be stable.
      const delay = outsideZoneDelay(injector.get(NgZone));
      return renewingUrl(url(), url(), delay).pipe(map((grant) => grant.url));
    },
  );
}
