// A Chromium page driven over a raw DevTools pipe, with no Network domain enabled.
//
// Playwright enables the Network domain on every page it controls (it needs it for its request
// events), and with it on, Chromium hands request bodies held in memory to DevTools: uploads of
// Uint8Array parts (lib-storage's) slow down several-fold, Blob parts (the library's) do not, and
// the comparison measures the instrumentation (issue 4, "Known pitfalls"). So the transfer figures
// come from a Chromium launched here with --remote-debugging-pipe, where the only domains used are
// Target and Page (to open the page), Runtime (evaluate, heap usage), DOM (to put a file into a file
// input), HeapProfiler (a GC before each measurement) and SystemInfo (processes and CPU time).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADLESS_CHROMIUM_ARGS } from '../../tools/browser-stack.cjs';

/**
 * Launches Chromium, opens `url` in a fresh page and waits until `document.title === readyTitle`.
 * Resolves to { version, send(method, params), browserSend(method, params), evaluate(expression), close() }.
 */
export async function openRawPage({
  executablePath,
  url,
  readyTitle = 'ready',
  timeoutMs = 60_000,
  args = [],
}) {
  const profile = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-bench-chromium-'));
  const child = spawn(
    executablePath,
    [
      ...HEADLESS_CHROMIUM_ARGS,
      '--no-default-browser-check',
      '--disable-extensions',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      ...args,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (data) => (stderr = (stderr + data).slice(-4000)));
  // 'error' (e.g. no Chromium at executablePath) comes instead of 'exit'.
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', (error) => {
      stderr += String(error);
      resolve(null);
    });
  });
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];
  // A pipe to a browser that is gone fails its writes; the pending commands are rejected below.
  toBrowser?.on('error', () => {});
  fromBrowser?.on('error', () => {});
  let gone = false;

  let nextId = 1;
  const pending = new Map();
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (data) => {
    buffered += data;
    let end;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const waiter = message.id !== undefined && pending.get(message.id);
      if (!waiter) continue;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
    }
  });
  exited.then((code) => {
    gone = true;
    for (const waiter of pending.values())
      waiter.reject(
        new Error(
          `Chromium exited (code ${code}) during ${waiter.method}: ${stderr.trim().slice(-500)}`,
        ),
      );
    pending.clear();
  });
  const rawSend = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      if (gone)
        return reject(
          new Error(`Chromium is not running (${method}): ${stderr.trim().slice(-500)}`),
        );
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      toBrowser.write(
        `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
      );
    });

  const close = async () => {
    await rawSend('Browser.close').catch(() => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const { product } = await rawSend('Browser.getVersion');
    const { targetId } = await rawSend('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await rawSend('Target.attachToTarget', { targetId, flatten: true });
    const send = (method, params) => rawSend(method, params, sessionId);
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await send('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) {
        throw new Error(
          `in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
        );
      }
      return result.value;
    };
    await send('Page.navigate', { url });
    const deadline = Date.now() + timeoutMs;
    while ((await evaluate('document.title')) !== readyTitle) {
      if (Date.now() > deadline) {
        const error = await evaluate('String(window.benchStartError ?? "no error reported")').catch(
          () => 'unknown',
        );
        throw new Error(`the transfer page did not start: ${error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
      version: product.replace(/^HeadlessChrome\//, '').replace(/^Chrome\//, ''),
      /** A command to the page's session. */
      send,
      /** A command to the browser target (SystemInfo, Browser, Target). */
      browserSend: (method, params) => rawSend(method, params),
      evaluate,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
