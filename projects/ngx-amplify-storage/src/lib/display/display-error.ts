import { StorageErrorCode, isStorageError } from '../errors/storage-error';
import { StorageIntl } from '../i18n/storage-intl';

/** Why a display component shows its error state instead of the object. */
export type DisplayErrorCode = StorageErrorCode | 'Unreadable' | 'Unknown';

/**
 * The error state of a display component: a code, and the name of what failed. The sentence shown
 * comes from StorageIntl at render time (displayErrorText), never from the error's own message,
 * which is written for developers.
 */
export interface DisplayError {
  /** `NotFound` for a missing object; `Unreadable` when the browser cannot show an existing one. */
  code: DisplayErrorCode;
  /** The key or file name the sentence names; '' for an album at the root of its level. */
  name: string;
  /** For `Unreadable`: what the object could not be shown as. */
  shownAs?: 'image' | 'text';
}

/**
 * Codes that mean the app, not the user or the network, got something wrong: a bad key, option or
 * setting, or a bucket rule that hides a header. The user sees "could not be loaded"; the developer
 * needs the error's own message, which says what to fix.
 */
const DEVELOPER_ERRORS: ReadonlySet<DisplayErrorCode> = new Set<DisplayErrorCode>([
  'InvalidConfig',
  'NoBucket',
  'InvalidKey',
  'KeyTooLong',
  'InvalidIdentityId',
  'InvalidLevel',
  'InvalidExpires',
  'InvalidBody',
  'InvalidOption',
  'MissingETag',
]);

/** Developer messages already logged: an album of bad tiles logs each distinct message once. */
const loggedMessages = new Set<string>();

/**
 * The error state for a failed call about `name` (a key, a file name, or '' for a whole album). In
 * dev mode a developer error is also logged with its own message, since the page shows only a
 * sentence for users and the components have no error output.
 */
export function displayErrorOf(error: unknown, name: string): DisplayError {
  const code = isStorageError(error) ? error.code : 'Unknown';
  if ((typeof ngDevMode === 'undefined' || ngDevMode) && DEVELOPER_ERRORS.has(code)) {
    const message = (error as Error).message;
    if (!loggedMessages.has(message)) {
      loggedMessages.add(message);
      console.error(`ngx-amplify-storage: ${name || 'an album'} could not be shown:`, error);
    }
  }
  return { code, name };
}

/** The error state for an object that exists but that the browser could not show. */
export function unreadableError(name: string, shownAs: 'image' | 'text'): DisplayError {
  return { code: 'Unreadable', name, shownAs };
}

/** The sentence a user sees for `error`, in the app's language. */
export function displayErrorText(error: DisplayError, intl: StorageIntl): string {
  const name = error.name === '' ? intl.thisAlbum : error.name;
  switch (error.code) {
    case 'NotFound':
      return intl.notFound(name);
    case 'AccessDenied':
      return error.name === '' ? intl.accessDeniedToAlbum : intl.accessDenied(name);
    case 'NetworkError':
      return intl.unreachable(name);
    case 'Unreadable':
      return error.shownAs === 'text' ? intl.notText(name) : intl.notAnImage(name);
    default:
      return intl.loadFailed(name);
  }
}
