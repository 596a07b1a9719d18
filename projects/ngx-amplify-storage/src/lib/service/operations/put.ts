import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { headerSignedRequest } from '../../presign/signed-request';
import { storedDespite } from '../../transfer/object-check';
import { PartRunner } from '../../transfer/part-runner';
import { CallContext, targetOf } from '../call-template';
import { assertBody, assertPutOptions, bodySize, contentTypeOf, objectHeaders } from '../put-body';
import { PutEvent, PutOptions, StorageBody } from '../storage-types';
import { ObjectParams, StorageKit } from './storage-kit';

/** StorageService.put: one PutObject, or a multipart upload above the threshold, through the transfer queue. */
export function put(
  kit: StorageKit,
  key: string,
  body: StorageBody,
  options: PutOptions,
): Observable<PutEvent> {
  return kit.queue.runInQueue(
    kit.calls.call<PutEvent>('put', key, options, false, (plan) => {
      const content = assertBody(body);
      assertPutOptions(options);
      return async (context, emit) => {
        const size = bodySize(content);
        const fullKey = objectKey(context.prefix, plan.key);
        const objectParams: ObjectParams = {
          ContentType: contentTypeOf(body, options.contentType),
          ContentDisposition: options.contentDisposition,
          CacheControl: options.cacheControl,
          Expires: options.expires,
          Metadata: options.metadata,
        };
        const progress = (loaded: number) => emit({ type: 'progress', loaded, total: size });
        const cancelOnCommand = options.control?.commands$.subscribe(
          (command) => command === 'cancel' && context.cancel(),
        );
        try {
          const { eTag } =
            size > kit.transfers.multipartThreshold
              ? await kit.multipart.upload(
                  context,
                  fullKey,
                  content instanceof Blob ? content : new Blob([content as BlobPart]),
                  body,
                  objectParams,
                  options,
                  progress,
                )
              : await putWhole(context, fullKey, content, objectParams, options, progress);
          emit({ type: 'result', key: plan.key, eTag });
        } finally {
          cancelOnCommand?.unsubscribe();
        }
        return size;
      };
    }),
  );
}

/**
 * A single PutObject, which a pause aborts and a resume sends again from the start. It is signed
 * here rather than sent as the SDK's command, so that an app whose calls are small puts never
 * loads the SDK, and each put skips the command's middleware (issue 13, W1).
 */
async function putWhole(
  context: CallContext,
  fullKey: string,
  content: Blob | Uint8Array,
  objectParams: ObjectParams,
  options: PutOptions,
  progress: (loaded: number) => void,
): Promise<{ eTag?: string }> {
  const runner = new PartRunner(context.signal, options.control);
  let eTag: string | undefined;
  try {
    await runner.run([1], 1, async (_, signal) => {
      progress(0);
      try {
        const { bucket, region, endpoint, forcePathStyle } = context.config;
        const location = { bucket, region, endpoint, forcePathStyle, key: fullKey };
        const response = await context.sendSigned(
          (credentials) =>
            headerSignedRequest('PUT', location, objectHeaders(objectParams), content, credentials),
          signal,
          (loaded) => progress(loaded),
        );
        eTag = response.headers['etag'];
      } catch (error) {
        // The answer may be lost after S3 stored the body: a key holding exactly it is the result.
        eTag = await storedDespite(error, targetOf(context, fullKey, signal), content);
        if (eTag === undefined) throw error;
      }
      // Small bodies report no progress of their own while under way.
      progress(content instanceof Blob ? content.size : content.byteLength);
    });
  } finally {
    runner.dispose();
  }
  return { eTag };
}
