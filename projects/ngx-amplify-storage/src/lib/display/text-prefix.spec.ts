import {
  assertMaxBytes,
  decodeTextPrefix,
  firstCharacters,
  rangeHeader,
  utf8BytesFor,
} from './text-prefix';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('text prefixes', () => {
  it('decodes a whole object as it is, a broken last byte included', () => {
    expect(decodeTextPrefix(utf8('héllo'), false)).toBe('héllo');
    expect(decodeTextPrefix(new Uint8Array(), false)).toBe('');
    // Not cut by a range: a stray lead byte at the end is the object's own, shown as U+FFFD.
    expect(decodeTextPrefix(new Uint8Array([0x61, 0xc3]), false)).toBe('a\uFFFD');
  });

  it('leaves out a character cut at the range end, at every cut of 2-, 3- and 4-byte characters', () => {
    for (const character of ['é', '€', '😀']) {
      const bytes = utf8(`ab${character}`);
      for (let cut = 3; cut < bytes.length; cut++) {
        expect(decodeTextPrefix(bytes.subarray(0, cut), true))
          .withContext(`${character} cut after ${cut} bytes`)
          .toBe('ab');
      }
      expect(decodeTextPrefix(bytes, true)).toBe(`ab${character}`);
    }
  });

  it('asks for the first bytes with a Range header, or for the whole object without one', () => {
    expect(rangeHeader(1)).toEqual({ Range: 'bytes=0-0' });
    expect(rangeHeader(1120)).toEqual({ Range: 'bytes=0-1119' });
    expect(rangeHeader(undefined)).toEqual({});
    expect(utf8BytesFor(280)).toBe(1120);
  });

  it('refuses a maxBytes that is not a whole number of bytes from 1 up, naming the field', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => assertMaxBytes(bad))
        .withContext(String(bad))
        .toThrowMatching(
          (error) =>
            (error as { code?: string; field?: string }).code === 'InvalidOption' &&
            (error as { field?: string }).field === 'maxBytes' &&
            (error as Error).message.includes(`maxBytes is ${bad}`),
        );
    }
    expect(() => assertMaxBytes(1)).not.toThrow();
    expect(() => assertMaxBytes(undefined)).not.toThrow();
  });

  it('keeps the first characters without splitting a surrogate pair', () => {
    expect(firstCharacters('abc', 5)).toBe('abc');
    expect(firstCharacters('abcdef', 3)).toBe('abc');
    // '😀' is two UTF-16 units: a cut between them would leave half a character.
    expect(firstCharacters('a😀b', 2)).toBe('a');
    expect(firstCharacters('a😀b', 3)).toBe('a😀');
  });
});
