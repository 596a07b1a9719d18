import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { downloadInRanges } from '../../transfer/ranged-download';
import { DownloadEvent, DownloadOptions } from '../storage-types';
import { StorageKit } from './storage-kit';

/** StorageService.get with `download: true`: one presigned GET, or ranges for very large objects, with progress. */
export function download(
  kit: StorageKit,
  key: string,
  options: DownloadOptions,
): Observable<DownloadEvent> {
  return kit.queue.runInQueue(
    kit.calls.call<DownloadEvent>(
      'download',
      key,
      options,
      false,
      (plan) => async (context, emit) => {
        const cancelOnCommand = options.control?.commands$.subscribe(
          (command) => command === 'cancel' && context.cancel(),
        );
        try {
          const { config } = context;
          const object = await downloadInRanges({
            send: context.send,
            sendSigned: context.sendSigned,
            location: {
              bucket: config.bucket,
              key: objectKey(context.prefix, plan.key),
              region: config.region,
              endpoint: config.endpoint,
              forcePathStyle: config.forcePathStyle,
            },
            options: kit.transfers,
            signal: context.signal,
            control: options.control,
            onProgress: (loaded, total) => emit({ type: 'progress', loaded, total }),
          });
          emit({
            type: 'result',
            key: plan.key,
            body: object.body,
            contentType: object.contentType,
            size: object.size,
            eTag: object.eTag,
            lastModified: object.lastModified,
            metadata: object.metadata,
          });
          return object.size;
        } finally {
          cancelOnCommand?.unsubscribe();
        }
      },
    ),
  );
}
