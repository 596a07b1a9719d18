import { StorageError } from '../errors/storage-error';
import { displayErrorOf, unreadableError } from './display-error';

describe('display errors', () => {
  it('explains a missing object, denied access and an unreachable server', () => {
    expect(displayErrorOf(new StorageError('NotFound', 'x'), 'a/cat.png')).toEqual({
      code: 'NotFound',
      message: 'a/cat.png was not found. It may have been deleted or moved.',
    });
    expect(displayErrorOf(new StorageError('AccessDenied', 'x'), 'k').code).toBe('AccessDenied');
    expect(displayErrorOf(new StorageError('NetworkError', 'x'), 'k').message).toMatch(
      /did not answer/,
    );
  });

  it("keeps the library's own message for other storage errors", () => {
    expect(displayErrorOf(new StorageError('InvalidKey', 'The key is empty.'), '')).toEqual({
      code: 'InvalidKey',
      message: 'The key is empty.',
    });
  });

  it('gives a generic sentence for anything else, never the raw error', () => {
    expect(displayErrorOf(new Error('<b>boom</b>'), 'k')).toEqual({
      code: 'Unknown',
      message: 'k could not be loaded.',
    });
  });

  it('says when an existing object cannot be shown', () => {
    expect(unreadableError('k.png', 'image')).toEqual({
      code: 'Unreadable',
      message: 'k.png exists but could not be shown as an image.',
    });
  });
});
