import { toggleSelection } from './album-selection';

describe('toggleSelection', () => {
  it('selects nothing in none mode, keeping the keys as they are', () => {
    const keys = ['a.png'];
    const next = toggleSelection('none', keys, 'b.png');
    expect(next.keys).toBe(keys);
    expect(next.added).toBeFalse();
  });

  it('replaces the selection in single mode, even with the key already selected', () => {
    expect(toggleSelection('single', ['a.png', 'b.png'], 'c.png')).toEqual({
      keys: ['c.png'],
      added: true,
    });
    expect(toggleSelection('single', ['a.png'], 'a.png')).toEqual({ keys: ['a.png'], added: true });
  });

  it('adds a key at the end in multiple mode, in the order selected', () => {
    expect(toggleSelection('multiple', ['b.png'], 'a.png')).toEqual({
      keys: ['b.png', 'a.png'],
      added: true,
    });
  });

  it('removes a key already selected in multiple mode, keeping the others in order', () => {
    expect(toggleSelection('multiple', ['a.png', 'b.png', 'c.png'], 'b.png')).toEqual({
      keys: ['a.png', 'c.png'],
      added: false,
    });
  });
});
