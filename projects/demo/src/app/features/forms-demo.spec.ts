// The forms demo against the local backend that tools/run-tests.mjs starts: a photo uploads and
// its key enables Post; the signal form reports too many notes.
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { PhotoPickerHarness, TextPickerHarness } from 'ngx-amplify-storage/testing';
import { provideLocalBackend } from '../local-backend';
import { karmaBackend, until } from './feature-spec-support';
import { FormsDemo } from './forms-demo';

describe('FormsDemo on the local backend', () => {
  let fixture: ComponentFixture<FormsDemo>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideLocalBackend(karmaBackend())],
    });
    fixture = TestBed.createComponent(FormsDemo);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  function postButton(): HTMLButtonElement {
    return page.querySelector<HTMLButtonElement>('button[type=submit]')!;
  }

  it('enables Post once the photo is uploaded, and posts its key', async () => {
    const caption = page.querySelector<HTMLInputElement>('input[formControlName=caption]')!;
    caption.value = 'Sunset';
    caption.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(postButton().disabled).withContext('no photo yet').toBeTrue();

    const name = `sunset-${Date.now().toString(36)}.png`;
    const photos = await TestbedHarnessEnvironment.loader(fixture).getHarness(PhotoPickerHarness);
    await photos.pickFiles([new File([new Uint8Array(8)], name, { type: 'image/png' })]);
    await until(fixture, 'Post enabled by the uploaded key', () => !postButton().disabled);
    postButton().click();
    await fixture.whenStable();
    expect(page.querySelector('.posted')?.textContent).toContain(`Sunset” with demo-forms/${name}`);
  });

  it('reports a third note in the signal form', async () => {
    const notes = await TestbedHarnessEnvironment.loader(fixture).getHarness(TextPickerHarness);
    const note = (n: number) => new File([`note ${n}`], `note-${n}.txt`, { type: 'text/plain' });
    await notes.pickFiles([note(1), note(2)]);
    await fixture.whenStable();
    expect(page.querySelector('.picked')?.textContent).toContain('2 picked; the form is valid.');
    await notes.pickFiles([note(3)]);
    await fixture.whenStable();
    expect(page.querySelector('.picked')?.textContent).toContain('3 picked; the form is invalid.');
    expect(page.querySelector('.form-error')?.textContent).toContain('Two notes at most.');
  });
});
