import { signal } from '@angular/core';
import { BrowserView } from './browser-access';
import { BrowserEntry } from './browser-entry';
import { BrowserLayout } from './browser-layout';

const file = (name: string, size: number): BrowserEntry => ({
  kind: 'file',
  key: `f/${name}`,
  name,
  size,
});

describe('storage browser layout', () => {
  const entries = signal<readonly BrowserEntry[]>([]);
  const view = signal<BrowserView>('list');
  let layout: BrowserLayout;

  beforeEach(() => {
    entries.set([
      file('b.txt', 1),
      file('a.txt', 3),
      file('c.txt', 2),
      { kind: 'folder', key: 'f/d/', name: 'd' },
    ]);
    view.set('list');
    layout = new BrowserLayout({ entries, view });
  });

  it('shows folders first, then files by the sort chosen from the menu, filtered by name', () => {
    expect(layout.shown().map((entry) => entry.name)).toEqual(['d', 'a.txt', 'b.txt', 'c.txt']);
    layout.chooseSort('size desc');
    expect(layout.sortValue()).toBe('size desc');
    expect(layout.shown().map((entry) => entry.name)).toEqual(['d', 'a.txt', 'c.txt', 'b.txt']);
    layout.filter.set('B.');
    expect(layout.shown().map((entry) => entry.name)).toEqual(['b.txt']);
    expect(layout.folderCount()).toBe(0);
  });

  it('puts one entry a row in the list, and as many tiles as the width holds in the grid', () => {
    layout.width.set(300);
    expect(layout.columns()).toBe(1);
    expect(layout.rows().length).toBe(4);
    view.set('grid');
    // Tiles are 136 px wide: two fit in 300 px.
    expect(layout.columns()).toBe(2);
    expect(layout.rows().map((row) => row.entries.length)).toEqual([2, 2]);
    expect(layout.rowHeight()).toBeGreaterThan(40);
    layout.width.set(0);
    expect(layout.columns()).toBe(1);
  });
});
