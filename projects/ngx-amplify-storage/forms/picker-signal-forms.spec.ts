// The pickers as signal-forms controls (`[formField]`), with the rules of ngx-amplify-storage/forms,
// in Chromium against the local backend.
import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { FormField, disabled, form } from '@angular/forms/signals';
import { PhotoPicker, Picker, PickerValue, provideAmplifyStorage } from 'ngx-amplify-storage';
import { PickerHarness } from '../testing/picker-harness';
import { PhotoPickerHarness } from '../testing/photo-picker-harness';
import { until } from '../spec-support/async';
import { localSettings, uncheckedGet, uniquePath } from '../spec-support/local-backend';
import { fileOf, textFile } from '../spec-support/picker-spec-helpers';
import { maxFileCount, maxFileSize, requiredFiles } from './picker-signal-rules';

interface Upload {
  files: PickerValue;
  photos: PickerValue;
}

@Component({
  imports: [FormField, Picker, PhotoPicker],
  template: `
    <amplify-picker [formField]="upload.files" />
    <amplify-photo-picker [formField]="upload.photos" [path]="path" [preview]="false" />
  `,
})
class SignalHost {
  readonly path = uniquePath('forms-signal');
  readonly locked = signal(false);
  readonly model = signal<Upload>({ files: [], photos: [] });
  readonly upload = form(this.model, (p) => {
    requiredFiles(p.files, { message: 'Pick a file.' });
    maxFileCount(p.files, 2);
    maxFileSize(p.files, 100);
    disabled(p.files, () => this.locked());
    requiredFiles(p.photos);
  });
}

describe('the pickers in signal forms', () => {
  let fixture: ComponentFixture<SignalHost>;
  let host: SignalHost;
  let picker: PickerHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAmplifyStorage(localSettings())],
    });
    fixture = TestBed.createComponent(SignalHost);
    host = fixture.componentInstance;
    await fixture.whenStable();
    picker = await TestbedHarnessEnvironment.loader(fixture).getHarness(PickerHarness);
  });

  function kinds(): string[] {
    return host.upload
      .files()
      .errors()
      .map((error) => error.kind);
  }

  it('writes the picked files into the model, touched, and checks required, count and size', async () => {
    expect(kinds()).toEqual(['required']);
    expect(host.upload.files().errors()[0].message).toBe('Pick a file.');
    expect(host.upload.files().touched()).toBeFalse();

    const a = textFile('a.txt', 'a');
    await picker.pickFiles([a]);
    expect(host.model().files).toEqual([a]);
    expect(host.upload.files().valid()).toBeTrue();
    expect(host.upload.files().touched()).toBeTrue();

    await picker.pickFiles([textFile('b.txt', 'b'), fileOf('big.bin', 300)]);
    expect(host.model().files.length).toBe(3);
    expect(kinds().sort()).toEqual(['maxFileCount', 'maxFileSize']);
    const size = host.upload
      .files()
      .errors()
      .find((error) => error.kind === 'maxFileSize');
    expect(size).toEqual(jasmine.objectContaining({ max: 100, actual: 300, name: 'big.bin' }));
  });

  it('shows a model value set in code', async () => {
    const file = textFile('from-code.txt', 'x');
    host.model.update((m) => ({ ...m, files: [file] }));
    await fixture.whenStable();
    const component = fixture.debugElement.children[0].componentInstance as Picker;
    expect(component.value()).toEqual([file]);
    expect(host.upload.files().valid()).toBeTrue();
  });

  it('disables the picker while the field is disabled', async () => {
    host.locked.set(true);
    await fixture.whenStable();
    expect(await picker.isDisabled()).toBeTrue();
    await picker.pickFiles([textFile('ignored.txt', 'x')]);
    expect(host.model().files).toEqual([]);

    host.locked.set(false);
    await fixture.whenStable();
    expect(await picker.isDisabled()).toBeFalse();
  });

  it('is touched when the picker loses focus', async () => {
    const button = await picker.getButton();
    await button.focus();
    await button.blur();
    expect(host.upload.files().touched()).toBeTrue();
  });

  it('holds the key of the upload when the picker uploads', async () => {
    const photos = await TestbedHarnessEnvironment.loader(fixture).getHarness(PhotoPickerHarness);
    expect(host.upload.photos().valid()).toBeFalse();
    await photos.pickFiles([fileOf('sky.png', 16, 'image/png')]);
    const key = `${host.path}sky.png`;
    await until(
      () => host.model().photos,
      (v) => v.length === 1,
      'the key in the model',
    );
    expect(host.model().photos).toEqual([key]);
    expect(host.upload.photos().valid()).toBeTrue();
    expect((await uncheckedGet(`public/${key}`)).status).toBe(200);
  });
});
