import { MAX_OBJECT_SIZE, MAX_PARTS, partBody, partRange, planParts } from './part-plan';
import { MIN_PART_SIZE } from './transfer-options';

describe('planParts', () => {
  const MiB = 1024 * 1024;

  it('uses 5 MiB parts for ordinary files', () => {
    expect(planParts(64 * MiB)).toEqual({ partSize: 5 * MiB, partCount: 13 });
    expect(planParts(5 * MiB + 1)).toEqual({ partSize: 5 * MiB, partCount: 2 });
  });

  it('never goes below 5 MiB, S3 minimum', () => {
    expect(planParts(64 * MiB, MiB).partSize).toBe(MIN_PART_SIZE);
  });

  it('doubles the part size to stay within 10,000 parts', () => {
    const exactly = planParts(MAX_PARTS * 5 * MiB);
    expect(exactly).toEqual({ partSize: 5 * MiB, partCount: MAX_PARTS });
    const oneMore = planParts(MAX_PARTS * 5 * MiB + 1);
    expect(oneMore).toEqual({ partSize: 10 * MiB, partCount: 5001 });
    const largest = planParts(MAX_OBJECT_SIZE);
    expect(largest.partCount).toBeLessThanOrEqual(MAX_PARTS);
    expect(largest.partSize).toBe(640 * MiB);
  });

  it('refuses more than 5 TiB', () => {
    expect(() => planParts(MAX_OBJECT_SIZE + 1)).toThrowMatching(
      (e) => e.code === 'InvalidBody' && /5 TiB/.test(e.message),
    );
  });

  it('gives each part its byte range, the last one short', () => {
    const plan = planParts(12 * MiB);
    expect(partRange(1, plan, 12 * MiB)).toEqual([0, 5 * MiB]);
    expect(partRange(3, plan, 12 * MiB)).toEqual([10 * MiB, 12 * MiB]);
  });
});

describe('partBody', () => {
  const bytesOf = async (blob: Blob) => Array.from(new Uint8Array(await blob.arrayBuffer()));

  it('sends a range of a byte array as a Blob of those bytes, also from a view at an offset', async () => {
    const buffer = Uint8Array.from({ length: 20 }, (_, i) => i);
    const view = buffer.subarray(4, 16); // 4, 5, ..., 15
    const part = partBody(view, 3, 8);
    expect(part).toBeInstanceOf(Blob);
    expect(await bytesOf(part)).toEqual([7, 8, 9, 10, 11]);
    expect(await bytesOf(partBody(view, 10, 12))).toEqual([14, 15]);
  });

  it('slices a Blob', async () => {
    const blob = new Blob([Uint8Array.from([1, 2, 3, 4, 5])]);
    expect(await bytesOf(partBody(blob, 1, 4))).toEqual([2, 3, 4]);
  });
});
