import { StorageIntl } from '../i18n/storage-intl';
import { listingStatusText as statusText } from './album-listing';

const intl = new StorageIntl();
const listingStatusText = (
  status: Parameters<typeof statusText>[0],
  files: number,
  folders: number,
) => statusText(status, files, folders, intl);

describe('listingStatusText', () => {
  it('says only that files are loading while pages arrive, so screen readers hear no running count', () => {
    expect(listingStatusText('loading', 0, 0)).toBe('Loading files…');
    expect(listingStatusText('more', 500, 3)).toBe('Loading files…');
  });

  it('counts the files once listed, in the singular for one', () => {
    expect(listingStatusText('done', 0, 0)).toBe('0 files');
    expect(listingStatusText('done', 1, 0)).toBe('1 file');
    expect(listingStatusText('done', 2500, 0)).toBe('2500 files');
  });

  it('counts the folders first when browsing folders', () => {
    expect(listingStatusText('done', 2, 1)).toBe('1 folder, 2 files');
    expect(listingStatusText('done', 1, 3)).toBe('3 folders, 1 file');
  });

  it('says nothing on failure: the error itself is shown as an alert', () => {
    expect(listingStatusText('error', 4, 1)).toBe('');
  });
});
