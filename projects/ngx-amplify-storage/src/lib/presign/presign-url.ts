import { AwsCredentials } from '../credentials/credentials-provider';
import { ObjectLocation, objectUrl } from './object-url';
import { presignedQuery, signingNow } from './sigv4';

export { type ObjectLocation, objectUrl };

/**
 * A presigned GET URL (SigV4 query authentication), equal to what the SDK's `getSignedUrl`
 * makes for a GetObjectCommand but without building a command and its middleware per URL.
 * `responseQuery` adds signed response overrides such as `response-cache-control`.
 */
export function presignGetUrl(
  location: ObjectLocation,
  credentials: AwsCredentials,
  expiresInSeconds: number,
  signingDate: Date = signingNow(),
  responseQuery: [string, string][] = [],
): string {
  const url = objectUrl(location);
  const { search } = presignedQuery(
    url,
    [['x-id', 'GetObject'], ...responseQuery],
    credentials,
    location.region,
    expiresInSeconds,
    signingDate,
  );
  return `${url.origin}${url.path}?${search}`;
}
