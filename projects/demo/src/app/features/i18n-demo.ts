import { ChangeDetectionStrategy, Component, Injectable, inject, signal } from '@angular/core';
import { Picker, S3Image, StorageIntl } from 'ngx-amplify-storage';

/** The German words this demo shows; an app would write one such set per locale it supports. */
const GERMAN: Partial<StorageIntl> = {
  chooseFiles: 'Dateien auswählen',
  chooseFile: 'Datei auswählen',
  dropFiles: 'Oder Dateien hier ablegen.',
  dropFile: 'Oder eine Datei hier ablegen.',
  dropToAdd: 'Zum Hinzufügen ablegen.',
  acceptedTypes: (accept: string) => `Erlaubt: ${accept}.`,
  notAccepted: (name: string, accept: string) => `${name} ist kein erlaubter Dateityp (${accept}).`,
  loadingImage: 'Bild wird geladen …',
  notFound: (name: string) =>
    `${name} wurde nicht gefunden. Vielleicht wurde es gelöscht oder verschoben.`,
};

/** A StorageIntl whose language changes at run time: it copies a locale's words and says so. */
@Injectable()
export class SwitchableStorageIntl extends StorageIntl {
  private readonly english: Partial<StorageIntl> = Object.fromEntries(
    Object.keys(GERMAN).map((name) => [name, this[name as keyof StorageIntl]]),
  );

  /** Shows the components' words in `language`. */
  use(language: 'en' | 'de'): void {
    Object.assign(this, language === 'de' ? GERMAN : this.english);
    this.changes.next();
  }
}

/**
 * StorageIntl in use: the components below take their words from a StorageIntl provided here, in
 * English or German, switched at run time as an app would on a language change.
 */
@Component({
  selector: 'app-i18n-demo',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Picker, S3Image],
  providers: [SwitchableStorageIntl, { provide: StorageIntl, useExisting: SwitchableStorageIntl }],
  template: `
    <section aria-labelledby="i18n-heading">
      <h2 id="i18n-heading">Translated strings: StorageIntl</h2>
      <fieldset class="i18n-language">
        <legend>Language</legend>
        <label>
          <input
            type="radio"
            name="i18n-language"
            [checked]="language() === 'en'"
            (change)="use('en')"
          />
          English
        </label>
        <label>
          <input
            type="radio"
            name="i18n-language"
            [checked]="language() === 'de'"
            (change)="use('de')"
          />
          Deutsch
        </label>
      </fieldset>
      <amplify-picker accept="image/*" />
      <amplify-s3-image imgKey="i18n-demo/not-there.png" alt="An image that is not there" />
    </section>
  `,
})
export class I18nDemo {
  private readonly intl = inject(SwitchableStorageIntl);
  /** The language shown. */
  readonly language = signal<'en' | 'de'>('en');

  /** Switches the components below to `language`. */
  use(language: 'en' | 'de'): void {
    this.language.set(language);
    this.intl.use(language);
  }
}
