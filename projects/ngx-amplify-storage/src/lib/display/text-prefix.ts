import { Observable } from 'rxjs';
import { switchTo } from '../observables/plain-operators';
import { StorageError } from '../errors/storage-error';
import { toStorageError } from '../errors/to-storage-error';
import { StorageService } from '../service/storage.service';
import { ReadOptions } from '../service/storage-types';

/** Bytes that hold `characters` characters of UTF-8 text at most (a character takes up to 4). */
export function utf8BytesFor(characters: number): number {
  return characters * 4;
}

/**
 * The text of `bytes`, the start of a UTF-8 object. When `cut` (the object may go on past them), a
 * character split at the end is left out rather than shown as U+FFFD.
 */
export function decodeTextPrefix(bytes: Uint8Array, cut: boolean): string {
  // A streaming decode keeps an incomplete trailing sequence back for the next chunk, which never comes.
  return new TextDecoder('utf-8').decode(bytes, { stream: cut });
}

/** The first `count` characters of `text`, never ending on half of a surrogate pair. */
export function firstCharacters(text: string, count: number): string {
  if (text.length <= count) return text;
  const last = text.charCodeAt(count - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? count - 1 : count);
}

/** The `Range` header for the first `maxBytes` bytes, or none for the whole object. */
export function rangeHeader(maxBytes: number | undefined): Record<string, string> {
  return maxBytes === undefined ? {} : { Range: `bytes=0-${maxBytes - 1}` };
}

/** Checks `maxBytes`: a whole number of bytes, at least 1. */
export function assertMaxBytes(maxBytes: number | undefined): void {
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes >= 1)) {
    throw new StorageError(
      'InvalidOption',
      `maxBytes is ${maxBytes}; give a whole number of bytes from 1 up, or leave it out for the whole object.`,
      { field: 'maxBytes' },
    );
  }
}

/**
 * The text of `key` (its first `maxBytes` bytes when set, else all of it), fetched with one GET of
 * a presigned URL: no HEAD, and with `maxBytes` a Range request, so that a preview downloads only
 * what it shows. Unsubscribing aborts the request.
 */
export function textPrefix(
  storage: StorageService,
  key: string,
  options: ReadOptions,
  maxBytes?: number,
): Observable<string> {
  return storage.get(key, options).pipe(
    switchTo(
      ({ url }) =>
        new Observable<string>((subscriber) => {
          const abort = new AbortController();
          fetchText(url, key, maxBytes, abort.signal).then(
            (text) => {
              subscriber.next(text);
              subscriber.complete();
            },
            (error: unknown) => subscriber.error(error),
          );
          return () => abort.abort();
        }),
    ),
  );
}

/** GETs `url` (a range of it with `maxBytes`) and decodes it; S3's refusals become StorageErrors. */
async function fetchText(
  url: string,
  key: string,
  maxBytes: number | undefined,
  signal: AbortSignal,
): Promise<string> {
  assertMaxBytes(maxBytes);
  let response: Response;
  try {
    response = await fetch(url, { headers: rangeHeader(maxBytes), signal });
  } catch (error) {
    throw toStorageError(error, key, new URL(url).origin);
  }
  // S3 cannot serve a range of an empty object: 416, with `bytes */0` when it says so.
  if (response.status === 416) return '';
  if (!response.ok) {
    const name = /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
    throw toStorageError(
      { name: name ?? `HTTP ${response.status}`, $metadata: { httpStatusCode: response.status } },
      key,
      new URL(url).origin,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  // As many bytes as asked for: the object may go on past them. Fewer: this was all of it.
  const cut = maxBytes !== undefined && bytes.length >= maxBytes;
  return decodeTextPrefix(cut ? bytes.subarray(0, maxBytes) : bytes, cut);
}
