import {
  AlbumItem,
  arrangeAlbum,
  byKey,
  isFolderMarker,
  largestFirst,
  mergeListing,
  newestFirst,
  oldestFirst,
  tileLabelOf,
  toAlbumItem,
  upsertByKey,
} from './album-item';

function item(key: string, minute: number, size = 1): AlbumItem {
  return toAlbumItem({
    key,
    size,
    eTag: '"e"',
    lastModified: new Date(Date.UTC(2024, 0, 1, 0, minute)),
  });
}

describe('album items', () => {
  it('names a tile by its key under the path when flat, by its file name when browsing folders', () => {
    const nested = { key: 'up/files/big.bin', name: 'big.bin' };
    const top = { key: 'up/big.bin', name: 'big.bin' };
    expect(tileLabelOf(nested, 'up/', true)).toBe('files/big.bin');
    expect(tileLabelOf(top, 'up/', true)).toBe('big.bin');
    expect(tileLabelOf(nested, '', true)).toBe('up/files/big.bin');
    expect(tileLabelOf(nested, 'up/files/', false)).toBe('big.bin');
    // A key outside the path (never listed, but an own upload may be shown) keeps its name.
    expect(tileLabelOf({ key: 'elsewhere/x.txt', name: 'x.txt' }, 'up/', true)).toBe('x.txt');
  });

  it('infers name, content type and kind from the key', () => {
    expect(item('p/cat.JPG', 0)).toEqual(
      jasmine.objectContaining({ name: 'cat.JPG', contentType: 'image/jpeg', kind: 'image' }),
    );
    expect(item('p/notes.md', 0)).toEqual(
      jasmine.objectContaining({ name: 'notes.md', contentType: 'text/markdown', kind: 'text' }),
    );
    expect(item('p/blob', 0)).toEqual(jasmine.objectContaining({ name: 'blob', kind: 'other' }));
  });

  it('sorts newest first by default, breaking ties by key', () => {
    const items = [item('b', 1), item('a', 3), item('d', 2), item('c', 3)];
    expect([...items].sort(newestFirst).map((i) => i.key)).toEqual(['a', 'c', 'd', 'b']);
    expect([...items].sort(oldestFirst).map((i) => i.key)).toEqual(['b', 'd', 'a', 'c']);
    expect([...items].sort(byKey).map((i) => i.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts largest first', () => {
    const items = [item('a', 0, 5), item('b', 0, 50), item('c', 0, 5)];
    expect([...items].sort(largestFirst).map((i) => i.key)).toEqual(['b', 'a', 'c']);
  });

  it('arranges without folder markers, filtered and sorted, leaving the input alone', () => {
    const items = [item('p/', 9), item('p/x.txt', 1), item('p/y.png', 2), item('p/z.png', 3)];
    expect(isFolderMarker(items[0])).toBeTrue();
    const shown = arrangeAlbum(items, (i) => i.kind === 'image', newestFirst);
    expect(shown.map((i) => i.key)).toEqual(['p/z.png', 'p/y.png']);
    expect(arrangeAlbum(items, undefined, byKey).map((i) => i.key)).toEqual([
      'p/x.txt',
      'p/y.png',
      'p/z.png',
    ]);
    expect(items.map((i) => i.key)).toEqual(['p/', 'p/x.txt', 'p/y.png', 'p/z.png']);
  });

  it('replaces an item by key, or adds it', () => {
    const items = [item('a', 1), item('b', 1)];
    const newer = item('b', 5, 99);
    expect(upsertByKey(items, newer)).toEqual([items[0], newer]);
    expect(upsertByKey(items, item('c', 1)).map((i) => i.key)).toEqual(['a', 'b', 'c']);
    expect(items[1].size).toBe(1);
  });

  describe('merging a listing under way', () => {
    const keys = (items: AlbumItem[]) => items.map((i) => i.key);
    const shown = ['a', 'b', 'c', 'd', 'e'].map((key) => item(key, 0));

    it('keeps what was shown beyond the last listed key until the listing completes', () => {
      // A refresh whose first page finds that b was deleted and bb added.
      const page = [item('a', 0), item('bb', 0), item('c', 0)];
      expect(keys(mergeListing(page, shown, false))).toEqual(['a', 'bb', 'c', 'd', 'e']);
      expect(keys(mergeListing([...page, item('e', 0)], shown, true))).toEqual([
        'a',
        'bb',
        'c',
        'e',
      ]);
    });

    it('takes the newly listed version of an item', () => {
      const changed = item('c', 9, 42);
      expect(mergeListing([changed], shown, false).find((i) => i.key === 'c')?.size).toBe(42);
    });

    it('keeps items added meanwhile even when the listing missed them', () => {
      const uploaded = item('b2', 3);
      const merged = mergeListing(
        [item('a', 0), item('c', 0)],
        [...shown, uploaded],
        true,
        new Set(['b2']),
      );
      expect(keys(merged)).toEqual(['a', 'c', 'b2']);
    });

    it('starts from nothing for a new album', () => {
      expect(keys(mergeListing([item('x', 0)], [], false))).toEqual(['x']);
      expect(keys(mergeListing([], [], true))).toEqual([]);
    });
  });
});
