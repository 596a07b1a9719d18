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

  it('names a subject that is not a key in the middle of a sentence as it is written there', () => {
    const denied = new StorageError('AccessDenied', 'x');
    expect(displayErrorOf(denied, 'This album', 'this album').message).toBe(
      'You do not have access to this album.',
    );
    expect(displayErrorOf(denied, 'Photos/Cat.png').message).toBe(
      'You do not have access to Photos/Cat.png.',
    );
    expect(
      displayErrorOf(new StorageError('NotFound', 'x'), 'This album', 'this album').message,
    ).toMatch(/^This album was not found/);
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
