import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

// SHA-256 and HMAC for signing, synchronous: presignGetUrl returns its URL at once, and
// WebCrypto's promise per digest costs more than hashing a few hundred bytes. @noble/hashes is the
// package the transfer code already uses for MD5 and file fingerprints, so signing adds no
// second hash library; @smithy/core's Sha256Js keeps its sync digest private, and importing it
// here pulled a 24 kB SDK chunk into the initial bundle.

/** What the SDK hands a hash: text (hashed as UTF-8) or bytes. */
export type HashInput = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: HashInput): Uint8Array =>
  typeof data === 'string'
    ? utf8ToBytes(data)
    : data instanceof Uint8Array
      ? data
      : ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(data);

/** The SHA-256 digest of `data` (a string is hashed as UTF-8). */
export function sha256(data: Uint8Array | string): Uint8Array {
  return nobleSha256(bytesOf(data));
}

/** HMAC-SHA256 of `data` under `key`. */
export function hmacSha256(key: Uint8Array | string, data: Uint8Array | string): Uint8Array {
  return hmac(nobleSha256, bytesOf(key), bytesOf(data));
}

/** HMAC-SHA256 under one key, of text given as UTF-8. */
export type SigningHmac = (data: string) => Uint8Array;

/**
 * HMAC-SHA256 under `key`, for many messages: the key's two padded blocks are hashed once, and
 * each message starts from a copy of that state (the same digest as hmacSha256, two blocks fewer).
 */
export function keyedHmac(key: Uint8Array): SigningHmac {
  const keyed = hmac.create(nobleSha256, key);
  return (data) => keyed.clone().update(utf8ToBytes(data)).digest();
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Inputs from this size on are hashed by WebCrypto, off the main thread (a put body of a few MiB). */
const OFF_THREAD_BYTES = 512;

/**
 * The hash the SDK client signs requests with (its `sha256` option): SHA-256, or HMAC-SHA256 under
 * `secret`, with the SDK's Hash contract. The SDK's default hashes every input with WebCrypto,
 * whose promise resolves from another thread: SigV4 takes four or five digests per request, one
 * after the other (the signing-key cache key, the payload, the canonical request, the signature),
 * and under load each hop left the request waiting while its connection stood idle. Small inputs
 * are hashed here synchronously (the same digests, so the same signatures); large payloads still
 * go to WebCrypto where it exists, so that hashing a put body does not block the page.
 */
export class SigningSha256 {
  private readonly key: Uint8Array | undefined;
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(secret?: HashInput) {
    // As the SDK's own hash: an empty secret means a plain digest.
    this.key = secret ? bytesOf(secret) : undefined;
  }

  /** Adds `data` (text as UTF-8) to what is hashed. */
  update(data: HashInput): void {
    const bytes = bytesOf(data);
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
  }

  /** The digest of everything added so far. */
  digest(): Promise<Uint8Array> {
    const data = this.chunks.length === 1 ? this.chunks[0] : concatBytes(...this.chunks);
    const subtle = globalThis.crypto?.subtle;
    if (this.key === undefined && this.size >= OFF_THREAD_BYTES && subtle?.digest) {
      return subtle
        .digest('SHA-256', data as Uint8Array<ArrayBuffer>)
        .then((d) => new Uint8Array(d));
    }
    return Promise.resolve(this.key ? hmac(nobleSha256, this.key, data) : nobleSha256(data));
  }

  /** Forgets what was added. */
  reset(): void {
    this.chunks = [];
    this.size = 0;
  }
}
