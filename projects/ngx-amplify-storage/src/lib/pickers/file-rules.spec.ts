import { formatBytes } from '../i18n/format-bytes';
import { checkFiles, fileNameToKeySegment, matchesAccept } from './file-rules';
import { StorageIntl } from '../i18n/storage-intl';

function file(name: string, size: number, type = ''): File {
  return new File([new Uint8Array(size) as BlobPart], name, { type });
}

describe('file rules', () => {
  it('matches accept lists of types, wildcards and extensions', () => {
    const png = file('cat.PNG', 1, 'image/png');
    expect(matchesAccept(png, undefined)).toBeTrue();
    expect(matchesAccept(png, 'image/*')).toBeTrue();
    expect(matchesAccept(png, 'image/png')).toBeTrue();
    expect(matchesAccept(png, '.png, .jpg')).toBeTrue();
    expect(matchesAccept(png, 'text/*,.pdf')).toBeFalse();
    expect(matchesAccept(file('notes.txt', 1, ''), 'image/*')).toBeFalse();
  });

  it('turns away non-matching, empty, too large and surplus files with a reason', () => {
    const files = [
      file('a.png', 10, 'image/png'),
      file('b.pdf', 10, 'application/pdf'),
      file('empty.png', 0, 'image/png'),
      file('big.png', 2_000_001, 'image/png'),
      file('c.png', 10, 'image/png'),
      file('d.png', 10, 'image/png'),
    ];
    const { accepted, rejected } = checkFiles(
      files,
      {
        accept: 'image/*',
        maxFileSize: 2_000_000,
        maxFileCount: 2,
      },
      new StorageIntl(),
    );
    expect(accepted.map((f) => f.name)).toEqual(['a.png', 'c.png']);
    expect(rejected.map((r) => [r.file.name, r.code])).toEqual([
      ['b.pdf', 'NotAccepted'],
      ['empty.png', 'EmptyFile'],
      ['big.png', 'TooLarge'],
      ['d.png', 'TooMany'],
    ]);
    expect(rejected[2].message).toBe('big.png is 2.0 MB; the limit is 2.0 MB.');
    expect(rejected[1].message).toContain('0 bytes');
  });

  it('makes safe key segments from file names', () => {
    expect(fileNameToKeySegment('my holiday photo.jpg')).toBe('my_holiday_photo.jpg');
    expect(fileNameToKeySegment('día  de\tcampo.png')).toBe('día__de_campo.png');
    expect(fileNameToKeySegment('../../etc/passwd')).toBe('passwd');
    expect(fileNameToKeySegment('..\\windows\\evil.txt')).toBe('evil.txt');
    expect(fileNameToKeySegment('..')).toBe('file');
    expect(fileNameToKeySegment('.hidden')).toBe('hidden');
    expect(fileNameToKeySegment('bell\u0007.txt')).toBe('bell.txt');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(25_000_000)).toBe('25 MB');
  });
});
