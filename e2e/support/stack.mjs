// Everything an end-to-end run needs, started in order and stopped in reverse, also on failure:
// the local backend (enforcing SigV4 and the IAM policies) on free ports with a throw-away data
// folder, the production build of the demo on a static server, and Debian's Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/free-port.mjs';
import { launchChromium, startThrowawayBackend } from '../../tools/browser-stack.cjs';
import { buildDemo, serveDemo } from './demo-server.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Starts the stack; resolves to { backend, demoUrl, browser, work, stop() }. `E2E_DEMO_DIST` names
 * an existing build (the folder holding index.html) to skip `ng build demo`.
 */
export async function startStack({ log = () => {} } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-e2e-'));
  const stops = [() => rmSync(work, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse().splice(0))
      await Promise.resolve()
        .then(step)
        .catch((error) => console.error(`e2e teardown: ${error}`));
  };
  try {
    const startedAt = Date.now();
    const built = process.env.E2E_DEMO_DIST
      ? Promise.resolve(process.env.E2E_DEMO_DIST)
      : buildDemo(ROOT, join(work, 'demo'));
    // The demo's origin must be known to the backend's CORS rules before either starts.
    const demoPort = await freePort();
    const backend = await startThrowawayBackend(work, {
      enforce: true,
      corsOrigins: [`http://127.0.0.1:${demoPort}`],
    });
    stops.push(() => backend.stop());
    const demoDir = await built;
    log(`demo built and backend started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    const server = await serveDemo(
      demoDir,
      {
        s3Endpoint: backend.s3Endpoint,
        identityEndpoint: backend.identityEndpoint,
        bucket: backend.bucket,
        region: backend.region,
        identityPoolId: backend.identityPoolId,
        loginProvider: backend.loginProvider,
        users: backend.users,
      },
      { port: demoPort },
    );
    stops.push(() => server.close());
    const browser = await launchChromium();
    stops.push(() => browser.close());
    return { backend, demoUrl: server.url, browser, work, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
