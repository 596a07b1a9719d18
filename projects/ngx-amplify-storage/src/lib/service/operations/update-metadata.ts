import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { CallTemplate } from '../call-template';
import { assertPutOptions } from '../put-body';
import { LevelOptions, ObjectProperties } from '../storage-types';
import { encodeKeyPath } from './copy';

/** StorageService.updateMetadata: a HEAD, then the object copied onto itself with the new metadata, guarded by its ETag. */
export function updateMetadata(
  calls: CallTemplate,
  key: string,
  metadata: Record<string, string>,
  options: LevelOptions,
): Observable<ObjectProperties> {
  return calls.call<ObjectProperties>('updateMetadata', key, options, false, (plan) => {
    assertPutOptions({ metadata });
    return async (context, emit) => {
      const fullKey = objectKey(context.prefix, plan.key);
      const head = await context.send(
        (sdk) => new sdk.HeadObjectCommand({ Bucket: context.config.bucket, Key: fullKey }),
        context.signal,
      );
      const output = await context.send(
        (sdk) =>
          new sdk.CopyObjectCommand({
            Bucket: context.config.bucket,
            Key: fullKey,
            CopySource: `${context.config.bucket}/${encodeKeyPath(fullKey)}`,
            // Only ETag-guarded: a write between the HEAD and the copy must not be overwritten.
            CopySourceIfMatch: head.ETag,
            MetadataDirective: 'REPLACE',
            Metadata: metadata,
            ContentType: head.ContentType,
            ContentDisposition: head.ContentDisposition,
            CacheControl: head.CacheControl,
            ContentEncoding: head.ContentEncoding,
            Expires: head.Expires,
          }),
        context.signal,
      );
      emit({
        key: plan.key,
        size: head.ContentLength ?? 0,
        contentType: head.ContentType,
        metadata,
        eTag: output.CopyObjectResult?.ETag,
        lastModified: output.CopyObjectResult?.LastModified,
      });
      return undefined;
    };
  });
}
