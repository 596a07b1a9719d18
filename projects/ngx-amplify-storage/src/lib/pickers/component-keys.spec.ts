import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { until, waitFor as eventually } from '../../../spec-support/async';
import { pixelPng } from '../../../spec-support/display';
import { localSettings, uncheckedGet, uniquePath } from '../../../spec-support/local-backend';
import { setUpPicker, textFile } from '../../../spec-support/picker-spec-helpers';
import { PickerHarness, PickerRow } from '../../../testing/picker-harness';
import { S3AlbumHarness } from '../../../testing/s3-album-harness';
import { S3ImageHarness } from '../../../testing/s3-image-harness';
import { S3Album } from '../album/s3-album';
import { S3Image } from '../display/s3-image';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { UploadedFile } from './file-upload';
import { Picker } from './picker';

const finished = (rows: PickerRow[]) =>
  rows.length > 0 && rows.every((row) => !['queued', 'uploading'].includes(row.status));

/** Picks `file` in a picker with `inputs` and resolves to the keys it uploaded to. */
async function pickerKeys(inputs: Record<string, unknown>, file: File): Promise<string[]> {
  const { fixture, harness } = await setUpPicker(Picker, PickerHarness, inputs);
  const uploaded: UploadedFile[] = [];
  fixture.componentInstance.uploaded.subscribe((result) => uploaded.push(result));
  await harness.pickFiles([file]);
  await until(() => harness.getRows(), finished, 'the upload to finish');
  return uploaded.map((result) => result.key);
}

describe('upload keys of the components: path + calcKey(file, fileToKey)', () => {
  it('picker: a string fileToKey follows path, each space an underscore', async () => {
    const path = uniquePath('keys-string');
    const keys = await pickerKeys({ path, fileToKey: 'my  note .md' }, textFile('a.md', 'one'));
    expect(keys).toEqual([`${path}my__note_.md`]);
    expect(await (await uncheckedGet(`public/${path}my__note_.md`)).text()).toBe('one');
  });

  it("picker: an object fileToKey's JSON follows path", async () => {
    const path = uniquePath('keys-object');
    const keys = await pickerKeys({ path, fileToKey: { id: 'a b' } }, textFile('a.md', 'two'));
    expect(keys).toEqual([`${path}{"id":"a_b"}`]);
    expect(await (await uncheckedGet(`public/${path}{"id":"a_b"}`)).text()).toBe('two');
  });

  it("picker: a function fileToKey's result follows path; the default key keeps each space", async () => {
    const path = uniquePath('keys-function');
    const named = await pickerKeys(
      { path, fileToKey: (file: File) => `${file.size} bytes.md` },
      textFile('x.md', 'three'),
    );
    expect(named).toEqual([`${path}5_bytes.md`]);
    TestBed.resetTestingModule();
    const plain = await pickerKeys({ path }, textFile('two  spaces\there.md', '4'));
    expect(plain).toEqual([`${path}two__spaces_here.md`]);
  });

  describe('image and album pickers', () => {
    beforeEach(() => {
      TestBed.configureTestingModule({
        providers: [provideZonelessChangeDetection(), provideAmplifyStorage(localSettings())],
      });
    });

    it('s3-image uploads to path + fileToKey and shows that key', async () => {
      const path = uniquePath('keys-image');
      const fixture = TestBed.createComponent(S3Image);
      fixture.componentRef.setInput('picker', true);
      fixture.componentRef.setInput('path', path);
      fixture.componentRef.setInput('fileToKey', 'my avatar.png');
      const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3ImageHarness);
      await (
        await harness.getPicker()
      ).pickFiles([new File([pixelPng()], 'whatever.png', { type: 'image/png' })]);
      await eventually('the picked image is loaded', () => harness.isImageLoaded(), 15_000);
      expect(await harness.getKey()).toBe(`${path}my_avatar.png`);
      expect((await uncheckedGet(`public/${path}my_avatar.png`)).status).toBe(200);
    });

    it("s3-album uploads to the folder shown + fileToKey's JSON", async () => {
      const path = uniquePath('keys-album');
      const fixture = TestBed.createComponent(S3Album);
      fixture.componentRef.setInput('path', path);
      fixture.componentRef.setInput('picker', true);
      fixture.componentRef.setInput('fileToKey', { photo: 1 });
      const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3AlbumHarness);
      await (
        await harness.getPicker()
      ).pickFiles([new File([pixelPng()], 'p.png', { type: 'image/png' })]);
      await eventually(
        'the stored object',
        async () => (await uncheckedGet(`public/${path}{"photo":1}`)).status === 200,
        15_000,
      );
      const stored = await (await uncheckedGet(`public/${path}{"photo":1}`)).blob();
      expect(stored.size).toBe(pixelPng().size);
      expect((await uncheckedGet(`public/${path}p.png`)).status)
        .withContext('not at the file name')
        .toBe(404);
    });
  });
});
