// What the specs know of the local backend that `npm test` starts (tools/run-tests.mjs).
import { StorageCredentialsProvider, StorageIdentity } from '../src/lib/credentials/credentials-provider';
import { StorageSettings } from '../src/lib/config/storage-config';

/** The backend's endpoints and names, as tools/run-tests.mjs passes them through Karma. */
export interface LocalBackend {
  s3Endpoint: string;
  /** The same S3 server behind a 16 MiB/s link, to watch and cancel transfers under way. */
  slowS3Endpoint: string;
  /** A bucket whose CORS rules do not expose ETag. */
  hiddenETagBucket: string;
  /** The S3 server behind the fault-injecting proxy (tools/local-backend/fault-proxy.mjs). */
  faultyS3Endpoint: string;
  /** The proxy's control API: PUT a fault plan, GET /stats, POST /reset. */
  faultControlEndpoint: string;
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

/** Settings that reach the S3 server through the 16 MiB/s link. */
export function slowLinkSettings(): StorageSettings {
  return { ...localSettings(), endpoint: localBackend().slowS3Endpoint };
}

/** SHA-256 of a Blob, hex, to compare uploads and downloads byte for byte. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A Blob of `size` bytes that differ from part to part, so that a misplaced part changes the hash. */
export function patternedBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    // xorshift32: cheap, and no two 5 MiB parts alike.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
    bytes[i + 1] = (state >>> 8) & 0xff;
    bytes[i + 2] = (state >>> 16) & 0xff;
    bytes[i + 3] = (state >>> 24) & 0xff;
  }
  return bytes;
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

/** Sets the fault proxy's plan (see tools/local-backend/fault-proxy.mjs); `{}` clears it. */
export async function setFaults(plan: object): Promise<void> {
  const response = await fetch(localBackend().faultControlEndpoint, { method: 'PUT', body: JSON.stringify(plan) });
  if (!response.ok) throw new Error(`fault plan refused: ${await response.text()}`);
}

/** What the fault proxy has seen since its last reset. */
export interface FaultStats {
  requests: number;
  byKind: Record<string, number>;
  faults: number;
  faultsByKind: Record<string, number>;
  parts: Record<string, number[]>;
  bytesReceived: number;
  inFlight: number;
  lastActivityAt: number;
  log: { at: number; method: string; kind: string; status?: number }[];
}

/** The fault proxy's counters. */
export async function faultStats(): Promise<FaultStats> {
  return (await fetch(`${localBackend().faultControlEndpoint}/stats`)).json();
}

/** Clears the fault plan and the counters. */
export async function resetFaults(): Promise<void> {
  await fetch(`${localBackend().faultControlEndpoint}/reset`, { method: 'POST' });
}

/** Settings that reach the S3 server through the fault proxy. */
export function faultySettings(): StorageSettings {
  return { ...localSettings(), endpoint: localBackend().faultyS3Endpoint };
}
