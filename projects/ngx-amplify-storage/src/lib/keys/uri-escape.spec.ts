import { uriEscape } from './uri-escape';

describe('uriEscape', () => {
  it('escapes the five characters encodeURIComponent keeps, in upper-case hex', () => {
    expect(uriEscape("!'()*")).toBe('%21%27%28%29%2A');
  });

  it('keeps the unreserved characters and escapes the rest, slashes included', () => {
    expect(uriEscape('AZaz09-._~')).toBe('AZaz09-._~');
    expect(uriEscape('a b/c?d=e&f+g#h')).toBe('a%20b%2Fc%3Fd%3De%26f%2Bg%23h');
  });

  it('encodes non-ASCII text as UTF-8 bytes', () => {
    expect(uriEscape('é😀')).toBe('%C3%A9%F0%9F%98%80');
  });
});
