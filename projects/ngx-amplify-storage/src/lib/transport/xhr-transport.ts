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
interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** The response shape the AWS SDK expects back. */
interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Blob;
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

/** RFC 3986 encoding, which SigV4 signed the query with. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Builds a query string in the SDK's encoding, in the order the SDK gave. */
export function buildQuery(query: SdkHttpRequest['query']): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    const key = escapeUri(name);
    if (value === null || value === undefined) parts.push(key);
    else if (Array.isArray(value)) for (const item of value) parts.push(`${key}=${escapeUri(item)}`);
    else parts.push(`${key}=${escapeUri(value)}`);
  }
  return parts.join('&');
}

function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * The AWS SDK's HTTP handler, on XMLHttpRequest. The SDK's fetch handler cannot report upload
 * progress, and its XHR handler reports progress on one shared emitter and reads bodies as text.
 * Here each call's AbortSignal identifies the call: progress goes to the listener registered for
 * that signal, and aborting the signal aborts the XHR at once.
 */
export class XhrTransport {
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
    return new Promise((resolve, reject) => {
      if (abortSignal?.aborted) {
        reject(abortError());
        return;
      }
      const query = buildQuery(request.query);
      const port = request.port ? `:${request.port}` : '';
      const url = `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, url);
      xhr.responseType = 'blob';
      for (const [name, value] of Object.entries(request.headers)) {
        if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
      }
      const listener = abortSignal && this.listeners.get(abortSignal);
      if (listener) {
        xhr.upload.onprogress = (event) =>
          listener({ direction: 'upload', loaded: event.loaded, total: event.lengthComputable ? event.total : undefined });
        xhr.onprogress = (event) =>
          listener({ direction: 'download', loaded: event.loaded, total: event.lengthComputable ? event.total : undefined });
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
            body: xhr.response as Blob,
          },
        });
      };
      xhr.onerror = () => {
        cleanUp();
        // A TypeError with fetch's wording lets the SDK's retry strategy see a transient network error.
        reject(new TypeError('Failed to fetch'));
      };
      const body = request.method === 'GET' || request.method === 'HEAD' ? null : request.body;
      xhr.send((body ?? null) as XMLHttpRequestBodyInit | null);
    });
  }

  /** Part of the SDK's handler contract; this handler has no settings to change. */
  updateHttpClientConfig(): void {}

  /** Part of the SDK's handler contract. */
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Part of the SDK's handler contract; XHRs hold no pooled resources. */
  destroy(): void {}
}
