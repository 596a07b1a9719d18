import { Observable } from 'rxjs';
import { StorageError } from '../../errors/storage-error';
import { objectKey } from '../../keys/key-rules';
import { CallTemplate, describeCall } from '../call-template';
import { CopyEnd, CopyOptions } from '../storage-types';

/** StorageService.copy: a CopyObject within a level or across levels, written to the caller's own files. */
export function copy(
  calls: CallTemplate,
  from: CopyEnd,
  to: CopyEnd,
  options: CopyOptions,
): Observable<{ key: string }> {
  return calls.call<{ key: string }>(
    'copy',
    from.key,
    { ...from, track: options.track },
    false,
    (plan) => {
      const target = calls.plan('copy', to.key, to, false, calls.config());
      // S3 does not say which end it refused: the message names both.
      plan.subject = `the copy of ${describeCall(plan)} to ${describeCall(target)}`;
      if (to.identityId !== undefined) {
        throw new StorageError(
          'InvalidOption',
          "A copy can only be written to the current user's own files; leave to.identityId out.",
          {
            field: 'to.identityId',
          },
        );
      }
      return async (context, emit) => {
        const sourceKey = objectKey(context.prefix, from.key);
        const targetKey = objectKey(
          calls.prefixFor(target, context.config, context.identity.identityId),
          target.key,
        );
        await context.send(
          (sdk) =>
            new sdk.CopyObjectCommand({
              Bucket: context.config.bucket,
              Key: targetKey,
              CopySource: `${context.config.bucket}/${encodeKeyPath(sourceKey)}`,
            }),
          context.signal,
        );
        emit({ key: target.key });
        return undefined;
      };
    },
  );
}

/** A key as a CopySource wants it: each segment URL-encoded, the slashes kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
