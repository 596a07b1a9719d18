import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

// SHA-256 and HMAC for presigning, synchronous: presignGetUrl returns its URL at once, and
// WebCrypto's promise per digest costs more than hashing a few hundred bytes. @noble/hashes is the
// package the transfer code already uses for MD5 and file fingerprints, so presigning adds no
// second hash library; @smithy/core's Sha256Js keeps its sync digest private, and importing it
// here pulled a 24 kB SDK chunk into the initial bundle.

const bytesOf = (data: Uint8Array | string): Uint8Array =>
  typeof data === 'string' ? utf8ToBytes(data) : data;

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
