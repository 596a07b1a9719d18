import { MAX_OBJECT_SIZE, MAX_PARTS, partRange, planParts } from './part-plan';
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
