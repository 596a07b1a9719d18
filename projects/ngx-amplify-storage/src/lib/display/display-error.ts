import { StorageErrorCode, isStorageError } from '../errors/storage-error';

/** Why a display component shows its error state instead of the object. */
export type DisplayErrorCode = StorageErrorCode | 'Unreadable' | 'Unknown';

/** The error state of a display component: a code for code, a sentence for people. */
export interface DisplayError {
  /** `NotFound` for a missing object; `Unreadable` when the browser cannot show an existing one. */
  code: DisplayErrorCode;
  /** A sentence to show the user. */
  message: string;
}

/**
 * The error state for a failed call about `key`, in words a user understands. `inSentence` names
 * it inside a sentence when that differs from the start of one, e.g. "This album"/"this album".
 */
export function displayErrorOf(error: unknown, key: string, inSentence = key): DisplayError {
  if (isStorageError(error)) {
    switch (error.code) {
      case 'NotFound':
        return {
          code: 'NotFound',
          message: `${key} was not found. It may have been deleted or moved.`,
        };
      case 'AccessDenied':
        return { code: 'AccessDenied', message: `You do not have access to ${inSentence}.` };
      case 'NetworkError':
        return {
          code: 'NetworkError',
          message: `${key} could not be loaded: the storage server did not answer.`,
        };
      default:
        // The library's own messages already say what to do; they are meant for developers too.
        return { code: error.code, message: error.message };
    }
  }
  return { code: 'Unknown', message: `${key} could not be loaded.` };
}

/** The error state for an object that exists but that the browser could not show. */
export function unreadableError(key: string, what: 'image' | 'text'): DisplayError {
  return {
    code: 'Unreadable',
    message: `${key} exists but could not be shown as ${what === 'image' ? 'an image' : 'text'}.`,
  };
}
