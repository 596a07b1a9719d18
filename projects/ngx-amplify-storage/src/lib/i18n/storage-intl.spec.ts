import { Component, Injectable, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { lastValueFrom } from 'rxjs';
import { until, waitFor } from '../../../spec-support/async';
import { localSettings, uniquePath } from '../../../spec-support/local-backend';
import { fileOf, textFile } from '../../../spec-support/picker-spec-helpers';
import { PickerHarness } from '../../../testing/picker-harness';
import { S3AlbumHarness } from '../../../testing/s3-album-harness';
import { S3ImageHarness } from '../../../testing/s3-image-harness';
import { S3TextHarness } from '../../../testing/s3-text-harness';
import { StorageBrowserHarness } from '../../../testing/storage-browser-harness';
import { S3Album } from '../album/s3-album';
import { StorageBrowser } from '../browser/storage-browser';
import { BrowserActionName, StorageBrowserIntl } from '../browser/storage-browser-intl';
import { S3Image } from '../display/s3-image';
import { S3Text } from '../display/s3-text';
import { PhotoPicker } from '../pickers/photo-picker';
import { Picker } from '../pickers/picker';
import { TextPicker } from '../pickers/text-picker';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { StorageIntl } from './storage-intl';

/** German action labels, as a translation of `browserActionName` gives them. */
const GERMAN_ACTIONS: Record<BrowserActionName, string> = {
  upload: 'Dateien hochladen',
  uploadFolder: 'Ordner hochladen',
  createFolder: 'Neuer Ordner',
  download: 'Herunterladen',
  copy: 'Kopieren',
  move: 'Verschieben',
  rename: 'Umbenennen',
  delete: 'Löschen',
  properties: 'Eigenschaften',
  link: 'Link erzeugen',
};

/** A second locale, as an app provides one: a subclass that overrides the strings. */
@Injectable()
class GermanStorageIntl extends StorageIntl {
  // Sizes in German: a decimal comma, "Byte" and "kB", through the browser's Intl.
  override formatSize = (bytes: number) => {
    const [value, unit] = bytes < 1e3 ? [bytes, 'byte'] : [bytes / 1e3, 'kilobyte'];
    const fraction = unit === 'byte' ? 0 : 1;
    return value.toLocaleString('de-DE', {
      style: 'unit',
      unit,
      minimumFractionDigits: fraction,
      maximumFractionDigits: fraction,
    });
  };
  override chooseFiles = 'Dateien auswählen';
  override chooseFile = 'Datei auswählen';
  override choosePhoto = 'Foto auswählen';
  override chooseTextFile = 'Textdatei auswählen';
  override dropFiles = 'Oder Dateien hierher ziehen.';
  override sizeLimit = (size: string) => `Höchstens ${size} pro Datei.`;
  override countLimit = (count: number) => `Höchstens ${count} Dateien auf einmal.`;
  override acceptedTypes = (accept: string) => `Erlaubt: ${accept}.`;
  override tooLarge = (name: string, size: string, limit: string) =>
    `${name} ist ${size} groß; erlaubt sind ${limit}.`;
  override notAccepted = (name: string) => `${name} hat keinen erlaubten Dateityp.`;
  override fileStatus = {
    picked: 'Ausgewählt',
    processing: 'Wird vorbereitet',
    queued: 'Wartet',
    uploading: 'Wird hochgeladen',
    done: 'Fertig',
    cancelled: 'Abgebrochen',
    failed: 'Fehlgeschlagen',
  };
  override uploadBadName = (name: string) =>
    `${name} kann unter diesem Namen nicht gespeichert werden.`;
  override notFound = (name: string) => `${name} wurde nicht gefunden.`;
  override fileCount = (files: number) => (files === 1 ? '1 Datei' : `${files} Dateien`);
  override noFiles = 'Hier gibt es noch keine Dateien.';
  override albumLabel = 'Dateien';
}

/** The storage browser's German words: a subclass of its own Intl, which the pickers and the album do not ship. */
@Injectable()
class GermanStorageBrowserIntl extends StorageBrowserIntl {
  override browserLabel = 'Dateibrowser';
  override browserTop = 'Alle Dateien';
  override browserActionName = (action: BrowserActionName) => GERMAN_ACTIONS[action];
  override browserFolderKind = 'Ordner';
  override browserCount = (folders: number, files: number) =>
    `${folders} Ordner, ${files === 1 ? '1 Datei' : `${files} Dateien`}`;
  override browserPropertiesOf = (name: string) => `Eigenschaften von ${name}`;
}

@Component({
  imports: [Picker, PhotoPicker, TextPicker, S3Image, S3Text, S3Album, StorageBrowser],
  template: `
    <amplify-picker accept="image/*" maxFileSize="1000" maxFileCount="3" />
    <amplify-picker class="uploading" [fileToKey]="badKey" [multiple]="false" />
    <amplify-photo-picker />
    <amplify-text-picker />
    <amplify-s3-image [imgKey]="missing + 'gone.png'" />
    <amplify-s3-text [textKey]="missing + 'gone.txt'" />
    <amplify-s3-album [path]="album" />
    <amplify-storage-browser [folder]="browserFolder" />
  `,
})
class EveryComponent {
  readonly missing = uniquePath('i18n-missing');
  readonly album = uniquePath('i18n-album');
  /** Holds the objects the storage browser spec stores (the browser itself starts on an empty folder). */
  readonly browserFolder = uniquePath('i18n-browser');
  readonly badKey = () => '../outside.txt';
}

describe('StorageIntl and StorageBrowserIntl: the components in a second locale', () => {
  let fixture: ComponentFixture<EveryComponent>;
  let intl: StorageIntl;
  let browserIntl: StorageBrowserIntl;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideAmplifyStorage(localSettings()),
        { provide: StorageIntl, useClass: GermanStorageIntl },
        { provide: StorageBrowserIntl, useClass: GermanStorageBrowserIntl },
      ],
    });
    intl = TestBed.inject(StorageIntl);
    browserIntl = TestBed.inject(StorageBrowserIntl);
    fixture = TestBed.createComponent(EveryComponent);
    await fixture.whenStable();
  });

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const text = (selector: string) =>
    (fixture.nativeElement as HTMLElement).querySelector(selector)?.textContent?.trim() ?? null;

  it('labels the pickers and words their limits and rejections in German', async () => {
    const [picker, uploading] = await loader().getAllHarnesses(PickerHarness);
    expect(await picker.getLabel()).toBe('Dateien auswählen');
    expect(await uploading.getLabel()).toBe('Datei auswählen');
    expect(text('amplify-picker .amplify-picker-hint')).toBe(
      'Oder Dateien hierher ziehen. Erlaubt: image/*. Höchstens 1,0 kB pro Datei. Höchstens 3 Dateien auf einmal.',
    );
    expect(text('amplify-photo-picker .amplify-picker-button')).toBe('Foto auswählen');
    expect(text('amplify-text-picker .amplify-picker-button')).toBe('Textdatei auswählen');

    await picker.pickFiles([fileOf('big.png', 2000, 'image/png'), textFile('a.txt', 'a')]);
    expect(await picker.getMessages()).toEqual([
      'big.png ist 2,0 kB groß; erlaubt sind 1,0 kB.',
      'a.txt hat keinen erlaubten Dateityp.',
    ]);
    await picker.pickFiles([fileOf('ok.png', 10, 'image/png')]);
    const rows = await picker.getRows();
    expect(rows.map((row) => row.statusText)).toEqual(['Ausgewählt']);
    expect(rows.map((row) => row.size)).toEqual(['10 Byte']);
  });

  it('shows a failed upload with the German message for its code, not the developer message', async () => {
    const [, uploading] = await loader().getAllHarnesses(PickerHarness);
    await uploading.pickFiles([textFile('a.txt', 'a')]);
    const [row] = await until(
      () => uploading.getRows(),
      (rows) => rows[0]?.status === 'failed',
      'the upload to fail',
    );
    expect(row.statusText).toBe(
      'Fehlgeschlagen: a.txt kann unter diesem Namen nicht gespeichert werden.',
    );
  });

  it('says in German that an image or text is missing', async () => {
    const image = await loader().getHarness(S3ImageHarness);
    const textDisplay = await loader().getHarness(S3TextHarness);
    await waitFor('both errors', async () => (await image.isError()) && textDisplay.isError());
    const { missing } = fixture.componentInstance;
    expect(await image.getErrorMessage()).toBe(`${missing}gone.png wurde nicht gefunden.`);
    expect(await textDisplay.getErrorMessage()).toBe(`${missing}gone.txt wurde nicht gefunden.`);
  });

  it('words the album in German, and again after a string changes at run time', async () => {
    const album = await loader().getHarness(S3AlbumHarness);
    await waitFor('the empty album', () => album.isEmpty());
    expect(await album.getLabel()).toBe('Dateien');
    expect(text('.amplify-s3-album-empty')).toBe('Hier gibt es noch keine Dateien.');

    const storage = TestBed.inject(StorageService);
    await lastValueFrom(storage.put(`${fixture.componentInstance.album}one.txt`, 'eins'));
    fixture.debugElement.query(By.directive(S3Album)).componentInstance.refresh();
    await waitFor('one file listed', async () => (await album.getStatusText()) === '1 Datei');

    intl.fileCount = (files) => `${files} Datei(en)`;
    intl.changes.next();
    await waitFor(
      'the status line in the new words',
      async () => (await album.getStatusText()) === '1 Datei(en)',
    );
  });

  /** The storage browser once it lists its folder: a file of 1500 bytes and a folder. */
  async function listedBrowser(): Promise<StorageBrowserHarness> {
    const { browserFolder } = fixture.componentInstance;
    const storage = TestBed.inject(StorageService);
    await lastValueFrom(storage.put(`${browserFolder}eins.txt`, 'x'.repeat(1500)));
    await lastValueFrom(storage.put(`${browserFolder}fotos/zwei.txt`, 'zwei'));
    fixture.debugElement.query(By.directive(StorageBrowser)).componentInstance.refresh();
    const browser = await loader().getHarness(StorageBrowserHarness);
    await waitFor('the folder listed', async () => (await browser.getNames()).length === 2);
    return browser;
  }
  const browserSize = (name: string) =>
    text(
      `[data-key="${fixture.componentInstance.browserFolder}${name}"] .amplify-storage-browser-size`,
    );

  it('words the storage browser in German (StorageBrowserIntl), sizes included (StorageIntl)', async () => {
    const browser = await listedBrowser();
    expect(await (await browser.host()).getAttribute('aria-label')).toBe('Dateibrowser');
    expect((await browser.getBreadcrumbs())[0]).toBe('Alle Dateien');
    expect(await browser.getStatusText()).toBe('1 Ordner, 1 Datei');
    expect(await browser.getActions()).toContain('Neuer Ordner');
    expect(browserSize('fotos/')).toBe('Ordner');
    expect(browserSize('eins.txt')).toBe('1,5 kB');

    await browser.clickEntry('eins.txt');
    await browser.clickAction('Eigenschaften');
    const panel = await until(
      () => browser.getPanelText(),
      (shown) => !!shown?.includes('1,5 kB'),
      'the properties with the German size',
    );
    expect(panel).toContain('Eigenschaften von eins.txt');
  });

  it('words the storage browser again after a string of either Intl changes at run time', async () => {
    const browser = await listedBrowser();
    browserIntl.browserCount = (folders, files) => `${folders} + ${files}`;
    browserIntl.browserLocation = 'Ort';
    browserIntl.changes.next();
    await waitFor('the new status line', async () => (await browser.getStatusText()) === '1 + 1');
    // The location chooser is a component of its own: it listens too.
    expect(text('amplify-storage-browser-location .amplify-storage-browser-field span')).toBe(
      'Ort',
    );

    intl.formatSize = (bytes) => `${bytes} B`;
    intl.changes.next();
    await until(
      async () => browserSize('eins.txt'),
      (size) => size === '1500 B',
      'the size in the new words',
    );
  });
});
