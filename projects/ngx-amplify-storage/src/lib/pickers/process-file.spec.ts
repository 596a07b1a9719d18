import { StorageError } from '../errors/storage-error';
import { ProcessFile, processPickedFile } from './process-file';
import { TaskLimiter } from '../transfer/task-limiter';

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
      expect(error?.message).toBe(
        'Processing cat photo.png failed: the codec is missing. Nothing was uploaded.',
      );
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

describe('TaskLimiter', () => {
  it('runs at most its limit at once, the rest in order, and frees a slot when a task fails', async () => {
    const limiter = new TaskLimiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task =
      (id: number, fail = false) =>
      async () => {
        started.push(id);
        running++;
        most = Math.max(most, running);
        // A task that spans a few event-loop turns; its length decides no expectation.
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        if (fail) throw new Error(`task ${id} failed`);
        return id;
      };
    const all = Promise.allSettled([1, 2, 3, 4, 5].map((id) => limiter.run(task(id, id === 2))));
    // Two start at once; the others wait for a slot.
    expect(started).toEqual([1, 2]);
    const results = await all;
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    // Every slot is free again, the failed task's too: two new tasks start at once.
    started.length = 0;
    const both = Promise.all([limiter.run(task(6)), limiter.run(task(7)), limiter.run(task(8))]);
    expect(started).toEqual([6, 7]);
    expect(await both).toEqual([6, 7, 8]);
  });
});
