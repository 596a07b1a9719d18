import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { downloadInRanges } from '../../transfer/ranged-download';
import { DownloadEvent, DownloadOptions } from '../storage-types';
import { StorageKit } from './storage-kit';

/** StorageService.get with `download: true`: the object in ranges, with progress, through the transfer queue. */
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
          const { body, output, size } = await downloadInRanges({
            sdk: context.sdk,
            send: context.send,
            bucket: context.config.bucket,
            key: objectKey(context.prefix, plan.key),
            options: kit.transfers,
            signal: context.signal,
            control: options.control,
            onProgress: (loaded, total) => emit({ type: 'progress', loaded, total }),
          });
          emit({
            type: 'result',
            key: plan.key,
            body,
            contentType: output.ContentType,
            size,
            eTag: output.ETag,
            lastModified: output.LastModified,
            metadata: output.Metadata ?? {},
          });
          return size;
        } finally {
          cancelOnCommand?.unsubscribe();
        }
      },
    ),
  );
}
