import { StorageError } from '../errors/storage-error';
import { ProcessFile, processPickedFile } from './process-file';

const picked = new File(['picked bytes'], 'cat photo.png', { type: 'image/png' });

/** What `processPickedFile` rejects with, or undefined when it resolves. */
async function failure(processFile: ProcessFile): Promise<StorageError | undefined> {
  return processPickedFile(picked, processFile).then(
    () => undefined,
    (error: StorageError) => error,
  );
}

describe('processPickedFile', () => {
  it('gives the File processFile returns or resolves to, which may be the picked one', async () => {
    const other = new File(['smaller'], 'cat.jpg', { type: 'image/jpeg' });
    expect(await processPickedFile(picked, () => other)).toBe(other);
    expect(await processPickedFile(picked, async () => other)).toBe(other);
    expect(await processPickedFile(picked, (file) => file)).toBe(picked);
  });

  it('names the file and the cause when processFile throws or rejects', async () => {
    const cause = new Error('the codec is missing.');
    for (const processFile of [
      () => {
        throw cause;
      },
      () => Promise.reject(cause),
    ] as ProcessFile[]) {
      const error = await failure(processFile);
      expect(error).toBeInstanceOf(StorageError);
      expect(error?.code).toBe('InvalidBody');
      expect(error?.field).toBe('processFile');
      expect(error?.message).toBe('Processing cat photo.png failed: the codec is missing. Nothing was uploaded.');
      expect(error?.cause).toBe(cause);
    }
    expect((await failure(() => Promise.reject('no memory')))?.message).toBe(
      'Processing cat photo.png failed: no memory. Nothing was uploaded.',
    );
    expect((await failure(() => Promise.reject(new Error(''))))?.message).toBe(
      'Processing cat photo.png failed: no reason given. Nothing was uploaded.',
    );
  });

  it('fails with InvalidOption when processFile gives anything but a non-empty File', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'undefined'],
      [null, 'null'],
      [new Blob(['x']), 'a Blob'],
      ['cat.png', 'a string'],
      [{ name: 'cat.png' }, 'an object'],
    ];
    for (const [value, described] of cases) {
      const error = await failure(() => Promise.resolve(value as File));
      expect(error).withContext(described).toBeInstanceOf(StorageError);
      expect(error?.code).toBe('InvalidOption');
      expect(error?.field).toBe('processFile');
      expect(error?.message).toBe(
        `Processing cat photo.png gave ${described}, not a File; processFile must return (or resolve to) the File to upload. Nothing was uploaded.`,
      );
    }
    const empty = await failure(() => new File([], 'cat.png'));
    expect(empty?.code).toBe('InvalidOption');
    expect(empty?.message).toBe(
      'Processing cat photo.png gave an empty file (0 bytes); processFile must return the File to upload, with its content. Nothing was uploaded.',
    );
  });
});
