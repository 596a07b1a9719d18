import { StorageError } from 'ngx-amplify-storage';
import { isPickerValueEmpty, maxFileCountError, maxFileSizeError } from './picker-rules';

describe('picker value rules', () => {
  const small = new File(['12345'], 'small.txt');
  const large = new File(['x'.repeat(200)], 'large.bin');

  it('counts null, undefined, an empty list and anything not a list as empty', () => {
    expect(isPickerValueEmpty(null)).toBeTrue();
    expect(isPickerValueEmpty(undefined)).toBeTrue();
    expect(isPickerValueEmpty([])).toBeTrue();
    expect(isPickerValueEmpty('a.txt' as never)).toBeTrue();
    expect(isPickerValueEmpty([small])).toBeFalse();
    expect(isPickerValueEmpty(['photos/a.png'])).toBeFalse();
  });

  it('reports more files or keys than allowed, with the limit and the count', () => {
    expect(maxFileCountError([small, 'a.png'], 2)).toBeNull();
    expect(maxFileCountError([small, 'a.png', large], 2)).toEqual({ max: 2, actual: 3 });
    expect(maxFileCountError(null, 1)).toBeNull();
  });

  it('reports the first file over the size, and leaves keys alone', () => {
    expect(maxFileSizeError([small, 'huge-upload.bin'], 100)).toBeNull();
    expect(maxFileSizeError([small, large], 100)).toEqual({
      max: 100,
      actual: 200,
      name: 'large.bin',
    });
    expect(maxFileSizeError([large], 200))
      .withContext('the limit itself is allowed')
      .toBeNull();
  });

  it('turns away a limit that is not a whole number of 1 or more, naming it', () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => maxFileCountError([], bad))
        .withContext(String(bad))
        .toThrowMatching(
          (error) =>
            error instanceof StorageError &&
            error.code === 'InvalidOption' &&
            error.message.includes('maxFileCount'),
        );
      expect(() => maxFileSizeError([], bad))
        .withContext(String(bad))
        .toThrowMatching(
          (error) => error instanceof StorageError && /maxFileSize/.test(error.message),
        );
    }
  });
});
