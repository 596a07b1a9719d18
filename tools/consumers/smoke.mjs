// The consumer apps' smoke spec: serves a production build on loopback and loads it in headless
// Chromium, as a user's browser would, then checks what the app rendered.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Serves `root` on a free loopback port, with index.html for unknown paths as a SPA host does. */
export async function serveStatic(root) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory())
      file = join(root, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Loads the app built into `browserDir` and checks that it bootstrapped on the expected Angular
 * and change detection, that StorageService is provided with the bucket ng add configured, and
 * that <amplify-photo-picker> rendered its file input; with no console error, no uncaught error,
 * and no request leaving loopback (nothing may call AWS before the user does).
 */
export async function smoke(browserDir, expected) {
  const server = await serveStatic(browserDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on(
      'console',
      (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`),
    );
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1') return route.continue();
      problems.push(`request left loopback: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(server.url);
    // The root component's bindings exist only once Angular has bootstrapped and rendered it.
    await page.locator('#storage').waitFor({ timeout: 30_000 });
    const text = async (selector) => (await page.locator(selector).textContent())?.trim();
    assert.match(await text('#angular'), expected.angular, 'Angular version');
    assert.equal(await text('#zone'), expected.zone, 'change detection');
    assert.equal(await text('#storage'), 'StorageService provided');
    assert.equal(
      await text('#bucket'),
      expected.bucket,
      'bucket from the Amplify configuration file, as ng add wrote it',
    );
    const input = page.locator('amplify-photo-picker input[type="file"]');
    assert.equal(await input.count(), 1, '<amplify-photo-picker> renders one file input');
    assert.equal(await input.getAttribute('accept'), 'image/*');
    // The picker's button opens the file dialog: the app responds to the user, not just renders.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.locator('amplify-photo-picker button').click(),
    ]);
    assert.equal(chooser.isMultiple(), false);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
}
