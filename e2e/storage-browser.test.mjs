// End-to-end: amplify-storage-browser in the demo's production build, against the local backend
// with SigV4 and the IAM policies enforced, in Debian's Chromium. A guest, alice and bob use it at
// every level; axe-core checks the browser for accessibility violations in each state, and the run
// saves docs/screenshots/storage-browser.png for the README. Steps build on each other: after a
// failed step the rest are skipped.
//
//   node --test e2e/storage-browser.test.mjs   (E2E_DEMO_DIST=<folder with index.html> skips `ng build demo`)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT } from './support/stack.mjs';
import { actAs as actAsOn, story } from './support/story.mjs';

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts', 'storage-browser');
const SCREENSHOT = join(ROOT, 'docs', 'screenshots', 'storage-browser.png');
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let stack;
let page;
let aliceId;

const { step, pageErrors } = story({
  artifacts: ARTIFACTS,
  viewport: { width: 1100, height: 900 },
  setUp: (opened) => {
    ({ stack, page } = opened);
  },
  failureShot: () => join(ARTIFACTS, 'FAILED.png'),
});

// ---------------------------------------------------------------------------------------------
// Helpers, in the user's terms.

const browser = () => page.locator('amplify-storage-browser');
const list = () => browser().getByRole('listbox', { name: 'Files and folders' });
const option = (name) =>
  list()
    .getByRole('option')
    .filter({
      has: page.locator('.amplify-storage-browser-name').getByText(name, { exact: true }),
    });
const actionsGroup = () => browser().getByRole('group', { name: 'Actions' });

const actAs = (user) => actAsOn(page, user);

/** Chooses a location by its label and waits for its listing. */
async function chooseLocation(label) {
  await browser().getByLabel('Location').selectOption({ label });
  await listed();
}

/** Waits until the browser has listed the folder shown. */
async function listed() {
  await browser().locator('xpath=self::*[@data-status="done" or @data-status="error"]').waitFor();
}

/** The names of the entries shown, in order. */
async function names() {
  await listed();
  return list()
    .locator('.amplify-storage-browser-name')
    .evaluateAll((spans) => spans.map((span) => span.textContent.trim()));
}

/** Waits until the entries shown are `expected`. */
async function shows(expected, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await names();
    if (JSON.stringify(shown) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) assert.deepEqual(shown, expected, 'the entries shown');
    await page.waitForTimeout(100);
  }
}

/** The labels of the action buttons offered. */
async function actions() {
  return actionsGroup()
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((button) => button.textContent.trim()));
}

/** Uploads files given as { name, content } through the "Upload files" button's file dialog. */
async function uploadFiles(files) {
  const chooser = page.waitForEvent('filechooser');
  await actionsGroup().getByRole('button', { name: 'Upload files' }).click();
  await (
    await chooser
  ).setFiles(
    files.map(({ name, content }) => ({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(content),
    })),
  );
  for (const { name } of files)
    await browser()
      .locator(`.amplify-storage-browser-upload[data-state="done"]`, { hasText: name })
      .first()
      .waitFor();
}

/** Runs axe-core on the storage browser and fails with the violations, if any. */
async function noAxeViolations(what) {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('amplify-storage-browser'), {
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
    );
  });
  assert.deepEqual(violations, [], `axe-core violations ${what}`);
}

/** Selects the entry `name` by keyboard: focus the list, Home, then arrows until it is active. */
async function selectByKeyboard(name) {
  await list().focus();
  await page.keyboard.press('Home');
  const shown = await names();
  const index = shown.indexOf(name);
  assert.ok(index >= 0, `${name} is shown`);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await option(name).and(page.locator('[aria-selected="true"]')).waitFor();
}

/** Fills the open panel's field and submits it with Enter. */
async function fillPanel(label, value) {
  const field = browser().locator('.amplify-storage-browser-panel').getByLabel(label);
  await field.fill(value);
  await field.press('Enter');
}

async function message() {
  const text = browser().locator('.amplify-storage-browser-message span');
  await text.waitFor();
  return (await text.textContent()).trim();
}

/**
 * Writes `files` ({ 'day1/a.txt': content }) under a new folder `name` in the stack's work folder;
 * resolves to the folder's absolute path.
 */
function folderOnDisk(parent, name, files) {
  const root = join(stack.work, parent, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Waits until the uploads of keys starting with `prefix` are all done; resolves to their keys, sorted. */
async function uploadsDone(prefix, count) {
  const rows = browser().locator(`.amplify-storage-browser-upload[data-key^="${prefix}"]`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const states = await rows.evaluateAll((items) =>
      items.map((item) => [item.dataset['key'], item.dataset['state']]),
    );
    if (states.length === count && states.every(([, state]) => state === 'done'))
      return states.map(([key]) => key).sort();
    if (Date.now() > deadline)
      assert.fail(
        `the ${count} uploads under ${prefix} to be done; seen ${JSON.stringify(states)}`,
      );
    await page.waitForTimeout(100);
  }
}

/** The bytes stored under `key` at public, read from the S3 server itself (past the gateway). */
async function storedBytes(key) {
  const { directS3Endpoint, bucket } = stack.backend;
  const response = await fetch(`${directS3Endpoint}/${bucket}/public/${key}`);
  assert.equal(response.status, 200, `public/${key} is stored`);
  return Buffer.from(await response.arrayBuffer());
}

/** Clicks Download and resolves to the `count` downloads the browser saved: { name, bytes } by name. */
async function downloadSelection(count) {
  const saved = [];
  const each = (download) => saved.push(download);
  page.on('download', each);
  try {
    await actionsGroup().getByRole('button', { name: 'Download' }).click();
    const deadline = Date.now() + 15_000;
    while (saved.length < count) {
      if (Date.now() > deadline) assert.fail(`${count} downloads; ${saved.length} came`);
      await page.waitForTimeout(100);
    }
  } finally {
    page.off('download', each);
  }
  const files = await Promise.all(
    saved.map(async (download) => ({
      name: download.suggestedFilename(),
      bytes: readFileSync(await download.path()),
    })),
  );
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------

step(
  'a guest browses public files, uploads, creates a folder and opens it; no axe violations',
  async () => {
    await page.goto(stack.demoUrl);
    await actAs('Guest');
    await listed();
    assert.deepEqual(await browser().getByLabel('Location').locator('option').allTextContents(), [
      'Public files',
      'Protected files (read only)',
      "Another user's protected files",
    ]);
    assert.deepEqual(await actions(), [
      'Upload files',
      'Upload folder',
      'New folder',
      'Download',
      'Copy',
      'Move',
      'Rename',
      'Delete',
      'Properties',
      'Get link',
    ]);
    await uploadFiles([
      { name: 'guest-notes.txt', content: 'notes from a guest\n' },
      { name: 'guest-readme.txt', content: 'read me\n' },
    ]);
    await actionsGroup().getByRole('button', { name: 'New folder' }).click();
    await fillPanel('Folder name', 'guest-folder');
    await shows(['guest-folder', 'guest-notes.txt', 'guest-readme.txt']);
    await noAxeViolations('as a guest at public');
    await selectByKeyboard('guest-folder');
    await page.keyboard.press('Enter');
    await browser()
      .getByRole('navigation', { name: 'Folders' })
      .getByText('guest-folder')
      .waitFor();
    await shows([]);
    await page.keyboard.press('Backspace');
    await option('guest-notes.txt').waitFor();
  },
);

step('a guest downloads one file, then two: the browser saves their bytes', async () => {
  await option('guest-notes.txt').click();
  const [one] = await downloadSelection(1);
  assert.equal(one.name, 'guest-notes.txt');
  assert.deepEqual(one.bytes, Buffer.from('notes from a guest\n'));
  await option('guest-readme.txt').click({ modifiers: ['Control'] });
  assert.deepEqual(await downloadSelection(2), [
    { name: 'guest-notes.txt', bytes: Buffer.from('notes from a guest\n') },
    { name: 'guest-readme.txt', bytes: Buffer.from('read me\n') },
  ]);
  await browser().getByText('Downloaded 2 items.').waitFor();
});

step(
  'a guest uploads a whole folder with "Upload folder": its files keep their paths',
  async () => {
    const photo = randomBytes(3000);
    const folder = folderOnDisk('picked', 'trip', {
      'notes.txt': 'day by day\n',
      'day1/photo.bin': photo,
      'day1/evening/late.txt': 'late\n',
    });
    await selectByKeyboard('guest-folder');
    await page.keyboard.press('Enter');
    await shows([]);
    const chooser = page.waitForEvent('filechooser');
    await actionsGroup().getByRole('button', { name: 'Upload folder' }).click();
    await (await chooser).setFiles(folder);
    assert.deepEqual(await uploadsDone('guest-folder/trip/', 3), [
      'guest-folder/trip/day1/evening/late.txt',
      'guest-folder/trip/day1/photo.bin',
      'guest-folder/trip/notes.txt',
    ]);
    await shows(['trip']);
    assert.deepEqual(await storedBytes('guest-folder/trip/day1/photo.bin'), photo);
    assert.equal(String(await storedBytes('guest-folder/trip/day1/evening/late.txt')), 'late\n');
    await selectByKeyboard('trip');
    await page.keyboard.press('Enter');
    await shows(['day1', 'notes.txt']);
  },
);

step(
  'a guest drops a real folder from disk on the browser: it is uploaded with its paths',
  async () => {
    // Playwright cannot drag a folder, but DevTools can: Input.dispatchDragEvent with a path on
    // disk makes Chromium hand the page real FileSystemEntry objects, as a drag from a file manager.
    const scan = randomBytes(5000);
    const folder = folderOnDisk('dropped', 'receipts', {
      'march.txt': 'march\n',
      '2024/scan.bin': scan,
    });
    const box = await browser().locator('.amplify-storage-browser-viewport').boundingBox();
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const data = { items: [], files: [folder], dragOperationsMask: 1 };
    const cdp = await page.context().newCDPSession(page);
    try {
      for (const type of ['dragEnter', 'dragOver', 'drop'])
        await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
    } finally {
      await cdp.detach();
    }
    assert.deepEqual(await uploadsDone('guest-folder/trip/receipts/', 2), [
      'guest-folder/trip/receipts/2024/scan.bin',
      'guest-folder/trip/receipts/march.txt',
    ]);
    await shows(['day1', 'receipts', 'notes.txt']);
    assert.deepEqual(await storedBytes('guest-folder/trip/receipts/2024/scan.bin'), scan);
    await browser()
      .getByRole('navigation', { name: 'Folders' })
      .getByRole('button', { name: 'All files' })
      .click();
    await option('guest-notes.txt').waitFor();
  },
);

step('a guest reads protected files only, and is offered no private files', async () => {
  await chooseLocation('Protected files (read only)');
  assert.deepEqual(await actions(), ['Download', 'Copy', 'Properties', 'Get link']);
  await noAxeViolations('as a guest at protected');
  await chooseLocation('Public files');
});

step('alice uploads to her private files, renames and deletes after confirmation', async () => {
  aliceId = await actAs('alice');
  await chooseLocation('My private files');
  await uploadFiles([{ name: 'diary.txt', content: 'dear diary\n' }]);
  await option('diary.txt').waitFor();
  await selectByKeyboard('diary.txt');
  await actionsGroup().getByRole('button', { name: 'Rename' }).click();
  await fillPanel('New name', 'journal.txt');
  await option('journal.txt').waitFor();
  assert.equal(await message(), 'Renamed.');
  await noAxeViolations('as alice at private');
  await option('journal.txt').click();
  await page.keyboard.press('Delete');
  await browser().getByText('Delete “journal.txt”? This cannot be undone.').waitFor();
  await noAxeViolations('with the delete confirmation open');
  await browser()
    .locator('.amplify-storage-browser-panel')
    .getByRole('button', { name: 'Delete' })
    .click();
  await shows([]);
});

step('alice uploads to her protected files and copies one to public', async () => {
  await chooseLocation('My protected files');
  await uploadFiles([
    { name: 'shared-by-alice.txt', content: 'for everyone to read\n' },
    { name: 'also-alice.txt', content: 'second\n' },
  ]);
  await option('shared-by-alice.txt').click();
  await actionsGroup().getByRole('button', { name: 'Copy' }).click();
  const panel = browser().locator('.amplify-storage-browser-panel');
  await panel.locator('select[name=level]').selectOption({ label: 'Public files' });
  await panel.getByRole('button', { name: 'Copy' }).click();
  assert.equal(await message(), 'Copied 1 item.');
  await browser().getByLabel('Filter by name').fill('also');
  await shows(['also-alice.txt']);
  await browser().getByLabel('Filter by name').fill('');
  await browser().getByRole('button', { name: 'Grid' }).click();
  await browser().locator('xpath=self::*[@data-view="grid"]').waitFor();
  await noAxeViolations('as alice at protected, in the grid view');
  await browser().getByRole('button', { name: 'List' }).click();
});

step(
  "bob reads alice's protected files by identity ID and gets a link, but may not write there",
  async () => {
    await actAs('bob');
    await chooseLocation('My private files');
    await shows([]);
    await browser()
      .getByLabel('Location')
      .selectOption({ label: "Another user's protected files" });
    await browser().getByLabel("Owner's identity ID").fill(aliceId);
    await browser().getByRole('button', { name: 'Open' }).click();
    await shows(['also-alice.txt', 'shared-by-alice.txt']);
    assert.deepEqual(await actions(), ['Download', 'Copy', 'Properties', 'Get link']);
    await option('shared-by-alice.txt').click();
    await actionsGroup().getByRole('button', { name: 'Get link' }).click();
    const link = browser().locator('.amplify-storage-browser-link');
    await link.waitFor();
    const response = await page.request.get(await link.inputValue());
    assert.equal(await response.text(), 'for everyone to read\n');
    await noAxeViolations("as bob reading alice's protected files");
    await browser()
      .locator('.amplify-storage-browser-panel')
      .getByRole('button', { name: 'Close' })
      .click();
    await option('shared-by-alice.txt').click();
    await actionsGroup().getByRole('button', { name: 'Properties' }).click();
    await browser().getByText('Properties of shared-by-alice.txt').waitFor();
    await browser().locator('.amplify-storage-browser-properties').getByText('21 bytes').waitFor();
  },
);

step('bob sees the public files, and the screenshot is saved for the README', async () => {
  await chooseLocation('Public files');
  await option('shared-by-alice.txt').waitFor();
  await option('guest-notes.txt').click();
  await browser().screenshot({ path: SCREENSHOT, animations: 'disabled' });
  assert.deepEqual(pageErrors, [], 'no page errors');
});
