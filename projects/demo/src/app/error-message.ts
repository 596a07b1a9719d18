import { isStorageError } from 'ngx-amplify-storage';

/** The text to show for a failed call: StorageError messages already say what to do. */
export function errorMessage(error: unknown): string {
  if (isStorageError(error)) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
