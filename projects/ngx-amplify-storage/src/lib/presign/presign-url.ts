import { AwsCredentials } from '../credentials/credentials-provider';
import { uriEscape } from '../keys/uri-escape';
import { ObjectLocation, objectUrl } from './object-url';
import { SigningHmac, hmacSha256, keyedHmac, sha256, toHex } from './sha256';

export { type ObjectLocation, objectUrl };

/** `20261128T101500Z` and `20261128` for a date. */
function amzDates(date: Date): { dateTime: string; day: string } {
  // SigV4 signs whole seconds: URLs signed within the same second share these strings.
  const second = Math.floor(date.getTime() / 1000);
  if (lastDates?.second !== second) {
    const dateTime = date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    lastDates = { second, dateTime, day: dateTime.slice(0, 8) };
  }
  return lastDates;
}

let lastDates: { second: number; dateTime: string; day: string } | undefined;

// The signing key changes once a day per secret and region; deriving it takes four HMACs,
// twice the cost of signing a URL, so the last one is kept, as an HMAC already keyed with it.
let lastSigningKey: { id: string; signer: SigningHmac } | undefined;

function signer(secret: string, day: string, region: string): SigningHmac {
  const id = `${day}/${region}/${secret}`;
  if (lastSigningKey?.id !== id) {
    const dayKey = hmacSha256(`AWS4${secret}`, day);
    const regionKey = hmacSha256(dayKey, region);
    const serviceKey = hmacSha256(regionKey, 's3');
    lastSigningKey = { id, signer: keyedHmac(hmacSha256(serviceKey, 'aws4_request')) };
  }
  return lastSigningKey.signer;
}

/**
 * A presigned GET URL (SigV4 query authentication), equal to what the SDK's `getSignedUrl`
 * makes for a GetObjectCommand but without building a command and its middleware per URL.
 * `responseQuery` adds signed response overrides such as `response-cache-control`.
 */
export function presignGetUrl(
  location: ObjectLocation,
  credentials: AwsCredentials,
  expiresInSeconds: number,
  signingDate: Date = new Date(),
  responseQuery: [string, string][] = [],
): string {
  const { origin, host, path } = objectUrl(location);
  const { dateTime, day } = amzDates(signingDate);
  const scope = `${day}/${location.region}/s3/aws4_request`;
  const query: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', dateTime],
    ['X-Amz-Expires', String(expiresInSeconds)],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  query.push(['X-Amz-SignedHeaders', 'host'], ['x-id', 'GetObject'], ...responseQuery);
  const encoded = query.map(([name, value]) => `${uriEscape(name)}=${uriEscape(value)}`).sort();
  const canonicalRequest = `GET\n${path}\n${encoded.join('&')}\nhost:${host}\n\nhost\nUNSIGNED-PAYLOAD`;
  const stringToSign = `AWS4-HMAC-SHA256\n${dateTime}\n${scope}\n${toHex(sha256(canonicalRequest))}`;
  const signature = toHex(signer(credentials.secretAccessKey, day, location.region)(stringToSign));
  // The SDK puts the signature in sorted position too, so URLs from both are identical.
  encoded.push(`X-Amz-Signature=${signature}`);
  return `${origin}${path}?${encoded.sort().join('&')}`;
}
