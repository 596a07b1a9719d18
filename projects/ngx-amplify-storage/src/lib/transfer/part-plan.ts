import { StorageError } from '../errors/storage-error';
import { MIN_PART_SIZE } from './transfer-options';

/** S3 allows at most 10,000 parts in one multipart upload. */
export const MAX_PARTS = 10_000;
/** S3's largest object: 5 TiB. */
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;

/** How an upload is cut into parts. */
export interface PartPlan {
  /** Bytes per part (the last may be smaller). */
  partSize: number;
  /** Number of parts. */
  partCount: number;
}

/**
 * Cuts `size` bytes into parts of `preferredPartSize`, doubling the part size until the upload
 * fits in 10,000 parts, as Amplify v6 does; throws above S3's 5 TiB object limit.
 */
export function planParts(size: number, preferredPartSize = MIN_PART_SIZE): PartPlan {
  if (size > MAX_OBJECT_SIZE) {
    throw new StorageError(
      'InvalidBody',
      `The body is ${size} bytes; S3 stores objects of at most 5 TiB.`,
      { field: 'body' },
    );
  }
  let partSize = Math.max(preferredPartSize, MIN_PART_SIZE);
  while (Math.ceil(size / partSize) > MAX_PARTS) partSize *= 2;
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** The byte range `[start, end)` of part `partNumber` (1-based). */
export function partRange(partNumber: number, plan: PartPlan, size: number): [number, number] {
  const start = (partNumber - 1) * plan.partSize;
  return [start, Math.min(start + plan.partSize, size)];
}
