import { offsetShowing, sameRows, visibleRows } from './visible-rows';

describe('visibleRows', () => {
  const view = { offset: 0, height: 100, rowHeight: 20, rowCount: 1000, buffer: 1 };

  it('renders the rows in view and the buffer after them at the top', () => {
    expect(visibleRows(view)).toEqual({ start: 0, end: 6 });
  });

  it('renders a partly shown row at each edge and the buffer on both sides', () => {
    // 490 to 590 px shows rows 24 (its last 10 px) to 29 (its first 10 px).
    expect(visibleRows({ ...view, offset: 490 })).toEqual({ start: 23, end: 31 });
  });

  it('stops at the ends of the list', () => {
    expect(visibleRows({ ...view, offset: 19_900 })).toEqual({ start: 994, end: 1000 });
    expect(visibleRows({ ...view, rowCount: 3 })).toEqual({ start: 0, end: 3 });
  });

  it('renders nothing for an empty list or rows without height', () => {
    expect(visibleRows({ ...view, rowCount: 0 })).toEqual({ start: 0, end: 0 });
    expect(visibleRows({ ...view, rowHeight: 0 })).toEqual({ start: 0, end: 0 });
    expect(visibleRows({ ...view, rowHeight: NaN })).toEqual({ start: 0, end: 0 });
  });

  it('renders one row and the buffer before the scroller is measured', () => {
    expect(visibleRows({ ...view, height: 0 })).toEqual({ start: 0, end: 2 });
    expect(visibleRows({ ...view, height: NaN, offset: NaN })).toEqual({ start: 0, end: 2 });
  });

  it('tells ranges apart by their rows', () => {
    expect(sameRows({ start: 1, end: 4 }, { start: 1, end: 4 })).toBeTrue();
    expect(sameRows({ start: 1, end: 4 }, { start: 1, end: 5 })).toBeFalse();
    expect(sameRows({ start: 0, end: 4 }, { start: 1, end: 4 })).toBeFalse();
  });
});

describe('offsetShowing', () => {
  const view = { offset: 400, height: 100, rowHeight: 20, rowCount: 1000, buffer: 1 };

  it('scrolls up to a row above the visible area, putting it at the top', () => {
    expect(offsetShowing(10, view)).toBe(200);
    // Row 19 (380 to 400 px) is cut at the top of a view from 390 px.
    expect(offsetShowing(19, { ...view, offset: 390 })).toBe(380);
  });

  it('scrolls down to a row below the visible area, putting it at the bottom', () => {
    expect(offsetShowing(30, view)).toBe(520);
    // Row 24 (480 to 500 px) ends exactly at the bottom edge: in view.
    expect(offsetShowing(24, view)).toBeUndefined();
  });

  it('leaves a row wholly in view where it is', () => {
    expect(offsetShowing(20, view)).toBeUndefined();
    expect(offsetShowing(22, view)).toBeUndefined();
  });
});
