/** How the entries are laid out, for keyboard moves: one per row, or `columns` per row. */
export interface BrowserLayout {
  /** Entries shown. */
  count: number;
  /** Entries per row: 1 in the list view. */
  columns: number;
  /** Rows that fit in the viewport, for Page Up and Page Down. */
  pageRows: number;
}

/**
 * The index the active entry moves to on `key` (a KeyboardEvent.key), from `index` (-1 for none),
 * or undefined when the key moves nothing. Left and Right move only in the grid view.
 */
export function movedIndex(key: string, index: number, layout: BrowserLayout): number | undefined {
  const { count, columns, pageRows } = layout;
  if (count === 0) return undefined;
  const last = count - 1;
  const from = index < 0 ? -1 : Math.min(index, last);
  const clamp = (to: number) => Math.max(0, Math.min(last, to));
  switch (key) {
    case 'ArrowDown':
      return from < 0 ? 0 : clamp(from + columns);
    case 'ArrowUp':
      return from < 0 ? 0 : clamp(from - columns);
    case 'ArrowRight':
      return columns > 1 ? clamp(from + 1) : undefined;
    case 'ArrowLeft':
      return columns > 1 ? (from < 0 ? 0 : clamp(from - 1)) : undefined;
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return clamp(Math.max(from, 0) + columns * Math.max(1, pageRows - 1));
    case 'PageUp':
      return clamp(Math.max(from, 0) - columns * Math.max(1, pageRows - 1));
    default:
      return undefined;
  }
}

/** The selection after a click or key press on entry `index`. */
export interface SelectionChange {
  /** The selected keys, in the order shown. */
  keys: string[];
  /** Where the next Shift-selection starts. */
  anchor: number;
}

/**
 * The selection after the user picks entry `index` of `shown` (keys in order): alone by default;
 * with `toggle` (Ctrl, Cmd or Space) added or removed; with `range` (Shift) every entry from the
 * anchor to it. Without `multiple`, always just that one.
 */
export function pickSelection(
  shown: readonly string[],
  selected: readonly string[],
  anchor: number,
  index: number,
  how: { toggle?: boolean; range?: boolean; multiple: boolean },
): SelectionChange {
  const key = shown[index];
  if (key === undefined) return { keys: [...selected], anchor };
  if (!how.multiple) return { keys: [key], anchor: index };
  if (how.range) {
    const from = anchor < 0 || anchor >= shown.length ? index : anchor;
    const [low, high] = from <= index ? [from, index] : [index, from];
    return { keys: shown.slice(low, high + 1), anchor: from };
  }
  if (how.toggle) {
    const set = new Set(selected);
    if (set.has(key)) set.delete(key);
    else set.add(key);
    return { keys: shown.filter((k) => set.has(k)), anchor: index };
  }
  return { keys: [key], anchor: index };
}
