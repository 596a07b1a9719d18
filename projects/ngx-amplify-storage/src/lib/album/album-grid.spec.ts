import { GridShape, columnsFor, nextIndex, rowsOf } from './album-grid';

describe('album grid', () => {
  it('fits whole tiles across the width, at least one', () => {
    expect(columnsFor(800, 160)).toBe(5);
    expect(columnsFor(799, 160)).toBe(4);
    expect(columnsFor(100, 160)).toBe(1);
    expect(columnsFor(0, 160)).toBe(1);
    expect(columnsFor(800, 0)).toBe(1);
  });

  it('splits items into rows with their start index', () => {
    expect(rowsOf([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      { start: 0, items: [1, 2, 3] },
      { start: 3, items: [4, 5, 6] },
      { start: 6, items: [7] },
    ]);
    expect(rowsOf([], 3)).toEqual([]);
  });

  describe('keyboard navigation in 10 items of 4 columns', () => {
    // 0 1 2 3
    // 4 5 6 7
    // 8 9
    const shape: GridShape = { count: 10, columns: 4, pageRows: 2 };

    it('moves one tile left and right, stopping at the ends', () => {
      expect(nextIndex(5, 'ArrowRight', shape)).toBe(6);
      expect(nextIndex(3, 'ArrowRight', shape)).toBe(4);
      expect(nextIndex(9, 'ArrowRight', shape)).toBe(9);
      expect(nextIndex(4, 'ArrowLeft', shape)).toBe(3);
      expect(nextIndex(0, 'ArrowLeft', shape)).toBe(0);
    });

    it('moves one row up and down, into the last item of a shorter last row', () => {
      expect(nextIndex(1, 'ArrowDown', shape)).toBe(5);
      expect(nextIndex(5, 'ArrowDown', shape)).toBe(9);
      expect(nextIndex(6, 'ArrowDown', shape)).toBe(9);
      expect(nextIndex(9, 'ArrowDown', shape)).toBe(9);
      expect(nextIndex(8, 'ArrowDown', shape)).toBe(8);
      expect(nextIndex(9, 'ArrowUp', shape)).toBe(5);
      expect(nextIndex(2, 'ArrowUp', shape)).toBe(2);
    });

    it('goes to the first and last item with Home and End', () => {
      expect(nextIndex(6, 'Home', shape)).toBe(0);
      expect(nextIndex(6, 'End', shape)).toBe(9);
    });

    it('moves a page of rows with Page Up and Page Down', () => {
      expect(nextIndex(1, 'PageDown', shape)).toBe(9);
      expect(nextIndex(0, 'PageDown', { ...shape, pageRows: 1 })).toBe(4);
      expect(nextIndex(9, 'PageUp', shape)).toBe(1);
      expect(nextIndex(2, 'PageUp', shape)).toBe(0);
    });

    it('ignores other keys and empty albums', () => {
      expect(nextIndex(1, 'a', shape)).toBeUndefined();
      expect(nextIndex(0, 'ArrowRight', { ...shape, count: 0 })).toBeUndefined();
    });
  });
});
