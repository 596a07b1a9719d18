import { RejectedFile, fileNameToKeySegment } from './file-rules';
import { withMaxConcurrentTransfers } from '../provide-amplify-storage';
import {
  faultStats,
  faultySettings,
  localSettings,
  resetFaults,
  setFaults,
  uncheckedGet,
  uniquePath,
} from '../../../spec-support/local-backend';
import { sleep, until } from '../../../spec-support/async';
import {
  fileOf,
  requestsMentioning,
  setUpPicker,
  slowLink,
  textFile,
} from '../../../spec-support/picker-spec-helpers';
import { PickerHarness, PickerRow } from '../../../testing/picker-harness';
import { UploadedFile } from './file-upload';
import { Picker } from './picker';

const MiB = 1024 * 1024;

/** Creates a picker with `inputs`, recording its outputs. */
async function setUp(
  inputs: Record<string, unknown>,
  settings = localSettings(),
  maxConcurrentTransfers?: number,
) {
  const features =
    maxConcurrentTransfers === undefined
      ? []
      : [withMaxConcurrentTransfers(maxConcurrentTransfers)];
  const bed = await setUpPicker(Picker, PickerHarness, inputs, settings, ...features);
  const picked: File[] = [];
  const uploaded: UploadedFile[] = [];
  const rejected: RejectedFile[][] = [];
  const picker = bed.fixture.componentInstance;
  picker.picked.subscribe((file) => picked.push(file));
  picker.uploaded.subscribe((result) => uploaded.push(result));
  picker.rejected.subscribe((files) => rejected.push(files));
  return { ...bed, picked, uploaded, rejected };
}

const statuses = (rows: PickerRow[]) => rows.map((row) => row.status);
const allFinished = (rows: PickerRow[]) =>
  rows.length > 0 && rows.every((row) => !['queued', 'uploading'].includes(row.status));

describe('Picker (amplify-picker) on the local S3 server', () => {
  it('uploads a picked file to path + name at the given level and reports it', async () => {
    const path = uniquePath('picker-level');
    const { harness, identityId, picked, uploaded } = await setUp({ path, level: 'protected' });
    const file = textFile('report.txt', 'quarterly numbers');

    await harness.pickFiles([file]);
    const rows = await until(() => harness.getRows(), allFinished, 'the upload to finish');

    expect(rows).toEqual([
      { name: 'report.txt', size: '17 bytes', status: 'done', statusText: 'Done', progress: 1 },
    ]);
    expect(picked).toEqual([file]);
    expect(uploaded.length).toBe(1);
    expect(uploaded[0].key).toBe(`${path}report.txt`);
    expect(uploaded[0].file).toBe(file);
    const stored = await uncheckedGet(`protected/${identityId}/${path}report.txt`);
    expect(stored.status).toBe(200);
    expect(await stored.text()).toBe('quarterly numbers');
    expect(stored.headers.get('content-type')).toBe('text/plain');
    expect((await uncheckedGet(`public/${path}report.txt`)).status)
      .withContext('not at the default level')
      .toBe(404);
  });

  it('uploads several files picked at once, each to its own key', async () => {
    const path = uniquePath('picker-several');
    const { harness, uploaded } = await setUp({ path });
    const files = [fileOf('a.bin', 1000), fileOf('b.bin', 20_000), textFile('c.txt', 'see')];

    await harness.pickFiles(files);
    const rows = await until(() => harness.getRows(), allFinished, 'three uploads to finish');

    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['a.bin', 'done'],
      ['b.bin', 'done'],
      ['c.txt', 'done'],
    ]);
    expect(uploaded.map((result) => result.key).sort()).toEqual([
      `${path}a.bin`,
      `${path}b.bin`,
      `${path}c.txt`,
    ]);
    for (const file of files) {
      const stored = await uncheckedGet(`public/${path}${file.name}`);
      expect((await stored.blob()).size)
        .withContext(file.name)
        .toBe(file.size);
    }
  });

  it('shows a drag-over state and uploads dropped files', async () => {
    const path = uniquePath('picker-drop');
    const { identityId, harness, uploaded } = await setUp({ path, level: 'private' });
    const file = textFile('dropped.txt', 'from the desktop');

    expect(await harness.isDragOver()).toBeFalse();
    await harness.dragFilesOver([file]);
    expect(await harness.isDragOver())
      .withContext('while dragging over')
      .toBeTrue();
    await harness.dragFilesAway([file]);
    expect(await harness.isDragOver())
      .withContext('after dragging away')
      .toBeFalse();

    await harness.dropFiles([file]);
    expect(await harness.isDragOver())
      .withContext('after the drop')
      .toBeFalse();
    await until(() => harness.getRows(), allFinished, 'the upload to finish');
    expect(uploaded.map((result) => result.key)).toEqual([`${path}dropped.txt`]);
    expect(await (await uncheckedGet(`private/${identityId}/${path}dropped.txt`)).text()).toBe(
      'from the desktop',
    );
  });

  it('moves the progress bar with real progress during a slow upload', async () => {
    const path = uniquePath('picker-progress');
    const { harness, fixture } = await setUp({ path }, slowLink());
    const host = fixture.nativeElement as HTMLElement;
    // Every frame's progress bar, read straight from the DOM: a harness poll between two part
    // completions can take longer than they do on a loaded machine, and miss values shown.
    const seen: number[] = [];
    let sampling = true;
    const sample = () => {
      const bar = host.querySelector<HTMLProgressElement>('progress');
      if (bar?.hasAttribute('value') && seen.at(-1) !== bar.value / bar.max)
        seen.push(bar.value / bar.max);
      if (sampling) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    await harness.pickFiles([fileOf('big.bin', 40 * MiB)]);

    const texts = new Set<string>();
    await until(
      async () => {
        const [row] = await harness.getRows();
        texts.add(row.statusText);
        return row;
      },
      (row) => row.status === 'done',
      'the upload to finish',
      30_000,
    );
    await fixture.whenStable();
    sample();
    sampling = false;
    const midway = new Set(seen.filter((progress) => progress > 0 && progress < 1));
    expect(midway.size)
      .withContext(`progress values seen: ${[...new Set(seen)].join(', ')}`)
      .toBeGreaterThanOrEqual(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(1);
    expect([...texts]).toEqual(['Uploading', 'Done']);
    expect((await (await uncheckedGet(`public/${path}big.bin`)).blob()).size).toBe(40 * MiB);
  });

  it('cancels one upload under way, leaving no object, while the other finishes', async () => {
    const path = uniquePath('picker-cancel');
    // Through the fault proxy, slowed to 16 MiB/s: its counters tell when the cancelled request ended.
    await resetFaults();
    await setFaults({ bytesPerSecond: 16 * MiB });
    const { harness, uploaded } = await setUp({ path }, faultySettings());
    await harness.pickFiles([fileOf('huge.bin', 32 * MiB), fileOf('small.bin', 2 * MiB)]);

    await until(
      async () => (await harness.getRows())[0],
      (row) => row.progress !== null && row.progress > 0 && row.progress < 0.8,
      'the large upload to be under way',
    );
    await harness.cancel('huge.bin');
    const [huge] = await harness.getFiles({ name: 'huge.bin' });
    expect(await huge.getStatus()).toBe('cancelled');
    expect(await huge.getStatusText()).toBe('Cancelled');
    expect(await huge.isCancellable())
      .withContext('no Cancel button once cancelled')
      .toBeFalse();

    const rows = await until(() => harness.getRows(), allFinished, 'the small upload to finish');
    expect(statuses(rows)).toEqual(['cancelled', 'done']);
    // Every request has ended at the proxy; an upload that went on would still be sending.
    const stats = await until(
      faultStats,
      (seen) => seen.inFlight === 0,
      'the proxy to see the uploads end',
    );
    await resetFaults();
    expect(stats.log.some((entry) => entry.method === 'PUT' && entry.aborted))
      .withContext('an upload was aborted')
      .toBeTrue();
    expect(await harness.getFiles({ status: 'cancelled' }))
      .withContext('still cancelled')
      .toHaveSize(1);
    expect(uploaded.map((result) => result.key)).toEqual([`${path}small.bin`]);
    expect((await uncheckedGet(`public/${path}huge.bin`)).status).toBe(404);
    expect((await uncheckedGet(`public/${path}small.bin`)).status).toBe(200);
  });

  it('holds uploads beyond the concurrency limit as queued, and a queued file can be cancelled', async () => {
    const path = uniquePath('picker-queue');
    const { harness, uploaded } = await setUp({ path }, slowLink(), 2);
    const names = ['one.bin', 'two.bin', 'three.bin', 'four.bin'];
    await harness.pickFiles(names.map((name) => fileOf(name, 6 * MiB)));

    const first = await harness.getRows();
    expect(statuses(first)).toEqual(['uploading', 'uploading', 'queued', 'queued']);
    expect(first.slice(2).map((row) => row.statusText)).toEqual(['Queued', 'Queued']);
    expect(first.slice(2).map((row) => row.progress)).toEqual([0, 0]);

    await harness.cancel('four.bin');
    let mostAtOnce = 0;
    const rows = await until(
      async () => {
        const seen = await harness.getRows();
        // A queued row turns "uploading" only on its first progress event, so this never overcounts.
        mostAtOnce = Math.max(
          mostAtOnce,
          seen.filter((row) => row.status === 'uploading' && (row.progress ?? 0) > 0).length,
        );
        return seen;
      },
      allFinished,
      'the uploads to finish',
      30_000,
    );
    expect(statuses(rows)).toEqual(['done', 'done', 'done', 'cancelled']);
    expect(mostAtOnce).toBeLessThanOrEqual(2);
    expect(mostAtOnce).toBeGreaterThan(0);
    expect(uploaded.map((result) => result.key).sort()).toEqual([
      `${path}one.bin`,
      `${path}three.bin`,
      `${path}two.bin`,
    ]);
    expect((await uncheckedGet(`public/${path}three.bin`)).status).toBe(200);
    expect((await uncheckedGet(`public/${path}four.bin`)).status).toBe(404);
  });

  it('turns away too large, too many, unaccepted and empty files before sending anything', async () => {
    const path = uniquePath('picker-rejects');
    const { harness, picked, rejected } = await setUp({
      path,
      accept: 'image/*,.txt',
      maxFileSize: 1000,
      maxFileCount: 2,
    });
    const files = [
      textFile('fine.txt', 'ok'),
      fileOf('large.txt', 2000, 'text/plain'),
      textFile('empty.txt', ''),
      fileOf('paper.pdf', 100, 'application/pdf'),
      fileOf('pic.png', 100, 'image/png'),
      textFile('extra.txt', 'one too many'),
    ];
    const allRejected = files.slice(1, 4);

    // First a pick where every file is turned away: nothing at all may be sent.
    await harness.pickFiles(allRejected);
    const messages = await harness.getMessages();
    expect(messages).toEqual([
      'large.txt is 2.0 KB; the limit is 1.0 KB.',
      'empty.txt is empty (0 bytes).',
      'paper.pdf is not an accepted file type (image/*,.txt).',
    ]);
    expect(await harness.getRows()).toEqual([]);
    expect(rejected.map((files) => files.map((file) => file.code))).toEqual([
      ['TooLarge', 'EmptyFile', 'NotAccepted'],
    ]);
    // A sleep on purpose: the claim is that nothing is sent, and an absent request cannot be
    // waited for; 300 ms is many times what sending would take to start.
    await sleep(300);
    expect(requestsMentioning(path)).withContext('requests for this path').toEqual([]);

    // Then a mixed pick: only the two accepted files go, and the messages are this pick's.
    await harness.pickFiles(files);
    expect((await harness.getMessages()).length).toBe(4);
    expect((await harness.getMessages())[3]).toBe(
      'extra.txt was not added: at most 2 files at a time.',
    );
    const rows = await until(
      () => harness.getRows(),
      allFinished,
      'the accepted uploads to finish',
    );
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['fine.txt', 'done'],
      ['pic.png', 'done'],
    ]);
    expect(picked.map((file) => file.name)).toEqual(['fine.txt', 'pic.png']);
    for (const name of ['large.txt', 'empty.txt', 'paper.pdf', 'extra.txt']) {
      expect((await uncheckedGet(`public/${path}${name}`)).status)
        .withContext(name)
        .toBe(404);
    }
  });

  it('maps file names with spaces, unicode and ../ to safe keys under the path', async () => {
    const path = uniquePath('picker-names');
    const { harness, uploaded } = await setUp({ path });
    const files = [
      textFile('my holiday  photo.txt', '1'),
      textFile('ünïcødé 日本 ✓.txt', '2'),
      textFile('../../escape.txt', '3'),
      textFile('..\\..\\back slash.txt', '4'),
    ];
    const expected = [
      'my_holiday__photo.txt',
      'ünïcødé_日本_✓.txt',
      'escape.txt',
      'back_slash.txt',
    ];
    // Chromium keeps these names as given, so the cleaning is really exercised.
    expect(files.map((file) => fileNameToKeySegment(file.name))).toEqual(expected);

    await harness.pickFiles(files);
    const rows = await until(() => harness.getRows(), allFinished, 'the uploads to finish');
    expect(statuses(rows)).toEqual(['done', 'done', 'done', 'done']);
    expect(rows.map((row) => row.name))
      .withContext('names shown as picked')
      .toEqual(files.map((file) => file.name));
    expect(uploaded.map((result) => result.key).sort()).toEqual(
      expected.map((name) => path + name).sort(),
    );
    for (const [index, name] of expected.entries()) {
      expect(await (await uncheckedGet(`public/${path}${name}`)).text())
        .withContext(name)
        .toBe(String(index + 1));
    }
    expect((await uncheckedGet('public/escape.txt')).status).toBe(404);
  });

  it('shows a picked file name with markup as text, never as HTML', async () => {
    const path = uniquePath('picker-markup');
    const { fixture, harness } = await setUp({ path });
    const name = '<img src=x onerror="window.__pickerNameRan = true"><b>name</b>.txt';
    await harness.pickFiles([textFile(name, 'x')]);
    const rows = await until(() => harness.getRows(), allFinished, 'the upload to finish');
    expect(rows.map((row) => row.name)).toEqual([name]);
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('b')).toBeNull();
    expect(host.querySelector('img')).toBeNull();
    expect((window as { __pickerNameRan?: boolean }).__pickerNameRan).toBeUndefined();
  });

  it('uploads to the key fileToKey makes, without a path', async () => {
    const folder = uniquePath('picker-custom');
    const { harness, uploaded } = await setUp({
      fileToKey: (file: { name: string; size: number }) => `${folder}${file.size}-${file.name}`,
    });
    await harness.pickFiles([textFile('note.md', '# hi')]);
    await until(() => harness.getRows(), allFinished, 'the upload to finish');
    expect(uploaded.map((result) => result.key)).toEqual([`${folder}4-note.md`]);
    expect(await (await uncheckedGet(`public/${folder}4-note.md`)).text()).toBe('# hi');
  });

  it('shows a user message for the StorageError code when an upload fails', async () => {
    const { harness, uploaded } = await setUp({ fileToKey: () => '../outside.txt' });
    await harness.pickFiles([textFile('a.txt', 'a')]);
    const [row] = await until(() => harness.getRows(), allFinished, 'the upload to fail');
    expect(row.status).toBe('failed');
    // The user reads a sentence from StorageIntl; the StorageError's developer message is not shown.
    expect(row.statusText).toBe('Failed: a.txt cannot be stored under this name.');
    expect(await (await harness.getFiles({ name: 'a.txt' }))[0].getErrorCode()).toBe('InvalidKey');
    expect(uploaded).toEqual([]);
  });

  it('only picks, sending nothing, when neither path nor fileToKey is set', async () => {
    const { harness, picked } = await setUp({});
    const name = uniquePath('only-picked').replace('/', '');
    const files = [textFile(`${name}-a.txt`, 'a'), textFile(`${name}-b.txt`, 'bb')];
    await harness.pickFiles(files);
    expect(picked).toEqual(files);
    expect(await harness.getRows()).toEqual([
      {
        name: `${name}-a.txt`,
        size: '1 bytes',
        status: 'picked',
        statusText: 'Picked',
        progress: null,
      },
      {
        name: `${name}-b.txt`,
        size: '2 bytes',
        status: 'picked',
        statusText: 'Picked',
        progress: null,
      },
    ]);
    // A sleep on purpose: the claim is that nothing is sent, and an absent request cannot be
    // waited for; 300 ms is many times what sending would take to start.
    await sleep(300);
    expect(requestsMentioning(name)).toEqual([]);
  });

  it('takes one file per pick when multiple is false', async () => {
    const { harness, picked } = await setUp({ multiple: false });
    expect(await harness.isMultiple()).toBeFalse();
    expect(await harness.getLabel()).toBe('Choose a file');
    await harness.dropFiles([textFile('a.txt', 'a'), textFile('b.txt', 'b')]);
    expect(picked.map((file) => file.name)).toEqual(['a.txt']);
    expect(await harness.getMessages()).toEqual([
      'b.txt was not added: at most 1 files at a time.',
    ]);
  });

  it('opens the file dialog from a real, labelled, focusable button', async () => {
    const { fixture, harness } = await setUp({ label: 'Add attachments', accept: '.pdf' });
    const input = (fixture.nativeElement as HTMLElement).querySelector(
      'input[type=file]',
    ) as HTMLInputElement;
    const click = spyOn(input, 'click');
    const button = await harness.getButton();

    expect(await harness.getLabel()).toBe('Add attachments');
    expect(await harness.getAccept()).toBe('.pdf');
    expect(await button.getProperty('tagName')).toBe('BUTTON');
    expect(await button.getAttribute('type')).toBe('button');
    await button.focus();
    expect(await button.isFocused()).toBeTrue();
    await button.click();
    expect(click).toHaveBeenCalledTimes(1);
    // The hint that describes the button names the limits.
    const hint = document.getElementById((await button.getAttribute('aria-describedby')) ?? '');
    expect(hint?.textContent).toContain('Accepted: .pdf.');
    expect(await PickerHarness.with({ label: 'Add attachments' }).evaluate(harness)).toBeTrue();
    expect(await PickerHarness.with({ label: 'Other' }).evaluate(harness)).toBeFalse();
  });
});
