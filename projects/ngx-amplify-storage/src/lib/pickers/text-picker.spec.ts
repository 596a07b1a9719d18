import { localSettings, uncheckedGet, uniquePath } from '../../../spec-support/local-backend';
import { until } from '../../../spec-support/async';
import { setUpPicker, textFile } from '../../../spec-support/picker-spec-helpers';
import { PickerRow } from '../../../testing/picker-harness';
import { TextPickerHarness } from '../../../testing/text-picker-harness';
import { TEXT_ACCEPT } from '../display/content-type';
import { UploadedFile } from './file-upload';
import { TextPicker } from './text-picker';

async function setUp(inputs: Record<string, unknown>) {
  const bed = await setUpPicker(TextPicker, TextPickerHarness, inputs, localSettings());
  const loaded: string[] = [];
  const uploaded: UploadedFile[] = [];
  bed.fixture.componentInstance.loaded.subscribe((text) => loaded.push(text));
  bed.fixture.componentInstance.uploaded.subscribe((result) => uploaded.push(result));
  return { ...bed, loaded, uploaded };
}

const allFinished = (rows: PickerRow[]) =>
  rows.length > 0 && rows.every((row) => !['queued', 'uploading'].includes(row.status));

describe('TextPicker (amplify-text-picker) on the local S3 server', () => {
  it('emits the text, shows it and uploads the file', async () => {
    const path = uniquePath('text');
    const { harness, identityId, loaded, uploaded } = await setUp({ path, level: 'protected' });
    const text = '  indented first line\nhéllo wörld ✓\n\ttab\n';

    await harness.pickFiles([textFile('notes.md', text, '')]);

    expect(loaded).toEqual([text]);
    expect(await harness.getText()).toBe(text);
    await until(() => harness.getRows(), allFinished, 'the upload to finish');
    expect(uploaded.map((result) => result.key)).toEqual([`${path}notes.md`]);
    expect(await (await uncheckedGet(`protected/${identityId}/${path}notes.md`)).text()).toBe(text);
  });

  it('shows markup and script as text, creating no elements from it', async () => {
    const { fixture, harness, loaded } = await setUp({});
    const win = window as unknown as { textPickerPwned?: boolean };
    const hostile =
      '<script>window.textPickerPwned = true</script><img src=x onerror="window.textPickerPwned = true"><b>bold</b>';

    await harness.pickFiles([textFile('page.html.txt', hostile)]);

    expect(loaded).toEqual([hostile]);
    expect(await harness.getText()).toBe(hostile);
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('script, img, b')).toBeNull();
    expect(win.textPickerPwned).toBeUndefined();
  });

  it("with preview 'hidden' emits the text but shows none", async () => {
    const { harness, loaded } = await setUp({ preview: 'hidden' });
    await harness.pickFiles([textFile('data.csv', 'a,b\n1,2\n', 'text/csv')]);
    expect(loaded).toEqual(['a,b\n1,2\n']);
    expect(await harness.getText()).toBeNull();
  });

  it('accepts every text type S3Text shows, by type or by extension (one list: TEXT_ACCEPT)', async () => {
    const { harness, loaded } = await setUp({});
    expect(await (await harness.getPicker()).getAccept()).toBe(TEXT_ACCEPT);
    // Browsers report several of these without a type; the extension alone must let them in.
    const files = [
      textFile('table.tsv', 'a\tb\n', ''),
      textFile('feed.xml', '<a/>', 'application/xml'),
      textFile('config.yaml', 'a: 1\n', ''),
      textFile('config.yml', 'b: 2\n', ''),
      textFile('server.log', 'started\n', ''),
    ];
    for (const file of files) await harness.pickFiles([file]);
    expect(await harness.getMessages()).toEqual([]);
    expect(loaded).toEqual(['a\tb\n', '<a/>', 'a: 1\n', 'b: 2\n', 'started\n']);
  });

  it('accepts JSON by extension and turns an image away', async () => {
    const path = uniquePath('text-accept');
    const { harness, loaded } = await setUp({ path });
    await harness.pickFiles([new File(['{"a":1}'], 'data.json', { type: 'application/json' })]);
    expect(loaded).toEqual(['{"a":1}']);
    await harness.pickFiles([new File([new Uint8Array(10)], 'photo.png', { type: 'image/png' })]);
    expect(await harness.getMessages()).toEqual([
      `photo.png is not an accepted file type (${TEXT_ACCEPT}).`,
    ]);
    expect(loaded.length).toBe(1);
    expect(await harness.getText())
      .withContext('the last accepted file stays shown')
      .toBe('{"a":1}');
    await until(() => harness.getRows(), allFinished, 'the upload to finish');
    expect((await uncheckedGet(`public/${path}photo.png`)).status).toBe(404);
  });
});
