import { AwsCredentials } from '../credentials/credentials-provider';
import { uriEscape } from '../keys/uri-escape';
import { SigningHmac, hmacSha256, keyedHmac, sha256, toHex } from './sha256';

// SigV4 for S3, shared by the presigner (query authentication) and the library's own signed
// requests (header authentication): the dates, the signing key and the signature.

/** The payload hash the library signs: S3 accepts it, and hashing a body would mean reading it all. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** What a signature is worked out for: its time strings, its scope and who signs. */
export interface SigningScope {
  /** `20261128T101500Z`. */
  dateTime: string;
  /** `20261128/us-east-1/s3/aws4_request`. */
  scope: string;
  /** The region the signature is valid in. */
  region: string;
  /** The day part of `dateTime`. */
  day: string;
}

// How far S3's clock is ahead of this device's (ms), learnt from a RequestTimeTooSkewed answer, as
// the SDK learns it for its commands: a device whose clock is wrong still signs what S3 accepts.
let clockOffsetMs = 0;

/** Now, by S3's clock as far as the library knows it: the date to sign with. */
export function signingNow(): Date {
  return new Date(Date.now() + clockOffsetMs);
}

/** Sets the signing clock from S3's `ServerTime` (from a RequestTimeTooSkewed answer). */
export function correctClock(serverTime: Date): void {
  if (!isNaN(serverTime.getTime())) clockOffsetMs = serverTime.getTime() - Date.now();
}

let lastDates: { second: number; dateTime: string; day: string } | undefined;

/** The date strings and scope of a signature made at `date` for S3 in `region`. */
export function signingScope(date: Date, region: string): SigningScope {
  // SigV4 signs whole seconds: signatures made within the same second share these strings.
  const second = Math.floor(date.getTime() / 1000);
  if (lastDates?.second !== second) {
    const dateTime = date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    lastDates = { second, dateTime, day: dateTime.slice(0, 8) };
  }
  const { dateTime, day } = lastDates;
  return { dateTime, day, region, scope: `${day}/${region}/s3/aws4_request` };
}

// The signing key changes once a day per secret and region; deriving it takes four HMACs,
// twice the cost of signing a request, so the last one is kept, as an HMAC already keyed with it.
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

/** The SigV4 signature (lower-case hex) of a canonical request. */
export function signatureOf(
  canonicalRequest: string,
  credentials: AwsCredentials,
  { dateTime, day, region, scope }: SigningScope,
): string {
  const stringToSign = `AWS4-HMAC-SHA256\n${dateTime}\n${scope}\n${toHex(sha256(canonicalRequest))}`;
  return toHex(signer(credentials.secretAccessKey, day, region)(stringToSign));
}

/**
 * SigV4 query authentication of a GET to `host` and `path` (both as sent): `params` with the
 * X-Amz-* fields and the signature added, and the same as an encoded, sorted query string.
 */
export function presignedQuery(
  url: { host: string; path: string },
  params: [string, string][],
  credentials: AwsCredentials,
  region: string,
  expiresInSeconds: number,
  signingDate: Date,
): { params: [string, string][]; search: string } {
  const signing = signingScope(signingDate, region);
  const signed: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Content-Sha256', UNSIGNED_PAYLOAD],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${signing.scope}`],
    ['X-Amz-Date', signing.dateTime],
    ['X-Amz-Expires', String(expiresInSeconds)],
  ];
  if (credentials.sessionToken) signed.push(['X-Amz-Security-Token', credentials.sessionToken]);
  signed.push(['X-Amz-SignedHeaders', 'host'], ...params);
  const encoded = signed.map(([name, value]) => `${uriEscape(name)}=${uriEscape(value)}`).sort();
  const canonicalRequest = `GET\n${url.path}\n${encoded.join('&')}\nhost:${url.host}\n\nhost\n${UNSIGNED_PAYLOAD}`;
  const signature = signatureOf(canonicalRequest, credentials, signing);
  signed.push(['X-Amz-Signature', signature]);
  // The SDK puts the signature in sorted position too, so URLs from both are identical.
  encoded.push(`X-Amz-Signature=${signature}`);
  return { params: signed, search: encoded.sort().join('&') };
}
