import type { S3Client } from '@aws-sdk/client-s3';
import { StorageConfig } from '../config/storage-config';
import { StorageCredentialsProvider, StorageIdentity } from '../credentials/credentials-provider';
import { StorageError } from '../errors/storage-error';
import { objectUrl } from '../presign/object-url';
import { correctClock } from '../presign/sigv4';
import { RequestLimiter } from '../transfer/request-limiter';
import { classifyFailure, retryDelay } from '../transfer/retry-policy';
import { TransferOptions } from '../transfer/transfer-options';
import { SendCommand, SendSigned } from '../transfer/transfer-steps';
import { loadOnce } from './on-first-use';
import type { SdkHttpResponse } from '../transport/browser-http-handler';
import { StorageTransport } from '../transport/storage-transport';

/** The S3 commands the library sends (s3-sdk.ts), loaded on first use. */
export type S3Sdk = typeof import('./s3-sdk');

/** One call's connection to S3: who it runs as, and sends with retries and renewal. */
export interface S3Connection {
  identity: StorageIdentity;
  send: SendCommand;
  sendSigned: SendSigned;
}

/** The host a configuration's requests go to (host name and port): what the request limit counts per. */
export function requestHost(
  config: Pick<StorageConfig, 'bucket' | 'region' | 'endpoint' | 'forcePathStyle'>,
): string {
  return objectUrl({ ...config, key: '' }).host;
}

// The configuration in force is one object until the next configure(), so its host is worked out
// once rather than per call.
const hosts = new WeakMap<StorageConfig, string>();

function hostOf(config: StorageConfig): string {
  let host = hosts.get(config);
  if (host === undefined) {
    host = requestHost(config);
    hosts.set(config, host);
  }
  return host;
}

/**
 * Everything between a call and S3: the caller's identity, the app-wide limit on requests in
 * flight, retries with back-off, renewing expired credentials once, and for the commands that
 * need it, the SDK with one client per set of credentials.
 */
export class S3Session {
  // The SDK loads with the first command sent, not with the first call: a small put, a listing,
  // a URL and a download sign their own requests (issue 13: what one put downloads is at most
  // what the raw SDK app downloads). A failed load is forgotten, so the next command retries it.
  private readonly loadSdk = loadOnce(() => import('./s3-sdk'));
  private client: { id: readonly unknown[]; client: S3Client } | undefined;

  constructor(
    private readonly credentials: StorageCredentialsProvider,
    private readonly transport: StorageTransport,
    private readonly transfers: TransferOptions,
    private readonly limiter: RequestLimiter,
  ) {}

  /** Loads the caller's identity, and gives sends bound to it and to `config`. */
  async connect(config: StorageConfig): Promise<S3Connection> {
    const session = { identity: await this.credentials.getIdentity() };
    // One lane per call: the limiter takes turns between calls, not between requests.
    const lane = {};
    const host = hostOf(config);
    const send: SendCommand = async (makeCommand, signal, onProgress) => {
      const sdk = await this.loadSdk();
      if (onProgress)
        this.transport.watch(signal, (progress) => onProgress(progress.loaded, progress.total));
      // The slot is taken per attempt, so that a back-off does not hold it, and before signing,
      // so that a request queued behind a long upload is not sent with a stale signature.
      return this.withRetries(session, signal, () =>
        this.limiter.run(host, lane, signal, () =>
          this.clientFor(sdk, config, session.identity).send(makeCommand(sdk), {
            abortSignal: signal,
          }),
        ),
      );
    };
    const sendSigned: SendSigned = (makeRequest, signal, onProgress) => {
      if (onProgress)
        this.transport.watch(signal, (progress) => onProgress(progress.loaded, progress.total));
      return this.withRetries(session, signal, () =>
        this.limiter.run(host, lane, signal, async () => {
          // Signed in its slot, with the credentials a renewal may have just replaced.
          const request = makeRequest(session.identity.credentials);
          const { response } = await this.transport.handle(request, { abortSignal: signal });
          if (response.statusCode >= 300) throw await responseError(response);
          return response;
        }),
      );
    };
    return { identity: session.identity, send, sendSigned };
  }

  /**
   * Runs `attempt`, retrying network errors, 5xx and throttling with jittered back-off up to the
   * policy's attempts, and renewing expired credentials once. Other errors fail at once.
   */
  private async withRetries<Output>(
    session: { identity: StorageIdentity },
    signal: AbortSignal,
    attempt: () => Promise<Output>,
  ): Promise<Output> {
    const policy = this.transfers.retry;
    let renewed = false;
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (signal.aborted) throw error;
        const decision = classifyFailure(error);
        if (decision === 'renew-credentials' && !renewed) {
          renewed = true;
          const identity = await this.credentials.getIdentity({ forceRefresh: true });
          if (identity.identityId !== session.identity.identityId) {
            throw new StorageError(
              'NoIdentity',
              'The user changed while the call was under way; start it again.',
              { cause: error },
            );
          }
          // The next attempt signs with these, and a command gets a client made for them.
          session.identity = identity;
          tries--;
          continue;
        }
        if (decision !== 'retry' || tries >= policy.maxAttempts) {
          throw Object.assign(error as object, { attempts: tries });
        }
        await abortableDelay(retryDelay(tries, policy, Math.random()), signal);
      }
    }
  }

  /**
   * One client per set of credentials and bucket settings: a user change gets a new client,
   * so nothing signed for one user is reused for the next.
   */
  private clientFor(sdk: S3Sdk, config: StorageConfig, identity: StorageIdentity): S3Client {
    const { accessKeyId, secretAccessKey, sessionToken } = identity.credentials;
    const id = [accessKeyId, sessionToken, config.region, config.endpoint, config.forcePathStyle];
    if (!this.client || id.some((value, i) => value !== this.client?.id[i])) {
      this.client?.client.destroy();
      this.client = {
        id,
        client: new sdk.S3Client({
          region: config.region,
          endpoint: config.endpoint,
          forcePathStyle: config.forcePathStyle,
          // No expiration here: renewal is the provider's job, and a new client follows new credentials.
          credentials: { accessKeyId, secretAccessKey, sessionToken },
          requestHandler: this.transport,
          // The default CRC32 checksums fail on Blob bodies in browsers (aws-sdk-js-v3 #6834) and
          // would read every upload into memory; S3 does not require them.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          // Retries are the session's own (withRetries), per part and per range.
          maxAttempts: 1,
        }),
      };
    }
    return this.client.client;
  }
}

/**
 * The error of a non-2xx answer to a presigned request, shaped as the SDK's are (`name` from S3's
 * `<Code>`, `$metadata.httpStatusCode`), so that retries and StorageError mapping treat it alike.
 */
export async function responseError(response: SdkHttpResponse): Promise<Error> {
  const body = response.body;
  const text = body instanceof Blob ? await body.text() : new TextDecoder().decode(body);
  // S3's error body is a flat <Error> element: its Code and Message are all that is read here.
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const error = new Error(
    field('Message') ?? `HTTP ${response.statusCode} ${response.reason ?? ''}`,
  );
  error.name = field('Code') ?? `Http${response.statusCode}`;
  // The retry (RequestTimeTooSkewed is retried) then signs by S3's clock. A presigned request is
  // signed per attempt, so one that comes back expired was signed by a clock behind S3's by more
  // than its lifetime: the same fault, and S3 names its own time in that answer too.
  const serverTime = field('ServerTime');
  const expired = error.name === 'AccessDenied' && error.message === 'Request has expired';
  if ((error.name === 'RequestTimeTooSkewed' || expired) && serverTime) {
    correctClock(new Date(serverTime));
    error.name = 'RequestTimeTooSkewed';
  }
  return Object.assign(error, { $metadata: { httpStatusCode: response.statusCode } });
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
