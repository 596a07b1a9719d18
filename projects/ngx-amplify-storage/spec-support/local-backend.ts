// What the specs know of the local backend that `npm test` starts (tools/run-tests.mjs).
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  StorageCredentialsProvider,
  StorageIdentity,
} from '../src/lib/credentials/credentials-provider';
import { StorageSettings } from '../src/lib/config/storage-config';
import { CustomPrefix } from '../src/lib/keys/access-level';
import { waitFor } from './async';

/** The second backend, whose policies are generated for the custom prefixes `prefixes`. */
export interface CustomPrefixBackend {
  prefixes: CustomPrefix;
  s3Endpoint: string;
  uncheckedS3Endpoint: string;
  identityEndpoint: string;
  bucket: string;
  region: string;
  identityPoolId: string;
}

/**
 * The S3 implementation the specs run against: s3rver behind the enforcing gateway (the `library`
 * suite), or moto_server as plain S3 with no gateway and so no access-level checks (the `moto`
 * suite, tools/moto-server.mjs). The same spec files run against either.
 */
export type S3Server = 's3rver' | 'moto';

/** The backend's endpoints and names, as tools/run-tests.mjs passes them through Karma. */
export interface LocalBackend {
  s3Server: S3Server;
  /** The S3 endpoint the library uses: the gateway that checks signatures and enforces the policies. */
  s3Endpoint: string;
  /** The S3 server itself, past the gateway: no signature or policy checks. Only for looking at what is stored. */
  uncheckedS3Endpoint: string;
  /** The same S3 server behind a 16 MiB/s link, to watch and cancel transfers under way. */
  slowS3Endpoint: string;
  /** A bucket whose CORS rules expose neither ETag nor Content-Range (the policies grant it as they grant `bucket`). */
  hiddenETagBucket: string;
  /** The S3 server behind the fault-injecting proxy (tools/local-backend/fault-proxy.mjs). */
  faultyS3Endpoint: string;
  /** The proxy's control API: PUT a fault plan, GET /stats, POST /reset. */
  faultControlEndpoint: string;
  /** Local Kinesis (kinesalite, tools/local-kinesis), where the Kinesis sink specs send. */
  kinesisEndpoint: string;
  /** kinesalite behind a fault double (tools/local-kinesis/kinesis-fault-proxy.mjs): kinesalite never fails a record. */
  kinesisFaultyEndpoint: string;
  /** The Kinesis fault double's control API: PUT a plan, GET /stats, POST /reset. */
  kinesisFaultControlEndpoint: string;
  identityEndpoint: string;
  bucket: string;
  region: string;
  identityPoolId: string;
  loginProvider: string;
  customPrefix: CustomPrefixBackend;
}

/** The running backend; specs fail at once with a clear message when run without it. */
export function localBackend(): LocalBackend {
  const backend = (window as unknown as { __karma__: { config: { backend?: LocalBackend } } })
    .__karma__.config.backend;
  if (!backend)
    throw new Error('No local backend: run the tests with `npm test`, which starts it.');
  return backend;
}

/** Whether the S3 endpoint enforces the access levels: the gateway does, plain moto_server does not. */
export function enforcesAccessLevels(): boolean {
  return localBackend().s3Server !== 'moto';
}

/**
 * Marks the running spec pending (skipped, with the reason shown) when the S3 server does not
 * enforce the access levels; call it first in a spec whose point is the enforcement.
 */
export function requireEnforcement(): void {
  if (!enforcesAccessLevels())
    pending('needs the enforcing gateway; moto_server is plain S3 without access-level checks');
}

/** Library settings pointing at the local backend, on the default Cognito code path. */
export function localSettings(): StorageSettings {
  return settingsFor(localBackend());
}

/** Library settings pointing at the custom-prefix backend (customPrefix itself is left to the specs). */
export function customPrefixSettings(): StorageSettings {
  return settingsFor(localBackend().customPrefix);
}

/** Settings for one of the backends, through its gateway and Cognito stand-in. */
function settingsFor(backend: LocalBackend | CustomPrefixBackend): StorageSettings {
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

/**
 * An app-supplied credentials provider, as an app with its own sign-in would write one around
 * its auth system: here the SDK's fromCognitoIdentityPool against the local identity service,
 * for `user` (a guest when undefined). The enforcing backend accepts only credentials it issued.
 */
export class AppCredentials implements StorageCredentialsProvider {
  /** How many times storage asked for credentials. */
  calls = 0;
  /** The user whose credentials the next call gets; change it to switch users. */
  user: string | undefined;
  private readonly withIdentityId: boolean;

  /** `withIdentityId: false` hands out credentials without an identity ID, as some providers do. */
  constructor(user: string | undefined, { withIdentityId = true } = {}) {
    this.user = user;
    this.withIdentityId = withIdentityId;
  }

  async getIdentity(): Promise<StorageIdentity> {
    this.calls++;
    const backend = localBackend();
    // A new SDK provider per call, with no cache: the spec's calls are few, and nothing carries over.
    const credentials = await fromCognitoIdentityPool({
      identityPoolId: backend.identityPoolId,
      logins: this.user === undefined ? undefined : loginsFor(this.user),
      cache: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
      clientConfig: { region: backend.region, endpoint: backend.identityEndpoint },
    })();
    return {
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
        expiration: credentials.expiration,
      },
      identityId: this.withIdentityId ? credentials.identityId : undefined,
    };
  }
}

// The default buffer of 250 entries would fill up in the paging specs and stop the count.
performance.setResourceTimingBufferSize(1_000_000);

/**
 * The S3 requests (URLs) the page has started since `since` (a performance.now() reading), as far
 * as they have ended. Requests started earlier are left out even when they end later.
 */
export function s3RequestsSince(since: number): string[] {
  const { s3Endpoint, slowS3Endpoint, faultyS3Endpoint } = localBackend();
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= since)
    .map((entry) => entry.name)
    .filter((name) =>
      [s3Endpoint, slowS3Endpoint, faultyS3Endpoint].some((endpoint) => name.startsWith(endpoint)),
    );
}

/** Number of requests the page has made to the S3 endpoint so far (from the Resource Timing API). */
export function s3RequestCount(): number {
  const { s3Endpoint, slowS3Endpoint } = localBackend();
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.startsWith(s3Endpoint) || entry.name.startsWith(slowS3Endpoint))
    .length;
}

/** A key prefix no other spec uses, so that specs never see each other's objects. */
export function uniquePath(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}/`;
}

/** Where the unchecked helpers go: the main backend unless another is named. */
type UncheckedTarget = Pick<LocalBackend, 'uncheckedS3Endpoint' | 'bucket'>;

function uncheckedUrl(fullKey: string, target: UncheckedTarget): string {
  const path = fullKey.split('/').map(encodeURIComponent).join('/');
  return `${target.uncheckedS3Endpoint}/${target.bucket}/${path}`;
}

/**
 * Reads an object by its full key straight from the S3 server, past the gateway: no credentials,
 * no policy. Only to look at what is stored; it proves nothing about who may read it.
 */
export async function uncheckedGet(
  fullKey: string,
  target: UncheckedTarget = localBackend(),
): Promise<Response> {
  return fetchUncached(uncheckedUrl(fullKey, target), { headers: uncheckedHeaders() });
}

/**
 * moto refuses an anonymous read of an object without a public ACL, but takes any request with an
 * Authorization header as signed (it checks no signature); s3rver past the gateway needs nothing.
 */
function uncheckedHeaders(): Record<string, string> {
  return localBackend().s3Server === 'moto'
    ? {
        Authorization:
          'AWS4-HMAC-SHA256 Credential=unchecked/20000101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      }
    : {};
}

/**
 * fetch() past the browser's HTTP cache. A spec that reads a URL twice (before and after a
 * remove, say) must see the server's answer both times: a heuristically cached 200 once hid a 404.
 */
export function fetchUncached(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, cache: 'no-store' });
}

/** Stores an object by its full key straight into the S3 server, past the gateway (to set up a spec). */
export async function uncheckedPut(
  fullKey: string,
  body: string,
  target: UncheckedTarget = localBackend(),
): Promise<void> {
  const response = await fetch(uncheckedUrl(fullKey, target), {
    method: 'PUT',
    body,
    headers: uncheckedHeaders(),
  });
  if (!response.ok)
    throw new Error(`could not store ${fullKey}: ${response.status} ${await response.text()}`);
}

/** Sets the fault proxy's plan (see tools/local-backend/fault-proxy.mjs); `{}` clears it. */
export async function setFaults(plan: object): Promise<void> {
  const response = await fetch(localBackend().faultControlEndpoint, {
    method: 'PUT',
    body: JSON.stringify(plan),
  });
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
  /** The most requests in flight at once since the last reset. */
  maxInFlight: number;
  lastActivityAt: number;
  /** aborted: the client went away before the answer was complete; dropped: by a fault. */
  log: {
    at: number;
    method: string;
    kind: string;
    status?: number;
    endedAt?: number;
    aborted?: boolean;
    dropped?: boolean;
  }[];
}

/** The fault proxy's counters. */
export async function faultStats(): Promise<FaultStats> {
  return (await fetch(`${localBackend().faultControlEndpoint}/stats`)).json();
}

/** One request in the fault proxy's log, with the fields the lost-response and download specs read. */
export interface FaultLogEntry {
  at: number;
  method: string;
  kind: string;
  url: string;
  /** The status the client got; undefined when a fault cut it off. */
  status?: number;
  /** What S3 answered to a request whose answer a 'lose-response' fault dropped. */
  lostStatus?: number;
  faults?: string[];
  range?: string;
  ifMatch?: string;
  held?: boolean;
  /** The client went away before the answer was complete (a cancelled call's request, say). */
  aborted?: boolean;
  /** The SDK's amz-sdk-invocation-id: one per attempt the library made (see attemptsIn). */
  invocationId?: string;
}

/** The fault proxy's counters with every log field and the number of requests held by a 'hold' fault. */
export interface FullFaultStats extends FaultStats {
  faultsByType: Record<string, number>;
  held: number;
  log: FaultLogEntry[];
}

/** The fault proxy's counters, with the full log (see FullFaultStats). */
export async function fullFaultStats(): Promise<FullFaultStats> {
  return (await fetch(`${localBackend().faultControlEndpoint}/stats`)).json();
}

/** Lets every request held by a 'hold' fault go on; resolves to how many there were. */
export async function releaseHeld(): Promise<number> {
  const response = await fetch(`${localBackend().faultControlEndpoint}/release`, {
    method: 'POST',
  });
  return ((await response.json()) as { released: number }).released;
}

/** Resolves once `condition` holds: async.ts's `waitFor`, condition first, with a minute to wait. */
export function waitUntil(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  return waitFor(what, condition, timeoutMs);
}

/** Clears the fault plan and the counters. */
export async function resetFaults(): Promise<void> {
  await fetch(`${localBackend().faultControlEndpoint}/reset`, { method: 'POST' });
}

/** Settings that reach the S3 server through the fault proxy. */
export function faultySettings(): StorageSettings {
  return { ...localSettings(), endpoint: localBackend().faultyS3Endpoint };
}

/**
 * Sends the calls of the enclosing `describe` through the fault proxy (the `configure` of the
 * StorageService that `storage()` returns), clearing its plan and counters before and after each spec.
 */
export function throughFaultProxy(
  storage: () => { configure(update: StorageSettings): unknown },
): void {
  beforeEach(async () => {
    await resetFaults();
    storage().configure({ endpoint: localBackend().faultyS3Endpoint });
  });
  afterEach(() => resetFaults());
}

/** The requests (preflights left out) the fault proxy logged for URLs containing `fragment`. */
export async function faultLogFor(fragment: string): Promise<FaultLogEntry[]> {
  return (await fullFaultStats()).log.filter(
    (entry) => entry.kind !== 'preflight' && entry.url.includes(fragment),
  );
}

/**
 * How many attempts the library made among `entries`: one per SDK invocation id. Counting
 * requests would also count the copy Chromium itself resends, with the same id, when a reset cuts
 * off a request on a socket it had opened ahead; entries without an id count one each.
 */
export function attemptsIn(entries: readonly FaultLogEntry[]): number {
  const ids = new Set(entries.map((entry, index) => entry.invocationId ?? `request ${index}`));
  return ids.size;
}
