import { Observable } from 'rxjs';
import { StorageError } from '../../errors/storage-error';
import { objectKey, relativeKey } from '../../keys/key-rules';
import { CallTemplate } from '../call-template';
import { RemovePrefixEvent, RemovePrefixOptions } from '../storage-types';
import { listPages } from './list';

/** StorageService.remove with `prefix: true`: every object under a folder path, a page per DeleteObjects. */
export function removePrefix(
  calls: CallTemplate,
  path: string,
  options: RemovePrefixOptions,
): Observable<RemovePrefixEvent> {
  return calls.call<RemovePrefixEvent>('remove', path, options, true, () => {
    if (path !== '' && !path.endsWith('/')) {
      throw new StorageError(
        'InvalidKey',
        `A prefix delete needs a folder path ending in '/', not ${JSON.stringify(path)}: 'photos' would also delete 'photos-old/…'.`,
        { field: 'path' },
      );
    }
    return async (context, emit) => {
      let found = 0;
      let deleted = 0;
      const failures: string[] = [];
      // Page by page: each page of up to 1000 keys is one DeleteObjects call, the most S3 takes.
      for await (const page of listPages(context, path, {})) {
        found += page.items.length;
        emit({ type: 'progress', deleted, found });
        if (page.items.length === 0) continue;
        const output = await context.send(
          (sdk) =>
            new sdk.DeleteObjectsCommand({
              Bucket: context.config.bucket,
              Delete: {
                Objects: page.items.map((item) => ({ Key: objectKey(context.prefix, item.key) })),
                Quiet: true,
              },
            }),
          context.signal,
        );
        const errors = output.Errors ?? [];
        failures.push(
          ...errors.map(
            (error) => `${relativeKey(context.prefix, error.Key ?? '')}: ${error.Code}`,
          ),
        );
        deleted += page.items.length - errors.length;
        emit({ type: 'progress', deleted, found });
      }
      if (failures.length > 0) {
        throw new StorageError(
          failures.some((failure) => failure.endsWith('AccessDenied'))
            ? 'AccessDenied'
            : 'ServiceError',
          `Deleted ${deleted} of ${found} objects under "${path}"; S3 refused ${failures.length}: ${failures.slice(0, 3).join(', ')}${failures.length > 3 ? ', …' : ''}.`,
        );
      }
      emit({ type: 'result', path, deleted });
      return { count: deleted };
    };
  });
}
