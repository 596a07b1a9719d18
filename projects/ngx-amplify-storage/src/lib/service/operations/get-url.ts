import { Observable } from 'rxjs';
import { objectKey } from '../../keys/key-rules';
import { presignGetUrl } from '../../presign/presign-url';
import {
  DEFAULT_URL_EXPIRES_SECONDS,
  assertExpires,
  effectiveUrlExpiry,
} from '../../presign/url-expiry';
import { CallTemplate } from '../call-template';
import { GetUrlOptions, GetUrlResult } from '../storage-types';

/** StorageService.get: a presigned GET URL, signed locally, optionally after checking the object exists. */
export function getUrl(
  calls: CallTemplate,
  key: string,
  options: GetUrlOptions,
): Observable<GetUrlResult> {
  return calls.call<GetUrlResult>('get', key, options, false, (plan) => {
    const expires =
      options.expires === undefined ? DEFAULT_URL_EXPIRES_SECONDS : assertExpires(options.expires);
    return async (context, emit) => {
      const fullKey = objectKey(context.prefix, plan.key);
      if (options.validateObjectExistence) {
        await context.send(
          (sdk) => new sdk.HeadObjectCommand({ Bucket: context.config.bucket, Key: fullKey }),
          context.signal,
        );
      }
      const now = Date.now();
      const seconds = effectiveUrlExpiry(expires, context.identity.credentials.expiration, now);
      const { config } = context;
      const url = presignGetUrl(
        {
          bucket: config.bucket,
          key: fullKey,
          region: config.region,
          endpoint: config.endpoint,
          forcePathStyle: config.forcePathStyle,
        },
        context.identity.credentials,
        seconds,
      );
      emit({ url, expiresAt: new Date(now + seconds * 1000) });
      return undefined;
    };
  });
}
