// The i18n demo against the local backend: the components' words switch language at run time.
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideLocalBackend } from '../local-backend';
import { karmaBackend, until } from './feature-spec-support';
import { I18nDemo } from './i18n-demo';

describe('I18nDemo on the local backend', () => {
  let fixture: ComponentFixture<I18nDemo>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideLocalBackend(karmaBackend())],
    });
    fixture = TestBed.createComponent(I18nDemo);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  const button = () => page.querySelector('amplify-picker button')?.textContent?.trim();
  const imageText = () => page.querySelector('amplify-s3-image')?.textContent?.trim() ?? '';

  it('words the picker and a missing image in German, and in English again', async () => {
    expect(button()).toBe('Choose files');
    await until(fixture, 'the English not-found message', () => /was not found/.test(imageText()));

    page.querySelectorAll<HTMLInputElement>('.i18n-language input')[1].click();
    await until(fixture, 'the German words', () => button() === 'Dateien auswählen');
    expect(imageText()).toContain('wurde nicht gefunden');
    expect(page.querySelector('amplify-picker')?.textContent).toContain(
      'Oder Dateien hier ablegen.',
    );

    page.querySelectorAll<HTMLInputElement>('.i18n-language input')[0].click();
    await until(fixture, 'the English words', () => button() === 'Choose files');
    expect(imageText()).toContain('was not found');
  });
});
