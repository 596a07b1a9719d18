// A loopback static server for the bench page. It sends the cross-origin isolation headers so
// that performance.now() in the page has 5 µs resolution instead of 100 µs; the page's requests
// to the S3 server are CORS requests, which cross-origin isolation allows.
import { createServer } from 'node:http';
import { listenOnLoopback } from '../../tools/browser-stack.cjs';

/**
 * The CORS origins of the bench's throw-away backends: its pages are served from 127.0.0.1 on ports
 * chosen after the backend starts, so any loopback port (S3's one-wildcard AllowedOrigin form),
 * and never a site on the web.
 */
export const BENCH_ORIGINS = ['http://127.0.0.1:*'];

/** Serves `files` ({ '/path': { type, body } }) on 127.0.0.1; resolves to { url, close() }. */
export async function startStaticServer(files) {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url, 'http://localhost').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    response.end(file.body);
  });
  return listenOnLoopback(server);
}
