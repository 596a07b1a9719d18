import {
  BrowserAction,
  canRead,
  canWrite,
  browsableLevels,
  permittedActions,
  writableLevels,
} from './browser-access';
import { arrangeEntries, BrowserEntry, entriesOf, nameOf, nextSort, rowsOf } from './browser-entry';
import { movedIndex, pickSelection } from './browser-keys';
import {
  breadcrumbs,
  keyInFolder,
  nameProblem,
  parentOf,
  renamedKey,
  typedFolder,
  uploadKey,
} from './browser-path';
import { plausibleIdentityId } from './browser-location-picker';
import { appliesTo } from './browser-toolbar';

const file = (name: string, size: number, day: number): BrowserEntry => ({
  kind: 'file',
  key: `f/${name}`,
  name,
  size,
  lastModified: new Date(Date.UTC(2026, 0, day)),
});
const folder = (name: string): BrowserEntry => ({ kind: 'folder', key: `f/${name}/`, name });

describe('storage browser rules', () => {
  describe('entries', () => {
    it('turns a folded listing into folders then files, leaving out the folder marker itself', () => {
      const entries = entriesOf(
        {
          folders: ['docs/a/'],
          items: [
            { key: 'docs/', size: 0, eTag: '"x"', lastModified: new Date(0) },
            { key: 'docs/b.txt', size: 3, eTag: '"y"', lastModified: new Date(1) },
          ],
        },
        'docs/',
      );
      expect(entries.map((e) => `${e.kind} ${e.key} ${e.name}`)).toEqual([
        'folder docs/a/ a',
        'file docs/b.txt b.txt',
      ]);
    });

    it('names keys by their last segment', () => {
      expect(nameOf('a/b/c.txt')).toBe('c.txt');
      expect(nameOf('a/b/')).toBe('b');
      expect(nameOf('top.txt')).toBe('top.txt');
    });

    it('sorts folders first, then by name in numeric order, by size or by date, either way', () => {
      const entries = [file('img10.png', 5, 3), folder('z'), file('img2.png', 50, 1), folder('a')];
      const names = (field: 'name' | 'size' | 'date', direction: 'asc' | 'desc') =>
        arrangeEntries(entries, '', { field, direction }).map((e) => e.name);
      expect(names('name', 'asc')).toEqual(['a', 'z', 'img2.png', 'img10.png']);
      expect(names('name', 'desc')).toEqual(['z', 'a', 'img10.png', 'img2.png']);
      expect(names('size', 'desc')).toEqual(['z', 'a', 'img2.png', 'img10.png']);
      expect(names('date', 'asc')).toEqual(['a', 'z', 'img2.png', 'img10.png']);
    });

    it('filters by name, ignoring case and accents, folders included', () => {
      const entries = [file('Café.txt', 1, 1), file('tea.txt', 1, 1), folder('CAFES')];
      const shown = arrangeEntries(entries, ' cafe ', { field: 'name', direction: 'asc' });
      expect(shown.map((e) => e.name)).toEqual(['CAFES', 'Café.txt']);
      expect(arrangeEntries(entries, 'coffee', { field: 'name', direction: 'asc' })).toEqual([]);
    });

    it('flips the direction on the same field and starts dates newest first', () => {
      expect(nextSort({ field: 'name', direction: 'asc' }, 'name')).toEqual({
        field: 'name',
        direction: 'desc',
      });
      expect(nextSort({ field: 'name', direction: 'asc' }, 'date')).toEqual({
        field: 'date',
        direction: 'desc',
      });
      expect(nextSort({ field: 'date', direction: 'desc' }, 'size')).toEqual({
        field: 'size',
        direction: 'asc',
      });
    });

    it('cuts entries into rows of the number of columns, at least one', () => {
      const entries = [folder('a'), folder('b'), folder('c')];
      expect(rowsOf(entries, 2).map((row) => [row.index, row.entries.length])).toEqual([
        [0, 2],
        [2, 1],
      ]);
      expect(rowsOf(entries, 0).length).toBe(3);
    });
  });

  describe('paths', () => {
    it('builds the breadcrumb trail from the top of the level', () => {
      expect(breadcrumbs('', 'All files')).toEqual([{ name: 'All files', path: '' }]);
      expect(breadcrumbs('a/b/', 'All files')).toEqual([
        { name: 'All files', path: '' },
        { name: 'a', path: 'a/' },
        { name: 'b', path: 'a/b/' },
      ]);
    });

    it('goes up one folder, and stays at the top', () => {
      expect(parentOf('a/b/')).toBe('a/');
      expect(parentOf('a/')).toBe('');
      expect(parentOf('')).toBe('');
    });

    it('refuses empty names, slashes and dot names', () => {
      expect(nameProblem('  ')).toBe('empty');
      expect(nameProblem('a/b')).toBe('slash');
      expect(nameProblem('..')).toBe('dots');
      expect(nameProblem('.')).toBe('dots');
      expect(nameProblem('ok name')).toBeUndefined();
    });

    it('renames within the same folder, keeping a folder a folder', () => {
      expect(renamedKey('a/b.txt', ' c.txt ')).toBe('a/c.txt');
      expect(renamedKey('b.txt', 'c.txt')).toBe('c.txt');
      expect(renamedKey('a/old/', 'new')).toBe('a/new/');
    });

    it('places a copied entry in the destination folder under its own name', () => {
      expect(keyInFolder('a/b.txt', 'x/')).toBe('x/b.txt');
      expect(keyInFolder('a/sub/', '')).toBe('sub/');
    });

    it('reads a typed folder, trimming slashes, and refuses empty or dot segments', () => {
      expect(typedFolder('')).toBe('');
      expect(typedFolder(' /photos/2024/ ')).toBe('photos/2024/');
      expect(typedFolder('a//b')).toBeUndefined();
      expect(typedFolder('../x')).toBeUndefined();
      expect(typedFolder('a/./b')).toBeUndefined();
    });

    it('keys an upload by its path inside a picked folder, else by its name', () => {
      expect(uploadKey('docs/', { name: 'a.txt', relativePath: 'trip/day1/a.txt' })).toBe(
        'docs/trip/day1/a.txt',
      );
      expect(uploadKey('', { name: 'a.txt', relativePath: '' })).toBe('a.txt');
      expect(uploadKey('x/', { name: 'a.txt' })).toBe('x/a.txt');
    });

    it('takes only plausible identity IDs', () => {
      expect(plausibleIdentityId(' us-east-1:abc ')).toBeTrue();
      expect(plausibleIdentityId('')).toBeFalse();
      expect(plausibleIdentityId('a/b')).toBeFalse();
      expect(plausibleIdentityId('a b')).toBeFalse();
    });
  });

  describe('permissions', () => {
    const guest = { guest: true };
    const user = { guest: false };

    it('lets everyone write public files', () => {
      expect(permittedActions({ level: 'public' }, guest)).toEqual([
        'upload',
        'createFolder',
        'download',
        'copy',
        'move',
        'rename',
        'delete',
        'properties',
        'link',
      ]);
    });

    it("offers only read actions on a guest's protected files and on another user's", () => {
      const readOnly: BrowserAction[] = ['download', 'copy', 'properties', 'link'];
      expect(permittedActions({ level: 'protected' }, guest)).toEqual(readOnly);
      expect(permittedActions({ level: 'protected', identityId: 'us-east-1:x' }, user)).toEqual(
        readOnly,
      );
      expect(canWrite({ level: 'protected' }, user)).toBeTrue();
    });

    it('offers nothing at private to a guest, and private only to its owner', () => {
      expect(permittedActions({ level: 'private' }, guest)).toEqual([]);
      expect(canRead({ level: 'private', identityId: 'us-east-1:x' }, user)).toBeFalse();
      expect(browsableLevels(['public', 'protected', 'private'], guest)).toEqual([
        'public',
        'protected',
      ]);
      expect(browsableLevels(['public', 'protected', 'private'], user)).toEqual([
        'public',
        'protected',
        'private',
      ]);
    });

    it('copies or moves only into the levels the user writes', () => {
      expect(writableLevels(['public', 'protected', 'private'], guest)).toEqual(['public']);
      expect(writableLevels(['public', 'protected', 'private'], user)).toEqual([
        'public',
        'protected',
        'private',
      ]);
    });

    it('enables each selection action only for a selection it applies to', () => {
      const one = [file('a', 1, 1)];
      expect(appliesTo('download', [])).toBeFalse();
      expect(appliesTo('rename', [...one, folder('b')])).toBeFalse();
      expect(appliesTo('properties', [folder('b')])).toBeFalse();
      expect(appliesTo('link', one)).toBeTrue();
      expect(appliesTo('download', [folder('b')])).toBeFalse();
      expect(appliesTo('delete', [folder('b'), ...one])).toBeTrue();
    });
  });

  describe('keyboard and selection', () => {
    const list = { count: 10, columns: 1, pageRows: 4 };
    const grid = { count: 10, columns: 3, pageRows: 2 };

    it('moves by one in the list and by a row in the grid, within bounds', () => {
      expect(movedIndex('ArrowDown', -1, list)).toBe(0);
      expect(movedIndex('ArrowDown', 9, list)).toBe(9);
      expect(movedIndex('ArrowUp', 0, list)).toBe(0);
      expect(movedIndex('ArrowRight', 2, list)).toBeUndefined();
      expect(movedIndex('ArrowDown', 1, grid)).toBe(4);
      expect(movedIndex('ArrowRight', 1, grid)).toBe(2);
      expect(movedIndex('ArrowLeft', 0, grid)).toBe(0);
      expect(movedIndex('ArrowDown', 8, grid)).toBe(9);
    });

    it('goes to the ends, and a page at a time', () => {
      expect(movedIndex('Home', 5, list)).toBe(0);
      expect(movedIndex('End', 0, list)).toBe(9);
      expect(movedIndex('PageDown', 0, list)).toBe(3);
      expect(movedIndex('PageUp', 9, list)).toBe(6);
      expect(movedIndex('x', 0, list)).toBeUndefined();
      expect(movedIndex('ArrowDown', -1, { count: 0, columns: 1, pageRows: 4 })).toBeUndefined();
    });

    it('selects one, toggles with Ctrl, extends with Shift from the anchor', () => {
      const shown = ['a', 'b', 'c', 'd'];
      const multiple = { multiple: true };
      expect(pickSelection(shown, ['a'], 0, 2, multiple)).toEqual({ keys: ['c'], anchor: 2 });
      expect(pickSelection(shown, ['a'], 0, 2, { ...multiple, toggle: true })).toEqual({
        keys: ['a', 'c'],
        anchor: 2,
      });
      expect(pickSelection(shown, ['a', 'c'], 2, 2, { ...multiple, toggle: true })).toEqual({
        keys: ['a'],
        anchor: 2,
      });
      expect(pickSelection(shown, ['b'], 1, 3, { ...multiple, range: true })).toEqual({
        keys: ['b', 'c', 'd'],
        anchor: 1,
      });
      expect(pickSelection(shown, ['b'], 1, 0, { ...multiple, range: true })).toEqual({
        keys: ['a', 'b'],
        anchor: 1,
      });
      expect(pickSelection(shown, ['b'], 1, 3, { multiple: false, range: true })).toEqual({
        keys: ['d'],
        anchor: 3,
      });
      expect(pickSelection(shown, ['b'], 1, 7, multiple)).toEqual({ keys: ['b'], anchor: 1 });
    });
  });
});
