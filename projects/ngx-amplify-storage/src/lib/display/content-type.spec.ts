import {
  contentTypeFromKey,
  displayKindOf,
  extensionOf,
  fileNameOf,
  uploadContentType,
} from './content-type';

describe('content type from key', () => {
  it('names the file and its extension', () => {
    expect(fileNameOf('photos/2024/cat.jpg')).toBe('cat.jpg');
    expect(fileNameOf('cat.jpg')).toBe('cat.jpg');
    expect(fileNameOf('photos/')).toBe('photos');
    expect(extensionOf('a/b/Cat.JPG')).toBe('jpg');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('a/.env')).toBe('');
    expect(extensionOf('a.b/README')).toBe('');
  });

  it('maps extensions to MIME types, whatever their case', () => {
    expect(contentTypeFromKey('p/cat.PNG')).toBe('image/png');
    expect(contentTypeFromKey('p/cat.jpeg')).toBe('image/jpeg');
    expect(contentTypeFromKey('p/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeFromKey('notes.txt')).toBe('text/plain');
    expect(contentTypeFromKey('data.json')).toBe('application/json');
    expect(contentTypeFromKey('report.pdf')).toBe('application/pdf');
    expect(contentTypeFromKey('no-extension')).toBe('application/octet-stream');
    expect(contentTypeFromKey('strange.xyz')).toBe('application/octet-stream');
  });

  it('shows only browser-decodable images as images, and readable types as text', () => {
    expect(displayKindOf('image/png')).toBe('image');
    expect(displayKindOf('image/webp')).toBe('image');
    expect(displayKindOf('image/tiff')).toBe('other');
    expect(displayKindOf('text/plain; charset=utf-8')).toBe('text');
    expect(displayKindOf('text/html')).toBe('text');
    expect(displayKindOf('application/json')).toBe('text');
    expect(displayKindOf('application/pdf')).toBe('other');
    expect(displayKindOf('application/octet-stream')).toBe('other');
    expect(displayKindOf(contentTypeFromKey('a/b.md'))).toBe('text');
  });

  it("stores an upload under the body's own type, else the key's, else the service's default", () => {
    expect(uploadContentType(new Blob(['x'], { type: 'image/webp' }), 'a.png')).toBe('image/webp');
    expect(uploadContentType(new Blob(['x']), 'a.png')).toBe('image/png');
    expect(uploadContentType('# hi', 'notes.md')).toBe('text/markdown');
    expect(uploadContentType('hi', 'notes')).toBeUndefined();
    expect(uploadContentType(new Uint8Array(1), 'blob.bin')).toBeUndefined();
  });
});
