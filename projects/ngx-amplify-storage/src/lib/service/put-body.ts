import { StorageError } from '../errors/storage-error';
import type { ObjectParams } from './operations/storage-kit';
import { PutOptions, StorageBody } from './storage-types';

const utf8 = new TextEncoder();

/** Returns `body` in a form the SDK sends as is, or throws InvalidBody. */
export function assertBody(body: unknown): Blob | Uint8Array {
  // Strings go as UTF-8 bytes: XHR would otherwise rewrite the signed Content-Type's charset.
  if (typeof body === 'string') return utf8.encode(body);
  if (body instanceof Blob || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  const kind =
    body === null
      ? 'null'
      : Array.isArray(body)
        ? 'an array'
        : typeof body === 'object'
          ? `a ${body.constructor?.name ?? 'object'}`
          : `a ${typeof body}`;
  throw new StorageError(
    'InvalidBody',
    `The body is ${kind}; pass a string, Blob, File, ArrayBuffer or Uint8Array (JSON.stringify objects first).`,
    { field: 'body' },
  );
}

/** The content type to store: the option, else the File's or Blob's own type, else one by body kind. */
export function contentTypeOf(body: StorageBody, contentType: string | undefined): string {
  if (contentType) return contentType;
  if (body instanceof Blob && body.type) return body.type;
  return typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
}

/** Size in bytes of a checked body, for tracking. */
export function bodySize(body: Blob | Uint8Array): number {
  return body instanceof Blob ? body.size : body.byteLength;
}

/** Checks the put options that S3 would otherwise reject after the upload started. */
export function assertPutOptions(options: PutOptions): void {
  if (
    options.expires !== undefined &&
    !(options.expires instanceof Date && !isNaN(options.expires.getTime()))
  ) {
    throw new StorageError(
      'InvalidOption',
      'put option expires must be a valid Date (the Expires header served with the object).',
      {
        field: 'expires',
      },
    );
  }
  for (const [name, value] of Object.entries(options.metadata ?? {})) {
    if (!/^[A-Za-z0-9-_.]+$/.test(name) || typeof value !== 'string') {
      throw new StorageError(
        'InvalidOption',
        `metadata ${JSON.stringify(name)} must have a name of letters, digits, '-', '_' or '.' and a string value.`,
        { field: 'metadata' },
      );
    }
  }
}

/** The headers of a PutObject that stores `params`, as the SDK would send them (names in lower case). */
export function objectHeaders(params: ObjectParams): Record<string, string> {
  const headers: Record<string, string> = {};
  if (params.ContentType) headers['content-type'] = params.ContentType;
  if (params.ContentDisposition) headers['content-disposition'] = params.ContentDisposition;
  if (params.CacheControl) headers['cache-control'] = params.CacheControl;
  if (params.Expires) headers['expires'] = params.Expires.toUTCString();
  for (const [name, value] of Object.entries(params.Metadata ?? {}))
    headers[`x-amz-meta-${name.toLowerCase()}`] = value;
  return headers;
}
