import { SendCommand } from './transfer-steps';

// @noble/hashes' MD5 ran at 16 MB/s on the 2-core test machine (64 MiB in 4 s): bodies above this
// are not hashed, so on servers whose multipart ETags are plain MD5s (not S3) such an object
// cannot be confirmed, and the original error stands. S3's `-N` ETags need no hashing.
const MAX_HASHED_BYTES = 256 * 1024 * 1024;
const PLAIN_MD5 = /^"?[0-9a-f]{32}"?$/i;

/** What a HEAD request showed of an object: its ETag, size and content type, or nothing there. */
export interface StoredObject {
  eTag: string | undefined;
  size: number;
  contentType: string | undefined;
}

/** Where to look: the call's sender, SDK, bucket, full key and signal. */
export interface ObjectTarget {
  send: SendCommand;
  bucket: string;
  key: string;
  signal: AbortSignal;
}

/** An ETag without its quotes, in lower case. */
export const unquote = (eTag: string) => eTag.replace(/"/g, '').toLowerCase();

/** True when two ETags name the same content (S3 quotes them; some servers do not). */
export function sameETag(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && unquote(a) === unquote(b);
}

/** HEADs the object; undefined when there is none (404). Other failures are thrown. */
export async function headObject(target: ObjectTarget): Promise<StoredObject | undefined> {
  try {
    const output = await target.send(
      (sdk) => new sdk.HeadObjectCommand({ Bucket: target.bucket, Key: target.key }),
      target.signal,
    );
    return { eTag: output.ETag, size: output.ContentLength ?? 0, contentType: output.ContentType };
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
}

/**
 * True when `stored` holds exactly `body`: the same size and, for servers whose ETag is a plain
 * MD5 (a single PUT on S3; every object on some S3-compatible servers), the same MD5. A
 * multipart ETag is checked with `expectedMultipartETag`; anything else proves nothing.
 */
export async function holdsBody(
  stored: StoredObject,
  body: Blob | Uint8Array,
  expectedMultipartETag?: string,
): Promise<boolean> {
  const size = body instanceof Blob ? body.size : body.byteLength;
  if (stored.size !== size || stored.eTag === undefined) return false;
  if (sameETag(stored.eTag, expectedMultipartETag)) return true;
  if (!PLAIN_MD5.test(stored.eTag) || size > MAX_HASHED_BYTES) return false;
  // MD5 loads only here, on a failure's path, so that a put that succeeds never downloads it;
  // if it cannot load (offline), nothing is proved and the original error stands.
  const hashing = await import('./md5').catch(() => undefined);
  return hashing !== undefined && sameETag(stored.eTag, await hashing.md5Hex(body));
}

/**
 * True for a failure after which the server may still have done the work: no answer (network
 * error, timeout) or a 500-class error. A 503 (SlowDown, Service Unavailable) was turned away
 * before any work, and a 4xx other than those named in `alsoAmbiguous` means it was not done.
 */
export function mayHaveSucceeded(error: unknown, alsoAmbiguous: string[] = []): boolean {
  if (error instanceof TypeError) return true;
  const failure = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (failure.name === 'AbortError') return false;
  if (alsoAmbiguous.includes(failure.name ?? '')) return true;
  const status = failure.$metadata?.httpStatusCode;
  if (status === undefined)
    return failure.name === 'TimeoutError' || failure.name === 'NetworkError';
  return status >= 500 && status !== 503;
}

/**
 * After a PUT of `body` failed in a way that leaves the outcome open, the stored object's ETag
 * when the key holds exactly `body` (so the PUT was done after all); otherwise undefined.
 */
export async function storedDespite(
  error: unknown,
  target: ObjectTarget,
  body: Blob | Uint8Array,
): Promise<string | undefined> {
  if (target.signal.aborted || !mayHaveSucceeded(error)) return undefined;
  const stored = await headObject(target).catch(() => undefined);
  return stored?.eTag !== undefined && (await holdsBody(stored, body)) ? stored.eTag : undefined;
}

/** After a DELETE failed in a way that leaves the outcome open, true when the key is gone. */
export async function goneDespite(error: unknown, target: ObjectTarget): Promise<boolean> {
  if (target.signal.aborted || !mayHaveSucceeded(error)) return false;
  return (
    (await headObject(target)
      .then((stored) => stored === undefined)
      .catch(() => false)) === true
  );
}
