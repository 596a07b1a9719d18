import { EMPTY_FILE_KEY, fileKeyName, uploadKey, whitespaceToUnderscores } from './file-key';

const photo = { name: 'my  holiday\tphoto.jpg', size: 2048, type: 'image/jpeg' };

describe('picker keys (Amplify calcKey)', () => {
  it('turns each whitespace character into one underscore, never collapsing runs', () => {
    expect(whitespaceToUnderscores('a  b\tc\nd\u00a0e')).toBe('a__b_c_d_e');
    expect(whitespaceToUnderscores('plain')).toBe('plain');
  });

  it('keys by the cleaned file name by default', () => {
    expect(fileKeyName(photo, undefined)).toBe('my__holiday_photo.jpg');
    // A falsy fileToKey is the default, as `if (fileToKey)` was in calcKey.
    expect(fileKeyName(photo, '')).toBe('my__holiday_photo.jpg');
    expect(fileKeyName({ ...photo, name: '../../etc/pass wd' }, undefined)).toBe('pass_wd');
  });

  it('uses a string fileToKey as the key, whitespace replaced', () => {
    expect(fileKeyName(photo, 'avatar.png')).toBe('avatar.png');
    expect(fileKeyName(photo, 'my avatar .png')).toBe('my_avatar_.png');
  });

  it('calls a function fileToKey with the file and uses its result, whitespace replaced', () => {
    const seen: unknown[] = [];
    const key = fileKeyName(photo, (file) => {
      seen.push(file);
      return `${file.size} ${file.type}`;
    });
    expect(key).toBe('2048_image/jpeg');
    expect(seen).toEqual([photo]);
  });

  it("uses an object fileToKey's JSON, whitespace replaced", () => {
    expect(fileKeyName(photo, { user: 'ann lee', n: 1 })).toBe('{"user":"ann_lee","n":1}');
    expect(fileKeyName(photo, ['a', 'b'])).toBe('["a","b"]');
  });

  it("gives 'empty_key' when fileToKey gives an empty key", () => {
    expect(fileKeyName(photo, () => '')).toBe(EMPTY_FILE_KEY);
    expect(fileKeyName(photo, () => undefined as unknown as string)).toBe(EMPTY_FILE_KEY);
  });

  it('refuses a function fileToKey that returns something other than a string', () => {
    expect(() => fileKeyName(photo, () => 42 as unknown as string)).toThrowMatching(
      (error) =>
        error.code === 'InvalidOption' &&
        error.field === 'fileToKey' &&
        /returned a number/.test(error.message),
    );
  });

  it('puts path before the fileToKey result, for every kind of fileToKey', () => {
    expect(uploadKey('photos/', photo, undefined)).toBe('photos/my__holiday_photo.jpg');
    expect(uploadKey('photos/', photo, 'fixed.jpg')).toBe('photos/fixed.jpg');
    expect(uploadKey('photos/', photo, (file) => `${file.size}.jpg`)).toBe('photos/2048.jpg');
    expect(uploadKey('photos/', photo, { id: 7 })).toBe('photos/{"id":7}');
    expect(uploadKey('', photo, 'fixed.jpg')).toBe('fixed.jpg');
  });

  it('checks the key like any other, so fileToKey cannot leave its folder', () => {
    expect(() => uploadKey('photos/', photo, '../secret.txt')).toThrowMatching(
      (error) => error.code === 'InvalidKey' && /'\.\.' segment/.test(error.message),
    );
    expect(() => uploadKey('', photo, () => '/rooted.txt')).toThrowMatching(
      (error) => error.code === 'InvalidKey' && /starts with '\/'/.test(error.message),
    );
    expect(() => uploadKey('photos/', photo, 'bell\u0007.txt')).toThrowMatching(
      (error) => error.code === 'InvalidKey' && /control character/.test(error.message),
    );
  });
});
