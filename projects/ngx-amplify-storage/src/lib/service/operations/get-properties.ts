import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { CallTemplate } from '../call-template';
import { ObjectProperties, ReadOptions } from '../storage-types';

/** StorageService.getProperties: one HeadObject. */
export function getProperties(
  calls: CallTemplate,
  key: string,
  options: ReadOptions,
): Observable<ObjectProperties> {
  return calls.call<ObjectProperties>(
    'getProperties',
    key,
    options,
    false,
    (plan) => async (context, emit) => {
      const output = await context.send(
        (sdk) =>
          new sdk.HeadObjectCommand({
            Bucket: context.config.bucket,
            Key: objectKey(context.prefix, plan.key),
          }),
        context.signal,
      );
      emit({
        key: plan.key,
        size: output.ContentLength ?? 0,
        contentType: output.ContentType,
        metadata: output.Metadata ?? {},
        eTag: output.ETag,
        lastModified: output.LastModified,
      });
      return undefined;
    },
  );
}
