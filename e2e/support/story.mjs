// One end-to-end story, as both test files tell one: the stack (support/stack.mjs) started before
// the first step and stopped after the last, also on Ctrl-C or when the runner is told to stop; one
// page in a fresh browser context; and steps that build on each other, so that after a failed step
// the rest are skipped and the failure leaves a screenshot of the whole page. Also the demo
// header's user switch, where both stories start.
import { mkdirSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startStack } from './stack.mjs';

const STEP_TIMEOUT_MS = 60_000;

/**
 * Declares the story's set-up and tear-down with node:test; returns `{ step, pageErrors }`.
 * `artifacts` is emptied first. `setUp({ stack, context, page })` runs once the page is open;
 * `failureShot()` names the screenshot a failed step leaves. Uncaught errors of the page go to
 * `pageErrors` (a test file may push more) and into a failed step's message.
 */
export function story({ artifacts, viewport, setUp, failureShot }) {
  let stack;
  let page;
  let failed = false;
  const pageErrors = [];

  before(async () => {
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ log: (text) => console.log(`# ${text}`) });
    const context = await stack.browser.newContext({ viewport });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await setUp({ stack, context, page });
  });

  after(async () => {
    await stack?.stop();
  });

  // Stop everything on Ctrl-C or when the test runner is told to stop, not only at the end.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await stack?.stop();
      process.exit(1);
    });
  }

  /** A test that is skipped once an earlier one failed, and leaves a screenshot when it fails. */
  function step(name, body) {
    test(name, { timeout: STEP_TIMEOUT_MS }, async (t) => {
      if (failed) return t.skip('an earlier step failed');
      try {
        await body();
      } catch (error) {
        failed = true;
        await page?.screenshot({ path: failureShot(), fullPage: true }).catch(() => {});
        if (pageErrors.length) error.message += `\nPage errors:\n  ${pageErrors.join('\n  ')}`;
        throw error;
      }
    });
  }

  return { step, pageErrors };
}

/** Switches the demo's user in its header (`Guest`, `alice`, `bob`); resolves to their identity ID. */
export async function actAs(page, user) {
  await page.getByRole('radio', { name: user, exact: true }).check();
  await page
    .locator('.identity')
    .filter({ hasText: new RegExp(`^\\s*Identity ID of ${user}: us-east-1:[0-9a-f-]+\\s*$`) })
    .waitFor();
  return (await page.locator('.identity code').textContent()).trim();
}
