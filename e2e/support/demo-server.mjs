// The demo as the end-to-end tests use it: a production build (`ng build demo`) served from
// loopback by a small static server that writes the backend's settings into index.html as
// <meta name="local-backend">, which projects/demo/src/app/local-backend.ts reads.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { listenOnLoopback } from '../../tools/browser-stack.cjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Runs `ng build demo` into `outDir`; resolves to the folder with index.html, or rejects with the build log. */
export async function buildDemo(root, outDir) {
  const ng = join(root, 'node_modules', '.bin', 'ng');
  const log = [];
  const code = await new Promise((done, fail) => {
    const child = spawn(ng, ['build', 'demo', '--output-path', outDir], {
      cwd: root,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (data) => log.push(data));
    child.stderr.on('data', (data) => log.push(data));
    child.once('error', fail);
    child.once('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)));
  });
  if (code !== 0)
    throw new Error(`ng build demo failed (exit ${code}):\n${Buffer.concat(log).toString()}`);
  return join(outDir, 'browser');
}

/**
 * Serves the built demo from `dir` on 127.0.0.1 (on `port`, or any free one), with `backend` written
 * into index.html; resolves to { url, close() }.
 */
export async function serveDemo(dir, backend, { port = 0 } = {}) {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html')))
    throw new Error(`No index.html in ${root}: build the demo first.`);
  const settings = JSON.stringify(backend)
    .replace(/&/g, '&amp;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;');
  const index = (await readFile(join(root, 'index.html'), 'utf8')).replace(
    '</head>',
    `<meta name="local-backend" content='${settings}'>\n</head>`,
  );
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const file = normalize(join(root, path));
    let body;
    let type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (path !== '/' && file.startsWith(root + sep))
      body = await readFile(file).catch(() => undefined);
    if (body === undefined) {
      // The app's own routes, and anything unknown, get the app (as a single-page app host does).
      body = index;
      type = TYPES['.html'];
    }
    response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
  });
  return listenOnLoopback(server, port);
}
