import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { lastValueFrom } from 'rxjs';
import { until, waitFor as eventually } from '../../../spec-support/async';
import { pixelPng } from '../../../spec-support/display';
import { localSettings, uniquePath } from '../../../spec-support/local-backend';
import { setUpPicker, textFile } from '../../../spec-support/picker-spec-helpers';
import { PickerHarness, PickerRow } from '../../../testing/picker-harness';
import { S3ImageHarness } from '../../../testing/s3-image-harness';
import { S3Image } from '../display/s3-image';
import { Picker } from '../pickers/picker';
import { provideAmplifyStorage, withTracking } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { StorageEvent } from './storage-event';

const finished = (rows: PickerRow[]) =>
  rows.length > 0 && rows.every((row) => !['queued', 'uploading'].includes(row.status));

/** A sink that keeps what reaches it: the test's view of withTracking()'s output. */
function arraySink(): { events: StorageEvent[]; record: (event: StorageEvent) => void } {
  const events: StorageEvent[] = [];
  return { events, record: (event) => events.push(event) };
}

describe("the components' track input, seen at the tracking sink", () => {
  it('picker [track]="true": the upload reaches the sink as a put event', async () => {
    const sink = arraySink();
    const path = uniquePath('track-picker');
    const { harness } = await setUpPicker(
      Picker,
      PickerHarness,
      { path, track: true },
      localSettings(),
      withTracking(sink),
    );
    await harness.pickFiles([textFile('note.txt', 'tracked')]);
    await until(() => harness.getRows(), finished, 'the upload to finish');
    await eventually('the put event reaches the sink', () => sink.events.length > 0);
    expect(
      sink.events.map(({ method, result, level, key, size }) => ({
        method,
        result,
        level,
        key,
        size,
      })),
    ).toEqual([
      { method: 'put', result: 'success', level: 'public', key: `${path}note.txt`, size: 7 },
    ]);
  });

  it('picker without track sends nothing to the sink, where the configuration does not track', async () => {
    const sink = arraySink();
    const path = uniquePath('untracked-picker');
    const { harness } = await setUpPicker(
      Picker,
      PickerHarness,
      { path },
      localSettings(),
      withTracking(sink),
    );
    await harness.pickFiles([textFile('note.txt', 'quiet')]);
    await until(() => harness.getRows(), finished, 'the upload to finish');
    // A tracked call made after the upload arrives first and alone: the upload's call sent nothing.
    await lastValueFrom(TestBed.inject(StorageService).list(path, { track: true }));
    expect(sink.events.map((event) => event.method)).toEqual(['list']);
  });

  it('s3-image [track]="true": its URL request reaches the sink as a get event', async () => {
    const sink = arraySink();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideAmplifyStorage(localSettings(), withTracking(sink)),
      ],
    });
    const key = `${uniquePath('track-image')}cat.png`;
    await lastValueFrom(TestBed.inject(StorageService).put(key, pixelPng()));
    const fixture = TestBed.createComponent(S3Image);
    fixture.componentRef.setInput('imgKey', key);
    fixture.componentRef.setInput('track', true);
    const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, S3ImageHarness);
    await eventually('the image is loaded', () => harness.isImageLoaded());
    await eventually('the get event reaches the sink', () => sink.events.length > 0);
    expect(sink.events[0]).toEqual(
      jasmine.objectContaining({ method: 'get', result: 'success', level: 'public', key }),
    );
  });
});
