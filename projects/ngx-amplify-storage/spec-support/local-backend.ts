// What the specs know of the local backend that `npm test` starts (tools/run-tests.mjs).
import { StorageCredentialsProvider, StorageIdentity } from '../src/lib/credentials/credentials-provider';
import { StorageSettings } from '../src/lib/config/storage-config';

/** The backend's endpoints and names, as tools/run-tests.mjs passes them through Karma. */
export interface LocalBackend {
  s3Endpoint: string;
  /** The same S3 server behind a 16 MiB/s link, to watch and cancel transfers under way. */
  slowS3Endpoint: string;
  identityEndpoint: string;
  bucket: string;
  region: string;
  identityPoolId: string;
  loginProvider: string;
}

/** The running backend; specs fail at once with a clear message when run without it. */
export function localBackend(): LocalBackend {
  const backend = (window as unknown as { __karma__: { config: { backend?: LocalBackend } } }).__karma__.config.backend;
  if (!backend) throw new Error('No local backend: run the tests with `npm test`, which starts it.');
  return backend;
}

/** Library settings pointing at the local backend, on the default Cognito code path. */
export function localSettings(): StorageSettings {
  const backend = localBackend();
  return {
    bucket: backend.bucket,
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
    identityPoolId: backend.identityPoolId,
    identityEndpoint: backend.identityEndpoint,
  };
}

/** A `logins` map that signs in as one of the backend's local users. */
export function loginsFor(user: string): Record<string, string> {
  return { [localBackend().loginProvider]: user };
}

/** An app-supplied provider with s3rver's built-in key pair (the local server knows no other fixed key). */
export class FixedCredentials implements StorageCredentialsProvider {
  /** How many times storage asked for credentials. */
  calls = 0;
  constructor(public identityId: string | undefined) {}
  getIdentity(): Promise<StorageIdentity> {
    this.calls++;
    return Promise.resolve({
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      identityId: this.identityId,
    });
  }
}

// The default buffer of 250 entries would fill up in the paging specs and stop the count.
performance.setResourceTimingBufferSize(1_000_000);

/** Number of requests the page has made to the S3 endpoint so far (from the Resource Timing API). */
export function s3RequestCount(): number {
  const { s3Endpoint, slowS3Endpoint } = localBackend();
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.startsWith(s3Endpoint) || entry.name.startsWith(slowS3Endpoint)).length;
}

/** A key prefix no other spec uses, so that specs never see each other's objects. */
export function uniquePath(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}/`;
}

/** Reads an object straight from the server by its full key, bypassing the library. */
export async function rawGet(fullKey: string): Promise<Response> {
  const backend = localBackend();
  const path = fullKey.split('/').map(encodeURIComponent).join('/');
  return fetch(`${backend.s3Endpoint}/${backend.bucket}/${path}`);
}
