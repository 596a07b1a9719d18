// Set-up shared by the bench (bench/), the end-to-end tests (e2e/) and Karma (tools/karma.conf.cjs):
// which Chromium runs, with which flags, and how a throw-away local backend starts. CommonJS, so
// that karma.conf.cjs can require it on Node 20; the .mjs scripts import it by name.
const { join } = require('node:path');

/** Debian's Chromium, unless CHROME_BIN names another. */
const CHROMIUM_PATH = process.env.CHROME_BIN ?? '/usr/bin/chromium';

/**
 * The flags every Chromium of this repository runs with, minus `--headless` (Karma's
 * ChromeHeadless adds its own). Without the background-networking flags Chromium stalls on a
 * closed network; without --no-sandbox it does not start as root in a container.
 */
const CHROMIUM_FLAGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** CHROMIUM_FLAGS for a Chromium launched directly (bench, e2e). */
const HEADLESS_CHROMIUM_ARGS = Object.freeze(['--headless', ...CHROMIUM_FLAGS]);

/** Launches headless Chromium under playwright-core with the shared flags. */
async function launchChromium(executablePath = CHROMIUM_PATH) {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath, args: [...HEADLESS_CHROMIUM_ARGS] });
}

/**
 * Starts the local backend on free ports, silent, with its data in `work`/s3 (a folder the caller
 * removes); `options` go to startLocalBackend as they are (e.g. `enforce`).
 */
async function startThrowawayBackend(work, options = {}) {
  // backend.mjs is an ES module: a CommonJS file on Node 20 can only load it with import().
  const { startLocalBackend } = await import('./local-backend/backend.mjs');
  return startLocalBackend({
    s3Port: 0,
    identityPort: 0,
    dataDir: join(work, 's3'),
    silent: true,
    ...options,
  });
}

/**
 * Listens with `server` on loopback (on `port`, or a free one); resolves to its `url` and a
 * `close()` that drops open connections.
 */
async function listenOnLoopback(server, port = 0) {
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

module.exports = {
  CHROMIUM_PATH,
  CHROMIUM_FLAGS,
  HEADLESS_CHROMIUM_ARGS,
  launchChromium,
  startThrowawayBackend,
  listenOnLoopback,
};
