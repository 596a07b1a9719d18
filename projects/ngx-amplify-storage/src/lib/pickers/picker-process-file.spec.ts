import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { resizeImage } from '../image/resize-image';
import { StorageService } from '../service/storage.service';
import { transferResult } from '../service/storage-types';
import { formatBytes } from '../i18n/format-bytes';
import { ProcessFile } from './process-file';
import { uncheckedGet, uniquePath } from '../../../spec-support/local-backend';
import { sleep, until } from '../../../spec-support/async';
import {
  requestsMentioning,
  setUpPicker,
  textFile,
} from '../../../spec-support/picker-spec-helpers';
import { PhotoPickerHarness } from '../../../testing/photo-picker-harness';
import { PickerHarness, PickerRow } from '../../../testing/picker-harness';
import { TextPickerHarness } from '../../../testing/text-picker-harness';
import { UploadedFile } from './file-upload';
import { PhotoPicker } from './photo-picker';
import { Picker } from './picker';
import { TextPicker } from './text-picker';

/** A real PNG of `width` × `height` made on a canvas. */
async function png(name: string, width: number, height: number): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#c33';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#33c';
  context.fillRect(0, 0, width / 2, height / 2);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

/** The size of an image as the browser decodes it. */
async function imageSize(blob: Blob): Promise<[number, number]> {
  const bitmap = await createImageBitmap(blob);
  const size: [number, number] = [bitmap.width, bitmap.height];
  bitmap.close();
  return size;
}

/** A promise and the functions that settle it, for a processFile the spec finishes when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The keys stored under `path` at the public level, read back through StorageService. */
async function storedKeys(path: string): Promise<string[]> {
  const { items } = await firstValueFrom(TestBed.inject(StorageService).list(path));
  return items.map((item) => item.key).sort();
}

/** Every row has settled: none is processing, queued or uploading. */
const allSettled = (rows: PickerRow[]) =>
  rows.length > 0 &&
  rows.every((row) => !['processing', 'queued', 'uploading'].includes(row.status));

/** Records a picker's outputs. */
function record(picker: {
  picked: { subscribe(next: (file: File) => void): unknown };
  uploaded: { subscribe(next: (result: UploadedFile) => void): unknown };
}) {
  const picked: File[] = [];
  const uploaded: UploadedFile[] = [];
  picker.picked.subscribe((file) => picked.push(file));
  picker.uploaded.subscribe((result) => uploaded.push(result));
  return { picked, uploaded };
}

describe('processFile on the pickers, on the local S3 server', () => {
  it('uploads the processed (renamed and resized) file, at the key made from its name', async () => {
    const path = uniquePath('process-resize');
    const processFile: ProcessFile = (file) =>
      resizeImage(file, { maxWidth: 100, maxHeight: 100, type: 'image/jpeg' });
    const seen = jasmine.createSpy('processFile').and.callFake(processFile);
    const { fixture, harness } = await setUpPicker(Picker, PickerHarness, {
      path,
      processFile: seen,
    });
    const { picked, uploaded } = record(fixture.componentInstance);
    const photo = await png('wide photo.png', 400, 200);

    await harness.pickFiles([photo]);
    const [row] = await until(() => harness.getRows(), allSettled, 'the upload to finish');

    expect(seen).toHaveBeenCalledOnceWith(photo);
    expect(picked).withContext('(picked) gives the file as picked').toEqual([photo]);
    expect(uploaded.length).toBe(1);
    const { key, file } = uploaded[0];
    expect(key).toBe(`${path}wide_photo.jpg`);
    expect(file).not.toBe(photo);
    expect(file.name).toBe('wide photo.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(row.status).toBe('done');
    expect(row.name).withContext('the row keeps the picked name').toBe('wide photo.png');
    expect(row.size).withContext('the row shows the size sent').toBe(formatBytes(file.size));
    expect(row.progress).toBe(1);

    // Read back through the service: the stored object is the processed file.
    const storage = TestBed.inject(StorageService);
    const properties = await firstValueFrom(storage.getProperties(key));
    expect(properties.size).toBe(file.size);
    expect(properties.contentType).toBe('image/jpeg');
    const download = await lastValueFrom(
      storage.get(key, { download: true }).pipe(transferResult()),
    );
    expect(await imageSize(download.body)).toEqual([100, 50]);
    expect(await storedKeys(path))
      .withContext('nothing at the picked name')
      .toEqual([key]);
  });

  it('makes the key with fileToKey from the processed file', async () => {
    const folder = uniquePath('process-file-to-key');
    const processFile = (file: File) =>
      new File([`processed ${file.name}`], `renamed-${file.name}`, { type: 'text/plain' });
    const fileToKey = (file: { name: string; size: number }) =>
      `${folder}${file.size}-${file.name}`;
    const { fixture, harness } = await setUpPicker(Picker, PickerHarness, {
      fileToKey,
      processFile,
    });
    const { uploaded } = record(fixture.componentInstance);

    await harness.pickFiles([textFile('a.txt', 'a')]);
    await until(() => harness.getRows(), allSettled, 'the upload to finish');

    expect(uploaded.map((result) => result.key)).toEqual([`${folder}15-renamed-a.txt`]);
    expect(await (await uncheckedGet(`public/${folder}15-renamed-a.txt`)).text()).toBe(
      'processed a.txt',
    );
  });

  it('checks accept and the limits on the picked file, and processes only the files accepted', async () => {
    const path = uniquePath('process-checks');
    const processFile = jasmine
      .createSpy('processFile')
      .and.callFake((file: File) => new File(['x'], file.name));
    const { harness } = await setUpPicker(Picker, PickerHarness, {
      path,
      processFile,
      maxFileSize: 10,
    });

    await harness.pickFiles([
      textFile('large.txt', 'more than ten bytes'),
      textFile('fine.txt', 'ok'),
    ]);
    await until(() => harness.getRows(), allSettled, 'the upload to finish');

    expect(await harness.getMessages()).toEqual(['large.txt is 19 bytes; the limit is 10 bytes.']);
    expect(processFile.calls.allArgs().map(([file]) => file.name)).toEqual(['fine.txt']);
    expect(await storedKeys(path)).toEqual([`${path}fine.txt`]);
  });

  it('fails the row with a clear message and stores nothing when processFile throws, rejects or gives no File', async () => {
    const path = uniquePath('process-fails');
    const processFile: ProcessFile = (file) => {
      if (file.name === 'throws.txt') throw new Error('out of memory');
      if (file.name === 'rejects.txt') return Promise.reject(new TypeError('the codec is missing'));
      if (file.name === 'blob.txt') return Promise.resolve(new Blob(['x']) as File);
      return new File([], file.name);
    };
    const { fixture, harness } = await setUpPicker(Picker, PickerHarness, { path, processFile });
    const { uploaded } = record(fixture.componentInstance);

    await harness.pickFiles(
      ['throws.txt', 'rejects.txt', 'blob.txt', 'empty.txt'].map((name) =>
        textFile(name, 'content'),
      ),
    );
    const rows = await until(() => harness.getRows(), allSettled, 'the rows to fail');

    expect(rows.map((row) => [row.name, row.status, row.statusText])).toEqual([
      [
        'throws.txt',
        'failed',
        'Failed: throws.txt could not be prepared for upload. Nothing was uploaded.',
      ],
      [
        'rejects.txt',
        'failed',
        'Failed: rejects.txt could not be prepared for upload. Nothing was uploaded.',
      ],
      [
        'blob.txt',
        'failed',
        'Failed: blob.txt could not be prepared for upload. Nothing was uploaded.',
      ],
      [
        'empty.txt',
        'failed',
        'Failed: empty.txt could not be prepared for upload. Nothing was uploaded.',
      ],
    ]);
    expect(await (await harness.getFiles({ name: 'throws.txt' }))[0].isCancellable()).toBeFalse();
    expect(uploaded).toEqual([]);
    // A sleep on purpose: the claim is that nothing is sent, and an absent request cannot be
    // waited for; 300 ms is many times what sending would take to start.
    await sleep(300);
    expect(requestsMentioning(path)).withContext('no request for this path').toEqual([]);
    expect(await storedKeys(path)).toEqual([]);
  });

  it('shows a processing row that Cancel stops: the upload never starts, while another file uploads', async () => {
    const path = uniquePath('process-cancel');
    const pending = new Map<string, ReturnType<typeof deferred<File>>>();
    const processFile = (file: File) => {
      const later = deferred<File>();
      pending.set(file.name, later);
      return later.promise;
    };
    const { fixture, harness } = await setUpPicker(Picker, PickerHarness, { path, processFile });
    const { uploaded } = record(fixture.componentInstance);

    await harness.pickFiles([textFile('slow.txt', 'slow'), textFile('kept.txt', 'kept')]);
    expect(await harness.getRows()).toEqual([
      {
        name: 'slow.txt',
        size: '4 bytes',
        status: 'processing',
        statusText: 'Processing',
        progress: 0,
      },
      {
        name: 'kept.txt',
        size: '4 bytes',
        status: 'processing',
        statusText: 'Processing',
        progress: 0,
      },
    ]);
    const [slowRow] = await harness.getFiles({ name: 'slow.txt' });
    expect(await slowRow.isCancellable()).toBeTrue();
    const progress = (fixture.nativeElement as HTMLElement).querySelector('progress')!;
    expect(progress.hasAttribute('value'))
      .withContext('an indeterminate bar while processing')
      .toBeFalse();

    await harness.cancel('slow.txt');
    expect(await slowRow.getStatus()).toBe('cancelled');

    // Processing ends after the cancel: its result must not be uploaded.
    pending.get('slow.txt')!.resolve(new File(['processed slow'], 'slow.txt'));
    pending.get('kept.txt')!.resolve(new File(['processed kept'], 'kept.txt'));
    const rows = await until(() => harness.getRows(), allSettled, 'the other upload to finish');
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['slow.txt', 'cancelled'],
      ['kept.txt', 'done'],
    ]);
    // A sleep on purpose: the claim is that the cancelled file's result is never uploaded, which
    // cannot be waited for; it was resolved before kept.txt, whose upload has already finished.
    await sleep(500);
    expect(await slowRow.getStatus())
      .withContext('still cancelled')
      .toBe('cancelled');
    expect(uploaded.map((result) => result.key)).toEqual([`${path}kept.txt`]);
    expect(requestsMentioning(`${path}slow.txt`)).toEqual([]);
    expect(await storedKeys(path)).toEqual([`${path}kept.txt`]);
    expect(await (await uncheckedGet(`public/${path}kept.txt`)).text()).toBe('processed kept');
  });

  it('processes two files at a time, and never processes one cancelled while it waited', async () => {
    const path = uniquePath('process-limit');
    const pending = new Map<string, ReturnType<typeof deferred<File>>>();
    const processFile = (file: File) => {
      const later = deferred<File>();
      pending.set(file.name, later);
      return later.promise;
    };
    const { harness } = await setUpPicker(Picker, PickerHarness, { path, processFile });
    const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt'];
    await harness.pickFiles(names.map((name) => textFile(name, name)));
    await until(
      async () => [...pending.keys()],
      (keys) => keys.length >= 2,
      'two files to be processing',
    );
    expect([...pending.keys()])
      .withContext('processing at once')
      .toEqual(['a.txt', 'b.txt']);

    // c.txt waits for a slot; cancelled, it is never processed.
    await harness.cancel('c.txt');
    pending.get('a.txt')!.resolve(new File(['processed a'], 'a.txt'));
    await until(
      async () => [...pending.keys()],
      (keys) => keys.includes('d.txt'),
      'd.txt to take the free slot',
    );
    expect([...pending.keys()]).toEqual(['a.txt', 'b.txt', 'd.txt']);
    pending.get('b.txt')!.resolve(new File(['processed b'], 'b.txt'));
    pending.get('d.txt')!.resolve(new File(['processed d'], 'd.txt'));
    const rows = await until(() => harness.getRows(), allSettled, 'the uploads to finish');
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['a.txt', 'done'],
      ['b.txt', 'done'],
      ['c.txt', 'cancelled'],
      ['d.txt', 'done'],
    ]);
    expect(await storedKeys(path)).toEqual([`${path}a.txt`, `${path}b.txt`, `${path}d.txt`]);
  });

  it('starts no upload when the picker goes away during processing', async () => {
    const path = uniquePath('process-destroyed');
    const later = deferred<File>();
    const { fixture, harness } = await setUpPicker(Picker, PickerHarness, {
      path,
      processFile: () => later.promise,
    });

    await harness.pickFiles([textFile('left.txt', 'left')]);
    expect((await harness.getRows()).map((row) => row.status)).toEqual(['processing']);
    fixture.destroy();
    later.resolve(new File(['processed'], 'left.txt'));
    // A sleep on purpose: the claim is that no upload starts, and an absent request cannot be
    // waited for; an upload would start within a few ms of the processing's end.
    await sleep(500);
    expect(requestsMentioning(path)).toEqual([]);
    expect(await storedKeys(path)).toEqual([]);
  });

  it('passes processFile through amplify-photo-picker: resizeImage as in docs/components.md', async () => {
    const path = uniquePath('process-photo');
    const shrink = (file: File) => resizeImage(file, { maxWidth: 100, maxHeight: 100 });
    const { fixture, harness } = await setUpPicker(PhotoPicker, PhotoPickerHarness, {
      path,
      processFile: shrink,
    });
    const { uploaded } = record(fixture.componentInstance);
    const photo = await png('tall.png', 150, 600);
    const small = await png('small.png', 30, 20);

    await harness.pickFiles([photo]);
    await until(() => harness.getRows(), allSettled, 'the first upload to finish');
    await harness.pickFiles([small]);
    const rows = await until(
      () => harness.getRows(),
      (found) => found.length === 2 && allSettled(found),
      'the second upload to finish',
    );

    expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
    expect(uploaded.map((result) => result.key)).toEqual([`${path}tall.png`, `${path}small.png`]);
    expect(uploaded[1].file).withContext('a photo inside the box is sent as picked').toBe(small);
    const storage = TestBed.inject(StorageService);
    const tall = await lastValueFrom(
      storage.get(`${path}tall.png`, { download: true }).pipe(transferResult()),
    );
    expect(await imageSize(tall.body)).toEqual([25, 100]);
    expect(tall.contentType).toBe('image/png');
    const stored = await lastValueFrom(
      storage.get(`${path}small.png`, { download: true }).pipe(transferResult()),
    );
    expect(stored.body.size).toBe(small.size);
  });

  it('passes processFile through amplify-text-picker', async () => {
    const path = uniquePath('process-text');
    const processFile = async (file: File) =>
      new File([(await file.text()).toUpperCase()], `upper-${file.name}`, { type: 'text/plain' });
    const { fixture, harness } = await setUpPicker(TextPicker, TextPickerHarness, {
      path,
      processFile,
    });
    const { uploaded } = record(fixture.componentInstance);

    await harness.pickFiles([textFile('note.txt', 'quiet words')]);
    await until(() => harness.getRows(), allSettled, 'the upload to finish');

    expect(await harness.getText())
      .withContext('the preview shows the file as picked')
      .toBe('quiet words');
    expect(uploaded.map((result) => result.key)).toEqual([`${path}upper-note.txt`]);
    expect(await (await uncheckedGet(`public/${path}upper-note.txt`)).text()).toBe('QUIET WORDS');
    expect(await storedKeys(path)).toEqual([`${path}upper-note.txt`]);
  });
});
