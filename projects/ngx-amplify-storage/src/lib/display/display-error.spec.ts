import { StorageError } from '../errors/storage-error';
import { StorageIntl } from '../i18n/storage-intl';
import { displayErrorOf, displayErrorText, unreadableError } from './display-error';

describe('display errors', () => {
  const intl = new StorageIntl();
  const text = (error: unknown, name: string) =>
    displayErrorText(displayErrorOf(error, name), intl);

  it('explains a missing object, denied access and an unreachable server', () => {
    expect(displayErrorOf(new StorageError('NotFound', 'x'), 'a/cat.png')).toEqual({
      code: 'NotFound',
      name: 'a/cat.png',
    });
    expect(text(new StorageError('NotFound', 'x'), 'a/cat.png')).toBe(
      'a/cat.png was not found. It may have been deleted or moved.',
    );
    expect(text(new StorageError('AccessDenied', 'x'), 'k')).toBe('You do not have access to k.');
    expect(text(new StorageError('NetworkError', 'x'), 'k')).toMatch(/did not answer/);
  });

  it("keeps other storage errors' codes but never shows their developer message", () => {
    const error = new StorageError('InvalidKey', 'The key is empty; pass a key.');
    expect(displayErrorOf(error, 'k').code).toBe('InvalidKey');
    expect(text(error, 'k')).toBe('k could not be loaded.');
  });

  it('logs a developer error once with its own message, in dev mode, and never a user-side one', () => {
    const logged = spyOn(console, 'error');
    // A message no other spec uses: each distinct message is logged once per page.
    const message = `The option "size" must be a number; got "big" (${Math.random()}).`;
    const error = new StorageError('InvalidOption', message);
    displayErrorOf(error, 'a/cat.png');
    displayErrorOf(new StorageError('InvalidOption', message), 'a/dog.png');
    expect(logged).toHaveBeenCalledOnceWith(
      'ngx-amplify-storage: a/cat.png could not be shown:',
      error,
    );
    logged.calls.reset();
    displayErrorOf(new StorageError('NotFound', `gone ${Math.random()}`), 'a/cat.png');
    displayErrorOf(new StorageError('AccessDenied', `denied ${Math.random()}`), '');
    displayErrorOf(new Error(`boom ${Math.random()}`), 'k');
    expect(logged).not.toHaveBeenCalled();
  });

  it('gives a generic sentence for anything else, never the raw error', () => {
    expect(displayErrorOf(new Error('<b>boom</b>'), 'k').code).toBe('Unknown');
    expect(text(new Error('<b>boom</b>'), 'k')).toBe('k could not be loaded.');
  });

  it('names an album at the root of its level, at the start of a sentence and inside one', () => {
    expect(text(new StorageError('AccessDenied', 'x'), '')).toBe(
      'You do not have access to this album.',
    );
    expect(text(new StorageError('NotFound', 'x'), '')).toMatch(/^This album was not found/);
  });

  it('says when an existing object cannot be shown', () => {
    expect(displayErrorText(unreadableError('k.png', 'image'), intl)).toBe(
      'k.png exists but could not be shown as an image.',
    );
    expect(displayErrorText(unreadableError('k.txt', 'text'), intl)).toBe(
      'k.txt exists but could not be shown as text.',
    );
  });
});
