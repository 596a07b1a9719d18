import {
  breadcrumbsOf,
  folderShown,
  mergeFolders,
  parentFolder,
  placeOfKey,
  toAlbumFolder,
} from './album-folder';

describe('album folders', () => {
  it('names a folder by its last segment', () => {
    expect(toAlbumFolder('photos/2024/')).toEqual({
      key: 'photos/2024/',
      name: '2024',
      kind: 'folder',
    });
    expect(toAlbumFolder('top/')).toEqual({ key: 'top/', name: 'top', kind: 'folder' });
  });

  it('shows a folder only when it lies under the root, else the root', () => {
    expect(folderShown('photos/', undefined)).toBe('photos/');
    expect(folderShown('photos/', 'photos/2024/')).toBe('photos/2024/');
    expect(folderShown('', 'a/b/')).toBe('a/b/');
    expect(folderShown('photos/', 'docs/')).toBe('photos/');
    expect(folderShown('photos/', '')).toBe('photos/');
    // 'photos/2024' without the slash is a key prefix, not a folder.
    expect(folderShown('photos/', 'photos/2024')).toBe('photos/');
  });

  it('goes up one folder, never above the root', () => {
    expect(parentFolder('', 'a/b/')).toBe('a/');
    expect(parentFolder('', 'a/')).toBe('');
    expect(parentFolder('', '')).toBe('');
    expect(parentFolder('photos/', 'photos/2024/may/')).toBe('photos/2024/');
    expect(parentFolder('photos/', 'photos/2024/')).toBe('photos/');
    expect(parentFolder('photos/', 'photos/')).toBe('photos/');
    expect(parentFolder('photos/', 'docs/x/')).toBe('photos/');
  });

  it('builds the breadcrumb trail from the root down', () => {
    expect(breadcrumbsOf('', 'a/b/', 'Files')).toEqual([
      { name: 'Files', path: '' },
      { name: 'a', path: 'a/' },
      { name: 'b', path: 'a/b/' },
    ]);
    expect(breadcrumbsOf('photos/', 'photos/2024/', 'Files')).toEqual([
      { name: 'photos', path: 'photos/' },
      { name: '2024', path: 'photos/2024/' },
    ]);
    expect(breadcrumbsOf('photos/', 'elsewhere/', 'Files')).toEqual([
      { name: 'photos', path: 'photos/' },
    ]);
  });

  it('places a stored key in the folder shown, in a sub-folder, or elsewhere', () => {
    expect(placeOfKey('p/', 'p/cat.png')).toEqual({ place: 'file' });
    expect(placeOfKey('p/', 'p/2024/may/cat.png')).toEqual({ place: 'folder', folder: 'p/2024/' });
    expect(placeOfKey('p/', 'q/cat.png')).toEqual({ place: 'elsewhere' });
    expect(placeOfKey('p/', 'p/')).toEqual({ place: 'elsewhere' });
    expect(placeOfKey('', 'cat.png')).toEqual({ place: 'file' });
  });

  it('merges folders while listing, then keeps only those listed and those uploaded meanwhile', () => {
    expect(mergeFolders(['p/b/'], ['p/a/', 'p/b/', 'p/c/'], false)).toEqual([
      'p/a/',
      'p/b/',
      'p/c/',
    ]);
    expect(mergeFolders(['p/b/'], ['p/a/', 'p/b/', 'p/c/'], true)).toEqual(['p/b/']);
    expect(mergeFolders(['p/b/'], ['p/a/'], true, new Set(['p/new/']))).toEqual(['p/b/', 'p/new/']);
  });

  it('orders folders by name with numbers in numeric order', () => {
    expect(mergeFolders(['p/10/', 'p/2/', 'p/b/', 'p/A/'], [], true)).toEqual([
      'p/2/',
      'p/10/',
      'p/A/',
      'p/b/',
    ]);
  });
});
