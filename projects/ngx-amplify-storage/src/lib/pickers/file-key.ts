import { StorageError } from '../errors/storage-error';
import { assertKey } from '../keys/key-rules';
import { PickedFileInfo, fileNameToKeySegment } from './file-rules';

/**
 * How the components key a picked file, as Amplify's `fileToKey`: a function of the file, a fixed
 * key (a string), or an object whose JSON is the key. The result follows the component's `path`.
 */
export type FileToKey = ((file: PickedFileInfo) => string) | string | object;

/** The key Amplify's calcKey gave a `fileToKey` whose result was empty. */
export const EMPTY_FILE_KEY = 'empty_key';

/** Each whitespace character becomes '_', one for one (Amplify's `replace(/\s/g, '_')`). */
export function whitespaceToUnderscores(text: string): string {
  return text.replace(/\s/g, '_');
}

/**
 * The part of a picked file's key after `path`, as Amplify's calcKey made it: the cleaned file
 * name by default; else a string as is, a function's result, or an object's JSON; 'empty_key'
 * when that is empty. Whitespace becomes '_' in every case.
 */
export function fileKeyName(file: PickedFileInfo, fileToKey: FileToKey | undefined): string {
  // A falsy fileToKey ('' included) means the default, as `if (fileToKey)` did in calcKey.
  if (!fileToKey) return fileNameToKeySegment(file.name);
  let name: unknown;
  if (typeof fileToKey === 'string') name = fileToKey;
  else if (typeof fileToKey === 'function')
    name = (fileToKey as (file: PickedFileInfo) => unknown)(file);
  else name = JSON.stringify(fileToKey);
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new StorageError(
      'InvalidOption',
      `fileToKey returned a ${typeof name}; return the key as a string, such as 'photos/cat.jpg'.`,
      { field: 'fileToKey' },
    );
  }
  return whitespaceToUnderscores(name || EMPTY_FILE_KEY);
}

/**
 * The key a picked file is uploaded to: `path` followed by fileKeyName, checked like any key (so a
 * `fileToKey` cannot climb out of its level with '..'); throws InvalidKey otherwise.
 */
export function uploadKey(
  path: string,
  file: PickedFileInfo,
  fileToKey: FileToKey | undefined,
): string {
  return assertKey(`${path}${fileKeyName(file, fileToKey)}`);
}
