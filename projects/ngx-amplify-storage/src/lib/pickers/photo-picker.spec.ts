import { localSettings, uncheckedGet, uniquePath } from '../../../spec-support/local-backend';
import { sleep, until } from '../../../spec-support/async';
import {
  requestsMentioning,
  setUpPicker,
  textFile,
} from '../../../spec-support/picker-spec-helpers';
import { PhotoPickerHarness } from '../../../testing/photo-picker-harness';
import { PickerRow } from '../../../testing/picker-harness';
import { UploadedFile } from './file-upload';
import { PhotoPicker } from './photo-picker';

// A 1×1 PNG: small enough to inline, real enough for the browser to decode.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

function png(name: string): File {
  const bytes = Uint8Array.from(atob(PNG_BASE64), (char) => char.charCodeAt(0));
  return new File([bytes], name, { type: 'image/png' });
}

async function setUp(inputs: Record<string, unknown>) {
  const bed = await setUpPicker(PhotoPicker, PhotoPickerHarness, inputs, localSettings());
  const picked: File[] = [];
  const loaded: string[] = [];
  const uploaded: UploadedFile[] = [];
  const picker = bed.fixture.componentInstance;
  picker.picked.subscribe((file) => picked.push(file));
  picker.loaded.subscribe((url) => loaded.push(url));
  picker.uploaded.subscribe((result) => uploaded.push(result));
  return { ...bed, picked, loaded, uploaded };
}

const allFinished = (rows: PickerRow[]) =>
  rows.length > 0 && rows.every((row) => !['queued', 'uploading'].includes(row.status));

describe('PhotoPicker (amplify-photo-picker) on the local S3 server', () => {
  it('emits the photo as a data URL, previews it and uploads it', async () => {
    const path = uniquePath('photo');
    const { harness, picked, loaded, uploaded } = await setUp({ path });
    const photo = png('cat photo.png');

    expect(await (await harness.getPicker()).getAccept()).toBe('image/*');
    await harness.pickFiles([photo]);

    expect(picked).toEqual([photo]);
    expect(loaded).toEqual([`data:image/png;base64,${PNG_BASE64}`]);
    expect(await harness.getPreviewSrc()).toBe(`data:image/png;base64,${PNG_BASE64}`);
    expect(await harness.getPreviewAlt()).toBe('Preview of cat photo.png');
    await until(() => harness.getRows(), allFinished, 'the upload to finish');
    expect(uploaded.map((result) => result.key)).toEqual([`${path}cat_photo.png`]);
    const stored = await uncheckedGet(`public/${path}cat_photo.png`);
    expect(stored.headers.get('content-type')).toBe('image/png');
    expect((await stored.blob()).size).toBe(photo.size);
  });

  it("with preview 'hidden' still emits loaded but shows no image", async () => {
    const { fixture, harness, loaded } = await setUp({ preview: 'hidden' });
    await harness.pickFiles([png('dot.png')]);
    expect(loaded).toEqual([`data:image/png;base64,${PNG_BASE64}`]);
    expect(await harness.getPreviewSrc()).toBeNull();
    expect((fixture.nativeElement as HTMLElement).querySelector('img')).toBeNull();
  });

  it('with preview false neither reads nor shows the photo', async () => {
    const { harness, picked, loaded } = await setUp({ preview: false });
    await harness.pickFiles([png('dot.png')]);
    // A sleep on purpose: the claim is that the photo is never read, which cannot be waited for;
    // with a preview, reading a 1-pixel PNG takes a few ms.
    await sleep(100);
    expect(picked.length).toBe(1);
    expect(loaded).toEqual([]);
    expect(await harness.getPreviewSrc()).toBeNull();
  });

  it('previews the last of several photos', async () => {
    const { harness, loaded } = await setUp({ multiple: true });
    await harness.pickFiles([png('first.png'), png('second.png')]);
    expect(loaded.length).toBe(2);
    expect(await harness.getPreviewAlt()).toBe('Preview of second.png');
  });

  it('turns a non-image away with a visible message, sending and reading nothing', async () => {
    const path = uniquePath('photo-reject');
    const { harness, picked, loaded, uploaded } = await setUp({ path });

    await harness.pickFiles([textFile('notes.txt', 'not a photo')]);

    expect(await harness.getMessages()).toEqual([
      'notes.txt is not an accepted file type (image/*).',
    ]);
    expect(await harness.getRows()).toEqual([]);
    expect(picked).toEqual([]);
    expect(loaded).toEqual([]);
    expect(await harness.getPreviewSrc()).toBeNull();
    // A sleep on purpose: the claim is that nothing is sent, and an absent request cannot be
    // waited for; 300 ms is many times what sending would take to start.
    await sleep(300);
    expect(requestsMentioning(path)).toEqual([]);
    expect(uploaded).toEqual([]);
    expect((await uncheckedGet(`public/${path}notes.txt`)).status).toBe(404);
  });
});
