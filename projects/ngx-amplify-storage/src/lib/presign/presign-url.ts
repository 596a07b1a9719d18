import { AwsCredentials } from '../credentials/credentials-provider';
import { uriEscape } from '../keys/uri-escape';
import { ObjectLocation, objectUrl } from './object-url';
import { UNSIGNED_PAYLOAD, signatureOf, signingNow, signingScope } from './sigv4';

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
  const { origin, host, path } = objectUrl(location);
  const signing = signingScope(signingDate, location.region);
  const { dateTime, scope } = signing;
  const query: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Content-Sha256', UNSIGNED_PAYLOAD],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', dateTime],
    ['X-Amz-Expires', String(expiresInSeconds)],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  query.push(['X-Amz-SignedHeaders', 'host'], ['x-id', 'GetObject'], ...responseQuery);
  const encoded = query.map(([name, value]) => `${uriEscape(name)}=${uriEscape(value)}`).sort();
  const canonicalRequest = `GET\n${path}\n${encoded.join('&')}\nhost:${host}\n\nhost\n${UNSIGNED_PAYLOAD}`;
  const signature = signatureOf(canonicalRequest, credentials, signing);
  // The SDK puts the signature in sorted position too, so URLs from both are identical.
  encoded.push(`X-Amz-Signature=${signature}`);
  return `${origin}${path}?${encoded.sort().join('&')}`;
}
