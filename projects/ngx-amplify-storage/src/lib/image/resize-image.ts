import { StorageError } from '../errors/storage-error';

/** The image types `resizeImage` encodes to: those every current browser's canvas can write. */
export type ResizedImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** How `resizeImage` shrinks an image. */
export interface ResizeImageOptions {
  /** Widest the result may be, in pixels (a whole number, 1 or more). */
  maxWidth: number;
  /** Tallest the result may be, in pixels (a whole number, 1 or more). */
  maxHeight: number;
  /** Type to encode as; default the file's own type when it is PNG, JPEG or WebP, else JPEG. */
  type?: ResizedImageType;
  /** Encoder quality for JPEG and WebP, 0 to 1; default 0.9. PNG ignores it. */
  quality?: number;
}

/** A width and a height in pixels. */
export interface ImageSize {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

// The file name endings of each type; the first is the one a renamed file gets.
const EXTENSIONS: Record<ResizedImageType, readonly string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
};

const DEFAULT_QUALITY = 0.9;

/**
 * The size of a `width` × `height` image scaled down to fit within `maxWidth` × `maxHeight`,
 * keeping its aspect ratio; never scaled up. Each side is rounded to whole pixels and is at
 * least 1 (a 1000×1 line fitted into 10×10 is 10×1, not 10×0).
 */
export function fitWithin(
  width: number,
  height: number,
  maxWidth: number,
  maxHeight: number,
): ImageSize {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  if (scale === 1) return { width, height };
  // Rounding a side no larger than its (whole) limit never takes it past the limit.
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * `name` with its extension changed to match `type` (`x.png` as JPEG is `x.jpg`); kept as it is
 * when it already matches (`x.jpeg` as JPEG), and given one when it has none.
 */
export function renameForType(name: string, type: ResizedImageType): string {
  const lower = name.toLowerCase();
  if (EXTENSIONS[type].some((extension) => lower.endsWith(extension))) return name;
  const dot = name.lastIndexOf('.');
  // A leading dot (".photo") is part of the name, not an extension.
  const base = dot > 0 ? name.slice(0, dot) : name;
  return base + EXTENSIONS[type][0];
}

/**
 * Scales an image file down to fit within `maxWidth` × `maxHeight`, keeping its aspect ratio,
 * for use as a picker's `processFile`. The image is decoded with its EXIF orientation applied, so
 * a portrait photo stays upright. An image already inside the box is returned as it is (the same
 * File, not re-encoded). Otherwise the result is a new File encoded as `type` at `quality`, with
 * the same name (its extension changed when the type changes) and `lastModified`.
 *
 * Rejects with a StorageError: `InvalidOption` (with `field`) for bad options, checked first;
 * `InvalidBody` when the file is not an image this browser can decode or encode.
 */
export async function resizeImage(file: File, options: ResizeImageOptions): Promise<File> {
  const { maxWidth, maxHeight } = options;
  checkSide(maxWidth, 'maxWidth');
  checkSide(maxHeight, 'maxHeight');
  const type = options.type ?? defaultType(file.type);
  checkType(type);
  const quality = options.quality ?? DEFAULT_QUALITY;
  checkQuality(quality);

  const bitmap = await decode(file);
  try {
    const size = fitWithin(bitmap.width, bitmap.height, maxWidth, maxHeight);
    if (size.width === bitmap.width && size.height === bitmap.height) return file;
    const blob = await draw(bitmap, size, type, quality, file.name);
    // A browser that cannot write `type` writes PNG instead (Safari and WebP): name the file for what it holds.
    const written = isResizedImageType(blob.type) ? blob.type : type;
    return new File([blob], renameForType(file.name, written), {
      type: written,
      lastModified: file.lastModified,
    });
  } finally {
    bitmap.close();
  }
}

function defaultType(type: string): ResizedImageType {
  return isResizedImageType(type) ? type : 'image/jpeg';
}

function isResizedImageType(type: string): type is ResizedImageType {
  return Object.prototype.hasOwnProperty.call(EXTENSIONS, type);
}

function checkSide(value: number, field: 'maxWidth' | 'maxHeight'): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new StorageError(
      'InvalidOption',
      `${field} is ${String(value)}; give a whole number of pixels, 1 or more.`,
      { field },
    );
  }
}

function checkType(type: string): void {
  if (!isResizedImageType(type)) {
    throw new StorageError(
      'InvalidOption',
      `type is ${JSON.stringify(type)}; give image/jpeg, image/png or image/webp.`,
      {
        field: 'type',
      },
    );
  }
}

function checkQuality(quality: number): void {
  if (typeof quality !== 'number' || !(quality >= 0 && quality <= 1)) {
    throw new StorageError(
      'InvalidOption',
      `quality is ${String(quality)}; give a number from 0 to 1 (default ${DEFAULT_QUALITY}).`,
      {
        field: 'quality',
      },
    );
  }
}

async function decode(file: File): Promise<ImageBitmap> {
  if (typeof createImageBitmap !== 'function') {
    throw new StorageError(
      'InvalidBody',
      `${file.name} could not be resized: this browser cannot decode images (no createImageBitmap).`,
    );
  }
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (error) {
    throw new StorageError(
      'InvalidBody',
      `${file.name} (${file.type || 'of unknown type'}) is not an image this browser can decode; give a PNG, JPEG or WebP image.`,
      { cause: error },
    );
  }
}

/** Draws `bitmap` at `size` and encodes it, on an OffscreenCanvas where there is one, else on a `<canvas>`. */
async function draw(
  bitmap: ImageBitmap,
  size: ImageSize,
  type: ResizedImageType,
  quality: number,
  name: string,
): Promise<Blob> {
  let encode: () => Promise<Blob>;
  let context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(size.width, size.height);
    context = canvas.getContext('2d');
    encode = () => canvas.convertToBlob({ type, quality });
  } else {
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    context = canvas.getContext('2d');
    encode = () => toBlob(canvas, type, quality);
  }
  if (!context)
    throw new StorageError(
      'InvalidBody',
      `${name} could not be resized: this browser gave no 2D canvas.`,
    );
  if (type === 'image/jpeg') {
    // JPEG has no transparency: without a background, transparent pixels would turn black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
  }
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  try {
    return await encode();
  } catch (error) {
    throw new StorageError(
      'InvalidBody',
      `${name} could not be encoded as ${type}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no image'))),
      type,
      quality,
    ),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
