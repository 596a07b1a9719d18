// The files a built bench app fetches for one put, seen in Chromium: the size check compares them
// with the chunks it counts as "loaded by the first put" (NOT_LOADED_BY_PUT in bundle-size.mjs),
// so that the figure cannot drift from what a browser downloads (say, if a put started sending an
// SDK command again).
//
// There is no AWS here: the bench apps' AWS endpoints (Cognito's GetId and
// GetCredentialsForIdentity, and S3's PUT) are answered by the page's request routing with fixed
// FAKE answers. The check is about which code loads, not about what AWS says.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import browserStack from './browser-stack.cjs';

const { launchChromium, listenOnLoopback } = browserStack;

const IDENTITY_ID = 'us-east-1:11111111-2222-3333-4444-555555555555';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, PUT, POST, HEAD, DELETE',
  'access-control-expose-headers': 'ETag',
};

/** The FAKE AWS answer to one request of a put. */
function fakeAwsAnswer(request) {
  if (request.method() === 'OPTIONS') return { status: 200, headers: CORS };
  const target = request.headers()['x-amz-target'] ?? '';
  const json = (body) => ({
    status: 200,
    headers: { ...CORS, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  });
  if (target.endsWith('.GetId')) return json({ IdentityId: IDENTITY_ID });
  if (target.endsWith('.GetCredentialsForIdentity')) {
    return json({
      IdentityId: IDENTITY_ID,
      Credentials: {
        AccessKeyId: 'ASIAFAKE',
        SecretKey: 'fake-secret',
        SessionToken: 'fake-token',
        Expiration: Math.floor(Date.now() / 1000) + 3600,
      },
    });
  }
  return {
    status: 200,
    headers: { ...CORS, etag: '"5d41402abc4b2a76b9719d911017c592"' },
    body: '',
  };
}

/** Serves a build's browser folder on loopback (index.html for anything else). */
function serveFolder(folder) {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url, 'http://localhost').pathname).replace(/^\/+/, '');
    const file =
      path && existsSync(join(folder, path)) ? join(folder, path) : join(folder, 'index.html');
    const type =
      extname(file) === '.js'
        ? 'text/javascript'
        : extname(file) === '.css'
          ? 'text/css'
          : 'text/html';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(readFileSync(file));
  });
  return listenOnLoopback(server);
}

/**
 * Opens the build in `outDir`, clicks its put button, waits for the put to end, and resolves to
 * the script and style files fetched after the click (names relative to the browser folder), with
 * the status the app showed.
 */
export async function filesFetchedByPut(outDir) {
  const site = await serveFolder(join(outDir, 'browser'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route(/amazonaws\.com/, (route) => route.fulfill(fakeAwsAnswer(route.request())));
    const fetched = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === site.url.replace(/\/$/, '') && /\.(js|css)$/.test(url.pathname))
        fetched.push(url.pathname.slice(1));
    });
    await page.goto(site.url);
    await page.waitForSelector('button');
    const before = fetched.length;
    await page.click('button:text-is("put")');
    // The storage app shows each event's type and ends on 'result', the SDK app shows 'done'; an
    // error shows its message.
    await page.waitForFunction(() =>
      /^(result|done)$|\s/.test((document.querySelector('p')?.textContent ?? '').trim()),
    );
    const status = (await page.textContent('p')).trim();
    return { files: fetched.slice(before), status };
  } finally {
    await browser.close();
    await site.close();
  }
}

/**
 * Compares what Chromium fetched for one put with the lazy chunks the size check counts for it;
 * resolves to the problems found (none when they agree and the put succeeded).
 */
export async function putChunkProblems(name, outDir, build) {
  const { files, status } = await filesFetchedByPut(outDir);
  const counted = build.chunks
    .filter((chunk) => chunk.loadedByPut && !chunk.initial)
    .map((chunk) => chunk.file);
  const problems = [];
  if (!/^(result|done)$/.test(status)) problems.push(`${name}: the put did not succeed: ${status}`);
  const missing = files.filter((file) => !counted.includes(file));
  const extra = counted.filter((file) => !files.includes(file));
  if (missing.length)
    problems.push(
      `${name}: fetched for one put but not counted: ${missing.join(', ')} (update NOT_LOADED_BY_PUT)`,
    );
  if (extra.length)
    problems.push(`${name}: counted as loaded by one put but not fetched: ${extra.join(', ')}`);
  return problems;
}
