import { formatMetadataLines, parseMetadataLines } from './metadata-lines';

describe('Metadata as name=value lines', () => {
  it('reads lines, skipping blank ones and trimming spaces', () => {
    expect(parseMetadataLines('description = Sunset, bay\n\n  owner=alice  \n')).toEqual({
      description: 'Sunset, bay',
      owner: 'alice',
    });
    expect(parseMetadataLines('')).toEqual({});
  });

  it('keeps an = inside the value, and allows an empty value', () => {
    expect(parseMetadataLines('query=a=b\nempty=')).toEqual({ query: 'a=b', empty: '' });
  });

  it('names the line it cannot read', () => {
    expect(() => parseMetadataLines('description=ok\njust text')).toThrowError(
      /^Line 2 is not name=value: “just text”/,
    );
    expect(() => parseMetadataLines('=no name')).toThrowError(/^Line 1 is not name=value/);
    expect(() => parseMetadataLines('a=1\na=2')).toThrowError('Line 2 gives “a” a second time.');
  });

  it('writes what it reads, sorted by name', () => {
    const metadata = { owner: 'alice', description: 'Sunset' };
    expect(formatMetadataLines(metadata)).toBe('description=Sunset\nowner=alice');
    expect(parseMetadataLines(formatMetadataLines(metadata))).toEqual(metadata);
  });
});
