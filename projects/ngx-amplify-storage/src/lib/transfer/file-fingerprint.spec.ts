import { FINGERPRINT_SAMPLE, fileFingerprint, sampleRanges } from './file-fingerprint';

describe('file fingerprints for resuming uploads', () => {
  const KiB = 1024;

  it('samples the start, middle and end of a large file, and all of a small one', () => {
    expect(sampleRanges(100)).toEqual([[0, 100]]);
    expect(sampleRanges(3 * FINGERPRINT_SAMPLE)).toEqual([[0, 3 * FINGERPRINT_SAMPLE]]);
    const size = 10 * 1024 * KiB;
    expect(sampleRanges(size)).toEqual([
      [0, 64 * KiB],
      [size / 2 - 32 * KiB, size / 2 + 32 * KiB],
      [size - 64 * KiB, size],
    ]);
  });

  it('tells apart files that share name, size and time but differ in a sampled place', async () => {
    const size = 6 * 1024 * KiB;
    const bytes = new Uint8Array(size).fill(1);
    const file = (content: Uint8Array) =>
      new File([content as BlobPart], 'same.bin', { lastModified: 1 });
    const original = await fileFingerprint(file(bytes));
    expect(await fileFingerprint(file(bytes.slice())))
      .withContext('same content')
      .toBe(original);
    for (const at of [0, size / 2, size - 1]) {
      const changed = bytes.slice();
      changed[at] = 2;
      expect(await fileFingerprint(file(changed)))
        .withContext(`byte ${at} changed`)
        .not.toBe(original);
    }
    expect(
      await fileFingerprint(new File([bytes as BlobPart], 'other.bin', { lastModified: 1 })),
    ).not.toBe(original);
  });
});
