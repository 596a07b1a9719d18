import { StorageError } from '../errors/storage-error';

/**
 * A picker's `processFile`: turns each accepted file into the file to upload, for example a
 * smaller image (`resizeImage`) or a renamed copy. It may return the same file.
 */
export type ProcessFile = (file: File) => File | Promise<File>;

/**
 * Runs `processFile` on `file` and checks what it gives: a non-empty File. Rejects with a
 * StorageError whose message names the file: `InvalidBody` (with the cause's message) when
 * `processFile` throws or rejects, `InvalidOption` (field `processFile`) when it gives anything else.
 */
export async function processPickedFile(file: File, processFile: ProcessFile): Promise<File> {
  let result: unknown;
  try {
    result = await processFile(file);
  } catch (error) {
    throw new StorageError(
      'InvalidBody',
      `Processing ${file.name} failed: ${causeOf(error)}. Nothing was uploaded.`,
      {
        field: 'processFile',
        cause: error,
      },
    );
  }
  if (!(result instanceof File)) {
    throw new StorageError(
      'InvalidOption',
      `Processing ${file.name} gave ${describe(result)}, not a File; processFile must return (or resolve to) the File to upload. Nothing was uploaded.`,
      { field: 'processFile' },
    );
  }
  if (result.size === 0) {
    throw new StorageError(
      'InvalidOption',
      `Processing ${file.name} gave an empty file (0 bytes); processFile must return the File to upload, with its content. Nothing was uploaded.`,
      { field: 'processFile' },
    );
  }
  return result;
}

/** The cause's message without its final full stop, since the sentence goes on. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().replace(/\.$/, '') || 'no reason given';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Blob) return 'a Blob';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : type === 'undefined' ? 'undefined' : `a ${type}`;
}
