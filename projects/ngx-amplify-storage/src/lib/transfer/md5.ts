import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { unquote } from './object-check';

// Apart from object-check.ts, which a single put uses: MD5 is needed only to confirm an upload
// whose answer was lost, and by multipart uploads, so it loads with them (issue 13, bundle).

// Blobs are hashed a slice at a time, so a large file is never held in memory at once.
const HASH_SLICE = 8 * 1024 * 1024;

/**
 * The ETag S3 gives an object completed from these parts: the MD5 of the parts' binary MD5s,
 * then `-` and the number of parts. Undefined when a part's ETag is not an MD5 (SSE-KMS, SSE-C).
 */
export function multipartETag(partETags: string[]): string | undefined {
  const digests = partETags.map(unquote);
  if (digests.length === 0 || !digests.every((hex) => /^[0-9a-f]{32}$/.test(hex))) return undefined;
  const joined = new Uint8Array(16 * digests.length);
  digests.forEach((hex, i) => {
    for (let byte = 0; byte < 16; byte++)
      joined[i * 16 + byte] = parseInt(hex.slice(byte * 2, byte * 2 + 2), 16);
  });
  return `"${bytesToHex(md5(joined))}-${digests.length}"`;
}

/** The MD5 of a body, hex, as S3 gives it as the ETag of a single PUT. */
export async function md5Hex(body: Blob | Uint8Array): Promise<string> {
  if (!(body instanceof Blob)) return bytesToHex(md5(body));
  const hash = md5.create();
  for (let start = 0; start < body.size; start += HASH_SLICE) {
    hash.update(new Uint8Array(await body.slice(start, start + HASH_SLICE).arrayBuffer()));
  }
  return bytesToHex(hash.digest());
}
