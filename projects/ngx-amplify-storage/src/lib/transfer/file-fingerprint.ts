import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Bytes read at each sampled place: the start, the middle and the end of the file. */
export const FINGERPRINT_SAMPLE = 64 * 1024;

/** The byte ranges `[start, end)` a fingerprint reads: the whole file when it is small. */
export function sampleRanges(size: number, sample = FINGERPRINT_SAMPLE): [number, number][] {
  if (size <= 3 * sample) return [[0, size]];
  const middle = Math.floor(size / 2 - sample / 2);
  return [
    [0, sample],
    [middle, middle + sample],
    [size - sample, size],
  ];
}

/**
 * A SHA-256 fingerprint of a File's name, size, last-modified time and sampled content (first,
 * middle and last 64 KiB), so that a resumed upload is matched to its file by content too: a
 * different file with the same name, size and time differs in at least one sample unless it
 * differs only elsewhere. Pure JS rather than WebCrypto, which plain-http pages lack.
 */
export async function fileFingerprint(file: File): Promise<string> {
  const hash = sha256.create();
  hash.update(utf8ToBytes(JSON.stringify([file.name, file.size, file.lastModified])));
  for (const [start, end] of sampleRanges(file.size)) {
    hash.update(new Uint8Array(await file.slice(start, end).arrayBuffer()));
  }
  return bytesToHex(hash.digest());
}
