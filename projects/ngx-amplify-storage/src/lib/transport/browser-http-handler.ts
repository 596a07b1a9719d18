import { uriEscape } from '../keys/uri-escape';
import type { StorageTransport } from './storage-transport';

/** A progress report of one HTTP request: bytes sent (upload) or received (download) so far. */
export interface TransferProgress {
  /** Which way the bytes go. */
  direction: 'upload' | 'download';
  /** Bytes transferred so far. */
  loaded: number;
  /** Bytes in all, when the size is known. */
  total: number | undefined;
}

/** The request shape the AWS SDK hands to its HTTP handler (kept structural to avoid a types dependency). */
export interface SdkHttpRequest {
  /** HTTP method. */
  method: string;
  /** `https:` or `http:`. */
  protocol: string;
  /** Host name, without the port. */
  hostname: string;
  /** Port, when not the protocol's default. */
  port?: number;
  /** Path, already escaped. */
  path: string;
  /** Query parameters, not yet escaped. */
  query?: Record<string, string | string[] | null>;
  /** Signed request headers. */
  headers: Record<string, string>;
  /** Request body, for writes. */
  body?: unknown;
}

/** The response shape the AWS SDK expects back. */
export interface SdkHttpResponse {
  /** HTTP status. */
  statusCode: number;
  /** HTTP status text. */
  reason?: string;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** Response body: a Blob for object downloads, bytes for the SDK's parsers. */
  body: Blob | Uint8Array;
}

// Headers a browser refuses to let scripts set; setting them only prints console warnings.
const FORBIDDEN_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'expect',
  'keep-alive',
  'transfer-encoding',
  'user-agent',
  'date',
]);

/** Uploads smaller than this show no progress until done: a quarter of a megabyte goes by in a blink. */
const PROGRESS_MIN_BYTES = 256 * 1024;

function payloadSize(body: XMLHttpRequestBodyInit | null): number {
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  return typeof body === 'string' ? body.length : 0;
}

/** Builds a query string in the SDK's encoding, in the order the SDK gave. */
export function buildQuery(query: SdkHttpRequest['query']): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    const key = uriEscape(name);
    if (value === null || value === undefined) parts.push(key);
    else if (Array.isArray(value))
      for (const item of value) parts.push(`${key}=${uriEscape(item)}`);
    else parts.push(`${key}=${uriEscape(value)}`);
  }
  return parts.join('&');
}

function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * The fetch cache mode for a request. Object reads (GetObject, HeadObject) are `no-store`: their
 * answers carry Last-Modified, so a browser could reuse them for a while (heuristic freshness) and
 * show a stale object or stale properties. The rest keep the default, because `no-store` costs
 * each request a CORS preflight (Chromium then skips its preflight cache, so every signed request
 * waits for an OPTIONS round trip) and makes the browser add `Cache-Control: no-cache`, which S3
 * would store as an uploaded object's own Cache-Control. A browser never answers a write from its
 * cache, nor a listing: S3 sends it with no Last-Modified, ETag or Cache-Control, so it is stale
 * at once and never revalidated, only fetched again.
 */
export function cacheMode(
  method: string,
  query: SdkHttpRequest['query'] = {},
): RequestCache | undefined {
  if (method === 'GET' && query?.['list-type'] === '2') return undefined;
  return method === 'GET' || method === 'HEAD' ? 'no-store' : undefined;
}

function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * The AWS SDK's HTTP handler: XMLHttpRequest where progress is wanted, fetch elsewhere. The SDK's
 * fetch handler cannot report upload progress, and its XHR handler reports progress on one shared
 * emitter and reads bodies as text. Here each call's AbortSignal identifies the call: progress goes
 * to the listener registered for that signal, and aborting the signal aborts the request at once.
 *
 * Object downloads (GetObject) with a listener go by XHR whatever their size, small ones too, as
 * measured in Chromium (bench/README.md, Measured figures): an XHR costs what a fetch of the same request costs,
 * while a fetch with `cache: 'no-store'` (which reads need, see `cacheMode`) sends a CORS
 * preflight before every signed request, a few ms each; and a large body read through
 * `response.body` in script ran several times slower than the XHR, with tens of MiB of heap.
 */
export class BrowserHttpHandler implements StorageTransport {
  private readonly listeners = new WeakMap<AbortSignal, (progress: TransferProgress) => void>();

  /** Sends progress of every request made with `signal` to `listener`. */
  watch(signal: AbortSignal, listener: (progress: TransferProgress) => void): void {
    this.listeners.set(signal, listener);
  }

  /** Sends one request (called by the SDK). */
  handle(
    request: SdkHttpRequest,
    // The SDK types its signal loosely; calls made through StorageService always pass a DOM AbortSignal.
    options: { abortSignal?: unknown } = {},
  ): Promise<{ response: SdkHttpResponse }> {
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    if (abortSignal?.aborted) return Promise.reject(abortError());
    const query = buildQuery(request.query);
    const port = request.port ? `:${request.port}` : '';
    const url = `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
    const body = (
      request.method === 'GET' || request.method === 'HEAD' ? null : (request.body ?? null)
    ) as XMLHttpRequestBodyInit | null;
    // GetObject bodies stay Blobs (the SDK hands them to the caller); others go to the SDK's parsers as bytes.
    const isObjectBody = request.method === 'GET' && request.query?.['x-id'] === 'GetObject';
    const listener = abortSignal && this.listeners.get(abortSignal);
    // XHR only where progress is wanted: fetch has no upload progress, and its body stream is slow (above).
    const reportsProgress = listener && (isObjectBody || payloadSize(body) >= PROGRESS_MIN_BYTES);
    const headers = Object.entries(request.headers).filter(
      ([name]) => !FORBIDDEN_HEADERS.has(name.toLowerCase()),
    );
    return reportsProgress
      ? this.sendWithXhr(request.method, url, headers, body, isObjectBody, abortSignal, listener)
      : this.sendWithFetch(
          request.method,
          url,
          headers,
          body,
          isObjectBody,
          abortSignal,
          cacheMode(request.method, request.query),
        );
  }

  private async sendWithFetch(
    method: string,
    url: string,
    headers: [string, string][],
    body: XMLHttpRequestBodyInit | null,
    isObjectBody: boolean,
    abortSignal: AbortSignal | undefined,
    cache: RequestCache | undefined,
  ): Promise<{ response: SdkHttpResponse }> {
    const response = await fetch(url, { method, headers, body, signal: abortSignal, cache });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name] = value));
    // An empty answer (a put's 200) is not read: reading it waits for the body's end, a task of
    // its own that came 3 ms late among eight puts in flight (W1), where the SDK's reader did not wait.
    const responseBody =
      response.headers.get('content-length') === '0'
        ? isObjectBody
          ? new Blob([])
          : new Uint8Array(0)
        : isObjectBody
          ? await response.blob()
          : new Uint8Array(await response.arrayBuffer());
    return {
      response: {
        statusCode: response.status,
        reason: response.statusText,
        headers: responseHeaders,
        body: responseBody,
      },
    };
  }

  private sendWithXhr(
    method: string,
    url: string,
    headers: [string, string][],
    body: XMLHttpRequestBodyInit | null,
    isObjectBody: boolean,
    abortSignal: AbortSignal | undefined,
    listener: (progress: TransferProgress) => void,
  ): Promise<{ response: SdkHttpResponse }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.responseType = isObjectBody ? 'blob' : 'arraybuffer';
      for (const [name, value] of headers) xhr.setRequestHeader(name, value);
      // Only the direction that carries the payload: a PUT's tiny response must not reset its progress.
      if (body) {
        xhr.upload.onprogress = (event) =>
          listener({
            direction: 'upload',
            loaded: event.loaded,
            total: event.lengthComputable ? event.total : undefined,
          });
      } else {
        xhr.onprogress = (event) =>
          listener({
            direction: 'download',
            loaded: event.loaded,
            total: event.lengthComputable ? event.total : undefined,
          });
      }
      const onAbort = () => {
        xhr.abort();
        reject(abortError());
      };
      abortSignal?.addEventListener('abort', onAbort, { once: true });
      const cleanUp = () => abortSignal?.removeEventListener('abort', onAbort);
      xhr.onload = () => {
        cleanUp();
        resolve({
          response: {
            statusCode: xhr.status,
            reason: xhr.statusText,
            headers: parseHeaders(xhr.getAllResponseHeaders()),
            body: isObjectBody
              ? (xhr.response as Blob)
              : new Uint8Array(xhr.response as ArrayBuffer),
          },
        });
      };
      xhr.onerror = () => {
        cleanUp();
        // A TypeError, as fetch gives: the retry rules treat both as a network error.
        reject(new TypeError('Failed to fetch'));
      };
      xhr.send(body);
    });
  }

  /** Part of the SDK's handler contract. */
  updateHttpClientConfig(): void {
    // Nothing to do: this handler has no settings to change.
  }

  /** Part of the SDK's handler contract. */
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Part of the SDK's handler contract. */
  destroy(): void {
    // Nothing to do: XHRs hold no pooled resources.
  }
}
