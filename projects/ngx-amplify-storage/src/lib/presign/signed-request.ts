import { AwsCredentials } from '../credentials/credentials-provider';
import type { SdkHttpRequest } from '../transport/browser-http-handler';
import { ObjectLocation, objectUrl } from './object-url';
import { UNSIGNED_PAYLOAD, presignedQuery, signatureOf, signingNow, signingScope } from './sigv4';

// Requests the library signs itself and sends through its transport, without S3Client: the SDK's
// command and middleware stack costs more per request than the request's own signing (issue 13,
// W1 and W3), and a put or a listing that needs no SDK does not download it.

/** How long a listing's presigned URL stays valid: S3's 15 minutes of tolerated clock skew. */
const LIST_URL_SECONDS = 900;

/** One entry per request, as the SDK's amz-sdk-invocation-id: logs and proxies tell a resent request from a new attempt. */
function invocationId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

// Headers sent but not signed, as the SDK leaves them: a proxy may rewrite Cache-Control.
const UNSIGNED_HEADERS = new Set(['cache-control']);

/**
 * A request signed in its headers (SigV4 header authentication, as the SDK signs an S3 command),
 * for a write: `headers` are sent and signed as given (names in lower case), the payload is
 * UNSIGNED-PAYLOAD, so the body is never read to be hashed.
 */
export function headerSignedRequest(
  method: string,
  location: ObjectLocation,
  headers: Record<string, string>,
  body: Blob | Uint8Array | undefined,
  credentials: AwsCredentials,
  signingDate: Date = signingNow(),
): SdkHttpRequest {
  const { protocol, host, hostname, port, path } = objectUrl(location);
  const signing = signingScope(signingDate, location.region);
  const signed: Record<string, string> = {
    ...headers,
    'x-amz-content-sha256': UNSIGNED_PAYLOAD,
    'x-amz-date': signing.dateTime,
  };
  if (credentials.sessionToken) signed['x-amz-security-token'] = credentials.sessionToken;
  const names = [
    'host',
    ...Object.keys(signed).filter((name) => !UNSIGNED_HEADERS.has(name)),
  ].sort();
  // SigV4 trims header values and folds runs of spaces into one.
  const canonicalHeaders = names
    .map((name) => `${name}:${name === 'host' ? host : signed[name].trim().replace(/ +/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = `${method}\n${path}\n\n${canonicalHeaders}\n${signedHeaders}\n${UNSIGNED_PAYLOAD}`;
  const signature = signatureOf(canonicalRequest, credentials, signing);
  signed['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${signing.scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  signed['amz-sdk-invocation-id'] = invocationId();
  return { method, protocol, hostname, port, path, headers: signed, body };
}

/**
 * A GET with its authority in the query (a presigned URL) and no headers, so that the browser
 * sends it as a simple request, without a CORS preflight: a listing of the bucket, whose
 * `query` (ListObjectsV2's parameters) is signed with it.
 */
export function presignedBucketGet(
  location: Omit<ObjectLocation, 'key'>,
  query: Record<string, string>,
  credentials: AwsCredentials,
  signingDate: Date = signingNow(),
): SdkHttpRequest {
  const url = objectUrl({ ...location, key: '' });
  const { params } = presignedQuery(
    url,
    Object.entries(query),
    credentials,
    location.region,
    LIST_URL_SECONDS,
    signingDate,
  );
  const { protocol, hostname, port, path } = url;
  return {
    method: 'GET',
    protocol,
    hostname,
    port,
    path,
    query: Object.fromEntries(params),
    headers: {},
  };
}
