// Sending the gateway's rebuilt request to the S3 server, and its answer back to the client.
import { request as httpRequest } from 'node:http';

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/**
 * Sends one rebuilt request upstream. `body` is undefined (no body), a Buffer, or a readable
 * stream; with `trailers` (a function returning them once the stream ended) the body goes out
 * chunked with those HTTP trailers. Returns { request, response }: `response` resolves to the
 * upstream response and rejects on any failure of the body stream or the connection (the upstream
 * request is then destroyed, so a partial body is never taken for a whole one).
 * A pooled connection the S3 server closed just as it was reused (its keep-alive timeout) is
 * retried once on a fresh one, when the whole body is at hand (none, or a Buffer).
 */
export function sendUpstream(
  { agent, upstream, method, path, headers, body, trailers },
  retried = false,
) {
  let upstreamReq;
  const response = new Promise((resolve, reject) => {
    upstreamReq = httpRequest({
      host: upstream.host,
      port: upstream.port,
      method,
      path,
      headers,
      agent,
    });
    const fail = (err) => {
      const replayable = body === undefined || Buffer.isBuffer(body);
      if (!retried && replayable && upstreamReq.reusedSocket && err.code === 'ECONNRESET') {
        const again = sendUpstream(
          { agent, upstream, method, path, headers, body, trailers },
          true,
        );
        upstreamReq = again.request;
        again.response.then(resolve, reject);
        return;
      }
      upstreamReq.destroy();
      reject(err);
    };
    upstreamReq.on('error', fail);
    upstreamReq.on('response', resolve);
    if (body === undefined || Buffer.isBuffer(body)) {
      upstreamReq.end(body);
      return;
    }
    body.on('error', fail);
    body.pipe(upstreamReq, { end: false });
    body.on('end', () => {
      const t = trailers?.();
      if (t && Object.keys(t).length) upstreamReq.addTrailers(t);
      upstreamReq.end();
    });
  });
  return {
    /** The current upstream request (a retry replaces the first). */
    get request() {
      return upstreamReq;
    },
    response,
  };
}

/** Reads a whole (small) upstream response body. */
export async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The upstream response's headers as raw pairs, minus hop-by-hop ones (and content-length if
 * asked), with `overrides` ({ 'Content-Type': value, ... }) replacing theirs on a 2xx answer, as
 * S3 applies the response-* query parameters of a GetObject.
 */
export function passOnHeaders(upRes, { dropLength = false, overrides = {} } = {}) {
  const replaced = upRes.statusCode < 300 ? overrides : {};
  const replacedNames = new Set(Object.keys(replaced).map((n) => n.toLowerCase()));
  const out = [];
  for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
    const name = upRes.rawHeaders[i].toLowerCase();
    if (
      HOP_BY_HOP.has(name) ||
      (dropLength && name === 'content-length') ||
      replacedNames.has(name)
    )
      continue;
    out.push(upRes.rawHeaders[i], upRes.rawHeaders[i + 1]);
  }
  for (const [name, value] of Object.entries(replaced)) out.push(name, value);
  return out;
}
