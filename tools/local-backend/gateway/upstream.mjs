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
 * chunked with those HTTP trailers. Resolves to the upstream response; rejects on any failure
 * of the body stream or the connection (the upstream request is then destroyed, so a partial
 * body is never taken for a whole one). Returns { request, response }.
 */
export function sendUpstream({ agent, upstream, method, path, headers, body, trailers }) {
  let upstreamReq;
  const response = new Promise((resolve, reject) => {
    upstreamReq = httpRequest({ host: upstream.host, port: upstream.port, method, path, headers, agent });
    const fail = (err) => {
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
  return { request: upstreamReq, response };
}

/** Reads a whole (small) upstream response body. */
export async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The upstream response's headers as raw pairs, minus hop-by-hop ones (and content-length if asked). */
export function passOnHeaders(upRes, { dropLength = false } = {}) {
  const out = [];
  for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
    const name = upRes.rawHeaders[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || (dropLength && name === 'content-length')) continue;
    out.push(upRes.rawHeaders[i], upRes.rawHeaders[i + 1]);
  }
  return out;
}
