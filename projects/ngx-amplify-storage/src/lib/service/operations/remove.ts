import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { goneDespite } from '../../transfer/object-check';
import { CallTemplate, targetOf } from '../call-template';
import { RemoveOptions, RemoveResult } from '../storage-types';

/** StorageService.remove of one key: a key already gone succeeds, as in S3. */
export function removeKey(
  calls: CallTemplate,
  key: string,
  options: RemoveOptions,
): Observable<RemoveResult> {
  return calls.call<RemoveResult>(
    'remove',
    key,
    options,
    false,
    (plan) => async (context, emit) => {
      const target = targetOf(context, objectKey(context.prefix, plan.key), context.signal);
      try {
        await context.send(
          (sdk) => new sdk.DeleteObjectCommand({ Bucket: target.bucket, Key: target.key }),
          context.signal,
        );
      } catch (error) {
        // The answer may be lost after S3 deleted it: a key that is gone is the result asked for.
        if (!(await goneDespite(error, target))) throw error;
      }
      emit({ key: plan.key });
      return undefined;
    },
  );
}
