// The pickers in reactive and template-driven forms, through PickerValueAccessor, in Chromium
// against the local backend (the uploading case stores real objects).
import { Component, provideZonelessChangeDetection, signal, viewChild } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { FormControl, FormsModule, NgModel, ReactiveFormsModule } from '@angular/forms';
import {
  PhotoPicker,
  Picker,
  PickerValue,
  TextPicker,
  provideAmplifyStorage,
} from 'ngx-amplify-storage';
import { PickerHarness } from '../testing/picker-harness';
import { PhotoPickerHarness } from '../testing/photo-picker-harness';
import { TextPickerHarness } from '../testing/text-picker-harness';
import { until } from '../spec-support/async';
import { localSettings, uncheckedGet, uniquePath } from '../spec-support/local-backend';
import { fileOf, textFile } from '../spec-support/picker-spec-helpers';
import { PickerValueAccessor } from './picker-value-accessor';
import {
  PickerMaxFileCountValidator,
  PickerMaxFileSizeValidator,
  PickerValidators,
} from './picker-validators';

@Component({
  imports: [ReactiveFormsModule, Picker, PhotoPicker, PickerValueAccessor],
  template: `
    <amplify-picker [formControl]="files" />
    <amplify-photo-picker [formControl]="photos" [path]="path()" [preview]="false" />
  `,
})
class ReactiveHost {
  readonly path = signal<string | undefined>(undefined);
  readonly files = new FormControl<PickerValue>(
    [],
    [
      PickerValidators.required,
      PickerValidators.maxFileCount(2),
      PickerValidators.maxFileSize(100),
    ],
  );
  readonly photos = new FormControl<PickerValue>([], PickerValidators.required);
  readonly picker = viewChild.required(Picker);
}

@Component({
  imports: [
    FormsModule,
    Picker,
    TextPicker,
    PickerValueAccessor,
    PickerMaxFileCountValidator,
    PickerMaxFileSizeValidator,
  ],
  template: `
    <amplify-picker
      name="files"
      [(ngModel)]="files"
      required
      [amplifyMaxFileCount]="maxCount()"
      amplifyMaxFileSize="100"
    />
    <amplify-text-picker name="notes" [(ngModel)]="notes" [disabled]="locked()" [preview]="false" />
  `,
})
class TemplateHost {
  files: PickerValue = [];
  notes: PickerValue = [];
  readonly maxCount = signal(2);
  readonly locked = signal(false);
  readonly models = viewChild.required(NgModel);
}

async function setUp<T>(host: new () => T): Promise<ComponentFixture<T>> {
  TestBed.configureTestingModule({
    providers: [provideZonelessChangeDetection(), provideAmplifyStorage(localSettings())],
  });
  const fixture = TestBed.createComponent(host);
  await fixture.whenStable();
  return fixture;
}

describe('the pickers in reactive forms', () => {
  let fixture: ComponentFixture<ReactiveHost>;
  let host: ReactiveHost;
  let picker: PickerHarness;

  beforeEach(async () => {
    fixture = await setUp(ReactiveHost);
    host = fixture.componentInstance;
    picker = await TestbedHarnessEnvironment.loader(fixture).getHarness(PickerHarness);
  });

  it('holds the picked files, touched and dirty, and checks the count and size', async () => {
    expect(host.files.hasError('required')).toBeTrue();
    expect(host.files.touched).toBeFalse();
    const a = textFile('a.txt', 'a');
    const b = textFile('b.txt', 'b');
    await picker.pickFiles([a, b]);
    expect(host.files.value).toEqual([a, b]);
    expect(host.files.valid).toBeTrue();
    expect(host.files.touched).toBeTrue();
    expect(host.files.dirty).toBeTrue();

    const big = fileOf('big.bin', 200);
    await picker.pickFiles([big]);
    expect(host.files.value).toEqual([a, b, big]);
    expect(host.files.getError('maxFileCount')).toEqual({ max: 2, actual: 3 });
    expect(host.files.getError('maxFileSize')).toEqual({ max: 100, actual: 200, name: 'big.bin' });
  });

  it('shows a value set in code, and a reset clears it without echoing it back', async () => {
    const file = textFile('set.txt', 'set');
    host.files.setValue([file]);
    expect(host.picker().value()).toEqual([file]);
    expect(host.files.dirty).withContext('setValue from code is not a user change').toBeFalse();

    await picker.pickFiles([textFile('more.txt', 'more')]);
    expect(host.files.value?.length).toBe(2);
    host.files.reset();
    expect(host.picker().value()).toEqual([]);
    expect(host.files.value).toBeNull();
    expect(host.files.pristine).toBeTrue();
  });

  it('disables the picker with its control: the button is off and picks are ignored', async () => {
    host.files.disable();
    await fixture.whenStable();
    expect(await picker.isDisabled()).toBeTrue();
    await picker.pickFiles([textFile('ignored.txt', 'x')]);
    expect(host.files.value).toEqual([]);
    expect(await picker.getRows()).toEqual([]);

    host.files.enable();
    await fixture.whenStable();
    expect(await picker.isDisabled()).toBeFalse();
    await picker.pickFiles([textFile('taken.txt', 'x')]);
    expect(host.files.value?.map((f) => (f as File).name)).toEqual(['taken.txt']);
  });

  it('is touched when the picker loses focus', async () => {
    const button = await picker.getButton();
    await button.focus();
    expect(host.files.touched).toBeFalse();
    await button.blur();
    expect(host.files.touched).toBeTrue();
  });

  it('holds the keys of the uploads when the picker uploads, the last only for a single picker', async () => {
    const path = uniquePath('forms-reactive');
    host.path.set(path);
    await fixture.whenStable();
    const photos = await TestbedHarnessEnvironment.loader(fixture).getHarness(PhotoPickerHarness);
    await photos.pickFiles([fileOf('one.png', 10, 'image/png')]);
    expect(host.photos.touched).toBeTrue();
    await until(
      () => host.photos.value,
      (v) => v?.length === 1,
      'the first key',
    );
    expect(host.photos.value).toEqual([`${path}one.png`]);
    expect(host.photos.valid).toBeTrue();

    await photos.pickFiles([fileOf('two.png', 12, 'image/png')]);
    await until(
      () => host.photos.value?.[0],
      (k) => k === `${path}two.png`,
      'the second key',
    );
    expect(host.photos.value).toEqual([`${path}two.png`]);
    const stored = await uncheckedGet(`public/${path}two.png`);
    expect(stored.status).toBe(200);
    expect((await stored.arrayBuffer()).byteLength).toBe(12);
  });
});

describe('the pickers in template-driven forms', () => {
  let fixture: ComponentFixture<TemplateHost>;
  let host: TemplateHost;

  beforeEach(async () => {
    fixture = await setUp(TemplateHost);
    host = fixture.componentInstance;
  });

  it('binds the files two ways and checks required, the count and the size', async () => {
    const model = host.models();
    expect(model.hasError('required')).toBeTrue();
    const picker = await TestbedHarnessEnvironment.loader(fixture).getHarness(PickerHarness);
    const files = [textFile('a.txt', 'a'), textFile('b.txt', 'b'), fileOf('c.bin', 150)];
    await picker.pickFiles(files);
    await fixture.whenStable();
    expect(host.files).toEqual(files);
    expect(model.getError('maxFileCount')).toEqual({ max: 2, actual: 3 });
    expect(model.getError('maxFileSize')).toEqual({ max: 100, actual: 150, name: 'c.bin' });
    expect(model.touched).toBeTrue();

    host.maxCount.set(3);
    await fixture.whenStable();
    expect(model.hasError('maxFileCount'))
      .withContext('checked again with the new limit')
      .toBeFalse();
  });

  it('writes the model into the picker, and disables it through ngModel', async () => {
    const notes = await TestbedHarnessEnvironment.loader(fixture).getHarness(TextPickerHarness);
    const first = textFile('first.md', '# one', 'text/markdown');
    await notes.pickFiles([first]);
    await fixture.whenStable();
    expect(host.notes).toEqual([first]);

    host.locked.set(true);
    await fixture.whenStable();
    expect(await notes.isDisabled()).toBeTrue();
    await notes.pickFiles([textFile('second.md', '# two', 'text/markdown')]);
    await fixture.whenStable();
    expect(host.notes).toEqual([first]);
  });
});
