// The server-rendering check of the ssr21 consumer: renders its page (every component and signal
// helper of the library) on the server with renderApplication, against a local backend whose S3 and identity
// endpoints are reached only through counting proxies, then hydrates the HTML in headless
// Chromium. The server must make no request at all; the browser must hydrate without a mismatch
// or console error, then load the objects itself and let the zone.js app become stable.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { chromium } from 'playwright-core';
import { startLocalBackend } from '../local-backend/backend.mjs';
import { startFaultProxy } from '../local-backend/fault-proxy.mjs';
import { CHROMIUM_ARGS } from './smoke.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
// A 1×1 PNG, so that the browser really decodes the image the server left as a placeholder.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const NOTE = 'Rendered in the browser, after hydration.';
// Hydration problems are NG05xx (NG0500 mismatch … NG0507); NG0506 is "not stable in time".
const HYDRATION_CODE = /NG05\d\d/;
const STABLE_TIMEOUT_MS = 15_000;

/**
 * Serves `html` at `/` and the built browser files beside it, on a port chosen before rendering;
 * and at /own-data the data the server render waits for, as an app's render waits for its own.
 */
async function startPageServer(browserDir) {
  let html = '';
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (path === '/own-data') {
      response.end('{}');
      return;
    }
    const file = join(browserDir, path);
    if (
      path !== '/' &&
      file.startsWith(browserDir) &&
      existsSync(file) &&
      statSync(file).isFile()
    ) {
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      createReadStream(file).pipe(response);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(html);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    setHtml: (value) => (html = value),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Stores the objects the page shows, straight into s3rver (seeding is no identity's right). */
async function seed(backend) {
  const s3 = new S3Client({
    region: backend.region,
    endpoint: backend.directS3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const put = (Key, Body, ContentType) =>
    s3.send(new PutObjectCommand({ Bucket: backend.bucket, Key, Body, ContentType }));
  await put('public/ssr/cat.png', PNG, 'image/png');
  await put('public/ssr/note.txt', NOTE, 'text/plain');
  s3.destroy();
}

/** The body of a GET of `url`, e.g. a presigned URL the page shows. */
async function fetchText(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return response.text();
}

/** Resolves as `promise` does, or rejects after STABLE_TIMEOUT_MS saying it waited for `what`. */
async function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Waited ${STABLE_TIMEOUT_MS} ms in vain for ${what}.`)),
      STABLE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the app reports stable (zone.js: nothing pending in the zone), or rejects. */
function waitStable(page) {
  const stable = page.evaluate(
    () =>
      new Promise((resolve) => {
        const subscription = window.appRef.isStable.subscribe((isStable) => {
          if (isStable) {
            resolve(true);
            queueMicrotask(() => subscription.unsubscribe());
          }
        });
      }),
  );
  return withTimeout(
    stable,
    'the hydrated app to become stable (a URL-renewal timer or request pending in the zone keeps it from that)',
  );
}

/** Renders the app built into `distDir` on the server, hydrates it in Chromium, and checks both. */
export async function ssrCheck(distDir) {
  const browserDir = join(distDir, 'browser');
  const serverMain = join(distDir, 'server', 'main.server.mjs');
  const dataDir = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-ssr-'));
  const page = await startPageServer(browserDir);
  const stops = [() => page.close(), () => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const backend = await startLocalBackend({
      s3Port: 0,
      identityPort: 0,
      dataDir,
      silent: true,
      corsOrigins: [page.origin],
    });
    stops.unshift(() => backend.stop());
    await seed(backend);
    const s3 = await startFaultProxy({ target: backend.s3Endpoint });
    const identity = await startFaultProxy({ target: backend.identityEndpoint });
    stops.unshift(
      () => s3.close(),
      () => identity.close(),
    );
    const requests = () => s3.stats().requests + identity.stats().requests;
    const settings = {
      bucket: backend.bucket,
      region: backend.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      identityPoolId: backend.identityPoolId,
      identityEndpoint: identity.endpoint,
    };

    const { render } = await import(pathToFileURL(serverMain).href);
    const { html, serviceCalls } = await render(
      readFileSync(join(browserDir, 'index.csr.html'), 'utf8'),
      '/',
      settings,
      `${page.origin}/own-data`,
    );
    // The components' effects have run when the render resolves: a call they made on the server
    // is recorded by now (main.server.ts), so this needs no wait for requests that must not come.
    assert.deepEqual(serviceCalls, [], 'StorageService methods the server render called');
    assert.equal(requests(), 0, 'requests the server render made to S3 and Cognito');
    assert.match(html, /ngh=/, 'the server render carries hydration annotations');
    for (const placeholder of [
      'Choose files',
      'Loading image…',
      'Loading text…',
      'Loading files…',
      'No link yet',
      'No listing yet',
    ])
      assert.ok(html.includes(placeholder), `the server render shows "${placeholder}"`);
    assert.match(
      html,
      /<amplify-storage-browser[^>]*data-status="loading"/,
      'the storage browser rendered on the server, not listing',
    );
    assert.doesNotMatch(html, /X-Amz-Signature/, 'no presigned URL in the server render');
    const serverIds = [...html.matchAll(/\sid="(amplify-[^"]+)"/g)].map((match) => match[1]);
    assert.ok(serverIds.length >= 4, `element ids rendered on the server: ${serverIds.join(', ')}`);
    page.setHtml(html);

    const browser = await chromium.launch({
      executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    stops.unshift(() => browser.close());
    const tab = await browser.newPage();
    const problems = [];
    const logs = [];
    tab.on('console', (message) => {
      logs.push(message.text());
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      else if (HYDRATION_CODE.test(message.text()))
        problems.push(`hydration ${message.type()}: ${message.text()}`);
    });
    const hydrated = new Promise((resolve) =>
      tab.on('console', (message) => {
        if (/Angular hydrated \d+ component/.test(message.text())) resolve();
      }),
    );
    tab.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    await tab.goto(page.origin);

    // After hydration the browser loads what the server left as placeholders.
    await tab.locator('amplify-s3-image[data-status="shown"] img').waitFor({ timeout: 30_000 });
    await tab.waitForFunction(
      () => document.querySelector('amplify-s3-image img')?.complete === true,
    );
    await tab.locator('amplify-s3-text pre').waitFor();
    assert.equal(await tab.locator('amplify-s3-text pre').textContent(), NOTE);
    await tab.locator('amplify-s3-album.plain-album[data-status="done"]').waitFor();
    await tab
      .locator('.plain-album amplify-s3-album-tile[data-key="ssr/cat.png"][data-status="image"]')
      .waitFor();
    // What keeps a URL-renewal timer running: a hidden image, a custom tile of a file that is not
    // an image, and storageUrl; then the storage browser's and storageList's listings.
    await tab
      .locator('amplify-s3-image.hidden-image[data-status="shown"]')
      .waitFor({ state: 'attached' });
    await tab
      .locator('.custom-album [data-key="ssr/note.txt"] a.custom-tile[href*="X-Amz-Signature"]')
      .waitFor();
    await tab.locator('a.note-link[href*="X-Amz-Signature"]').waitFor();
    assert.equal(await fetchText(await tab.locator('a.note-link').getAttribute('href')), NOTE);
    await tab.locator('amplify-storage-browser [data-key="ssr/note.txt"]').waitFor();
    await tab.locator('p.file-count', { hasText: '2 files listed' }).waitFor();
    // The storage browser's entries exist only once listed in the browser; the rest must match.
    const browserIds = await tab.evaluate(() =>
      [...document.querySelectorAll('[id^="amplify-"]:not(.amplify-storage-browser-entry)')].map(
        (element) => element.id,
      ),
    );
    assert.deepEqual(browserIds, serverIds, 'element ids after hydration, as rendered');
    await waitStable(tab);
    // Angular logs this in development builds once the hydrated app is stable.
    await withTimeout(hydrated, `Angular's hydration report; logs: ${logs.join(' | ')}`);
    assert.ok(requests() > 0, 'the browser loaded the objects through the counting proxies');
    assert.deepEqual(problems, []);
    console.log(
      `ssr: the server made 0 requests; the browser hydrated and then made ${requests()}.`,
    );
  } finally {
    for (const stop of stops) await stop();
  }
}
