import { isStorageError } from '../errors/storage-error';
import { BrowserActionName, StorageBrowserIntl } from './storage-browser-intl';

/** A message the storage browser shows in place: `error` ones are announced as alerts. */
export interface BrowserMessage {
  /** An error, or news of a finished action. */
  kind: 'error' | 'info';
  /** The sentence shown. */
  text: string;
}

/**
 * The sentence for a failed `action` on `name`, in the user's words: a refusal by the server says
 * so plainly; other library errors keep their own message, which says what to do.
 */
export function failureText(
  intl: StorageBrowserIntl,
  action: BrowserActionName | 'list',
  name: string,
  error: unknown,
): string {
  if (isStorageError(error)) {
    switch (error.code) {
      case 'AccessDenied':
        return intl.browserRefused(intl.browserVerb(action));
      case 'NotFound':
        return intl.browserNotFound(name);
      case 'NetworkError':
        return intl.browserNetwork;
      case 'Cancelled':
        return intl.browserCancelled;
      default:
        return error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
