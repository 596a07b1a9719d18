// A picker's value, disabled and touched state without any forms module: what forms build on.
import { Component, signal } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { PickerHarness } from '../../../testing/picker-harness';
import { setUpPicker, textFile } from '../../../spec-support/picker-spec-helpers';
import { Picker } from './picker';
import { PickerValue, addToPickerValue } from './picker-value';

describe('addToPickerValue', () => {
  const a = textFile('a.txt', 'a');

  it('appends when several files are allowed, starting from nothing', () => {
    expect(addToPickerValue(null, a, true)).toEqual([a]);
    expect(addToPickerValue([a], 'photos/b.png', true)).toEqual([a, 'photos/b.png']);
  });

  it('keeps only the last when one file is allowed', () => {
    expect(addToPickerValue([a, 'x'], 'photos/b.png', false)).toEqual(['photos/b.png']);
  });
});

@Component({
  imports: [Picker],
  template: `<amplify-picker [(value)]="files" [(touched)]="touched" [disabled]="off()" />`,
})
class TwoWayHost {
  readonly files = signal<PickerValue>([]);
  readonly touched = signal(false);
  readonly off = signal(false);
}

describe('Picker value, touched and disabled', () => {
  it('binds the picked files and touched two ways', async () => {
    const { fixture } = await setUpPicker(TwoWayHost, PickerHarness, {});
    const picker = await TestbedHarnessEnvironment.loader(fixture).getHarness(PickerHarness);
    const host = fixture.componentInstance;
    const a = textFile('a.txt', 'a');
    await picker.pickFiles([a]);
    expect(host.files()).toEqual([a]);
    expect(host.touched()).toBeTrue();
  });

  it('ignores picks, drops and drags while disabled, and takes them again once enabled', async () => {
    const { fixture } = await setUpPicker(TwoWayHost, PickerHarness, {});
    const picker = await TestbedHarnessEnvironment.loader(fixture).getHarness(PickerHarness);
    const host = fixture.componentInstance;
    const picked: File[] = [];
    fixture.debugElement.children[0].componentInstance.picked.subscribe((f: File) =>
      picked.push(f),
    );
    host.off.set(true);
    await fixture.whenStable();
    expect(await picker.isDisabled()).toBeTrue();

    const file = textFile('x.txt', 'x');
    await picker.dragFilesOver([file]);
    expect(await picker.isDragOver()).toBeFalse();
    await picker.dropFiles([file]);
    await picker.pickFiles([file]);
    expect(picked).toEqual([]);
    expect(host.files()).toEqual([]);
    expect(await picker.getRows()).toEqual([]);

    host.off.set(false);
    await fixture.whenStable();
    await picker.dropFiles([file]);
    expect(picked).toEqual([file]);
    expect(host.files()).toEqual([file]);
  });
});
