import { StorageError } from '../errors/storage-error';
import { ResizeImageOptions, fitWithin, renameForType, resizeImage } from './resize-image';

const RED = [255, 0, 0] as const;
const BLUE = [0, 0, 255] as const;

/**
 * A real image file made on a canvas: the left half red, the right half blue (or transparent
 * when `transparentRight`), encoded by the browser as `type`.
 */
async function image(
  name: string,
  width: number,
  height: number,
  type = 'image/png',
  transparentRight = false,
): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = 'rgb(255, 0, 0)';
  context.fillRect(0, 0, width / 2, height);
  if (!transparentRight) {
    context.fillStyle = 'rgb(0, 0, 255)';
    context.fillRect(width / 2, 0, width / 2, height);
  }
  const blob = await canvas.convertToBlob({ type, quality: 1 });
  expect(blob.type).withContext('the browser encodes the test image as asked').toBe(type);
  return new File([blob], name, { type, lastModified: 1_700_000_000_000 });
}

/** Decodes `blob` as the browser would show it, and reads its size and a pixel of each half. */
async function decoded(
  blob: Blob,
): Promise<{ width: number; height: number; left: number[]; right: number[] }> {
  const bitmap = await createImageBitmap(blob);
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixel = (x: number) =>
    Array.from(context.getImageData(x, Math.floor(height / 2), 1, 1).data.slice(0, 3));
  return {
    width,
    height,
    left: pixel(Math.floor(width / 4)),
    right: pixel(Math.floor((width * 3) / 4)),
  };
}

/** True when `actual` is within `tolerance` of `expected` on each channel (JPEG shifts colours a little). */
function near(actual: number[], expected: readonly number[], tolerance = 24): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]) <= tolerance);
}

/**
 * `jpeg` with an EXIF block saying orientation `orientation` (6: turn 90° clockwise to show),
 * inserted right after the start-of-image marker.
 */
async function withExifOrientation(jpeg: File, orientation: number): Promise<File> {
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  // APP1: "Exif\0\0", then a big-endian TIFF header and one IFD with the Orientation tag (0x0112, SHORT).
  const tiff = [
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...payload];
  const withExif = new Uint8Array([...bytes.slice(0, 2), ...app1, ...bytes.slice(2)]);
  return new File([withExif], jpeg.name, { type: jpeg.type, lastModified: jpeg.lastModified });
}

describe('fitWithin', () => {
  it('scales down to fit the box, keeping the aspect ratio', () => {
    expect(fitWithin(400, 200, 100, 100)).toEqual({ width: 100, height: 50 });
    expect(fitWithin(200, 400, 100, 100)).toEqual({ width: 50, height: 100 });
    expect(fitWithin(4000, 3000, 1600, 1600)).toEqual({ width: 1600, height: 1200 });
    // The tighter side decides: the height here.
    expect(fitWithin(400, 300, 400, 150)).toEqual({ width: 200, height: 150 });
  });

  it('never scales up, and leaves an image inside or on the box as it is', () => {
    expect(fitWithin(10, 20, 100, 100)).toEqual({ width: 10, height: 20 });
    expect(fitWithin(100, 100, 100, 100)).toEqual({ width: 100, height: 100 });
    expect(fitWithin(100, 40, 100, 100)).toEqual({ width: 100, height: 40 });
  });

  it('rounds to whole pixels, never past the box and never below 1', () => {
    expect(fitWithin(5, 3, 4, 4)).toEqual({ width: 4, height: 2 });
    expect(fitWithin(1001, 999, 1000, 1000)).toEqual({ width: 1000, height: 998 });
    expect(fitWithin(3, 1000, 10, 10)).toEqual({ width: 1, height: 10 });
    expect(fitWithin(1000, 1, 10, 10)).toEqual({ width: 10, height: 1 });
    for (const [width, height] of [
      [1999, 1333],
      [7, 9999],
      [4032, 3024],
      [333, 777],
    ]) {
      const fitted = fitWithin(width, height, 1600, 1000);
      expect(fitted.width).withContext(`${width}×${height}`).toBeLessThanOrEqual(1600);
      expect(fitted.height).withContext(`${width}×${height}`).toBeLessThanOrEqual(1000);
      expect(Number.isInteger(fitted.width) && Number.isInteger(fitted.height)).toBeTrue();
    }
  });
});

describe('renameForType', () => {
  it('changes the extension to match the type, and keeps one that already matches', () => {
    expect(renameForType('x.png', 'image/jpeg')).toBe('x.jpg');
    expect(renameForType('IMG_1.HEIC', 'image/jpeg')).toBe('IMG_1.jpg');
    expect(renameForType('my.holiday.jpeg', 'image/webp')).toBe('my.holiday.webp');
    expect(renameForType('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG');
    expect(renameForType('photo.jpg', 'image/jpeg')).toBe('photo.jpg');
    expect(renameForType('scan', 'image/png')).toBe('scan.png');
    expect(renameForType('.hidden', 'image/png')).toBe('.hidden.png');
  });
});

describe('resizeImage', () => {
  it('scales a PNG down into the box, keeping its type, name, date and content', async () => {
    const file = await image('wide.png', 400, 200);
    const resized = await resizeImage(file, { maxWidth: 100, maxHeight: 100 });

    expect(resized).not.toBe(file);
    expect(resized.name).toBe('wide.png');
    expect(resized.type).toBe('image/png');
    expect(resized.lastModified).toBe(file.lastModified);
    const { width, height, left, right } = await decoded(resized);
    expect([width, height]).toEqual([100, 50]);
    expect(near(left, RED)).withContext(`left ${left}`).toBeTrue();
    expect(near(right, BLUE)).withContext(`right ${right}`).toBeTrue();
  });

  it('scales a JPEG down as JPEG at the default quality, and a lower quality makes a smaller file', async () => {
    const file = await image('tall photo.jpg', 300, 600, 'image/jpeg');
    const resized = await resizeImage(file, { maxWidth: 200, maxHeight: 200 });
    expect(resized.name).toBe('tall photo.jpg');
    expect(resized.type).toBe('image/jpeg');
    expect((await decoded(resized)).width).toBe(100);
    expect((await decoded(resized)).height).toBe(200);

    // A busy picture, where JPEG quality shows in the size.
    const canvas = new OffscreenCanvas(400, 400);
    const context = canvas.getContext('2d')!;
    for (let i = 0; i < 400; i += 4) {
      context.fillStyle = `hsl(${i}, 80%, 50%)`;
      context.fillRect(i, (i * 7) % 400, 4, 400);
    }
    const busy = new File([await canvas.convertToBlob({ type: 'image/png' })], 'busy.png', {
      type: 'image/png',
    });
    const high = await resizeImage(busy, {
      maxWidth: 300,
      maxHeight: 300,
      type: 'image/jpeg',
      quality: 1,
    });
    const low = await resizeImage(busy, {
      maxWidth: 300,
      maxHeight: 300,
      type: 'image/jpeg',
      quality: 0.1,
    });
    const usual = await resizeImage(busy, { maxWidth: 300, maxHeight: 300, type: 'image/jpeg' });
    expect(low.size).toBeLessThan(usual.size);
    expect(usual.size).toBeLessThan(high.size);
  });

  it('returns an image already inside the box as it is, the same File', async () => {
    const file = await image('small.png', 80, 60);
    expect(await resizeImage(file, { maxWidth: 100, maxHeight: 100 })).toBe(file);
    expect(await resizeImage(file, { maxWidth: 80, maxHeight: 60 }))
      .withContext('exactly the box')
      .toBe(file);
    expect(await resizeImage(file, { maxWidth: 1600, maxHeight: 1600, type: 'image/jpeg' }))
      .withContext('even with another type')
      .toBe(file);
  });

  it('changes the extension when the type changes', async () => {
    const png = await image('x.png', 400, 200);
    const jpeg = await resizeImage(png, { maxWidth: 100, maxHeight: 100, type: 'image/jpeg' });
    expect(jpeg.name).toBe('x.jpg');
    expect(jpeg.type).toBe('image/jpeg');
    expect(new Uint8Array(await jpeg.slice(0, 3).arrayBuffer())).toEqual(
      new Uint8Array([0xff, 0xd8, 0xff]),
    );
    expect([(await decoded(jpeg)).width, (await decoded(jpeg)).height]).toEqual([100, 50]);

    const webp = await resizeImage(png, { maxWidth: 100, maxHeight: 100, type: 'image/webp' });
    expect(webp.name).toBe('x.webp');
    expect(webp.type).toBe('image/webp');
    expect(await webp.slice(8, 12).text()).toBe('WEBP');
  });

  it('encodes other image types as JPEG by default', async () => {
    const png = await image('scan.png', 400, 200);
    // The browser decodes by content, so PNG bytes labelled as a BMP stand in for one.
    const bmp = new File([png], 'scan.bmp', { type: 'image/bmp', lastModified: png.lastModified });
    const resized = await resizeImage(bmp, { maxWidth: 100, maxHeight: 100 });
    expect(resized.name).toBe('scan.jpg');
    expect(resized.type).toBe('image/jpeg');
  });

  it('puts transparent areas on white when encoding as JPEG', async () => {
    const file = await image('logo.png', 400, 200, 'image/png', true);
    const resized = await resizeImage(file, { maxWidth: 100, maxHeight: 100, type: 'image/jpeg' });
    const { left, right } = await decoded(resized);
    expect(near(left, RED)).withContext(`left ${left}`).toBeTrue();
    expect(near(right, [255, 255, 255]))
      .withContext(`right ${right}`)
      .toBeTrue();
  });

  it('honours the EXIF orientation, so a turned photo stays upright', async () => {
    const stored = await image('turned.jpg', 400, 200, 'image/jpeg');
    const turned = await withExifOrientation(stored, 6);
    // Orientation 6 shows the stored 400×200 picture as 200×400.
    const resized = await resizeImage(turned, { maxWidth: 100, maxHeight: 100 });
    const { width, height } = await decoded(resized);
    expect([width, height]).toEqual([50, 100]);
    // Without the orientation, the same bytes would have given 100×50.
    expect(
      (await decoded(await resizeImage(stored, { maxWidth: 100, maxHeight: 100 }))).width,
    ).toBe(100);
  });

  it('draws on a <canvas> where there is no OffscreenCanvas', async () => {
    const file = await image('old browser.png', 400, 200);
    const global = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'OffscreenCanvas')!;
    const createElement = spyOn(document, 'createElement').and.callThrough();
    delete global.OffscreenCanvas;
    let resized: File;
    try {
      expect(typeof global.OffscreenCanvas).toBe('undefined');
      resized = await resizeImage(file, { maxWidth: 100, maxHeight: 100, type: 'image/jpeg' });
    } finally {
      Object.defineProperty(globalThis, 'OffscreenCanvas', saved);
    }
    expect(createElement).toHaveBeenCalledWith('canvas');
    expect(resized.name).toBe('old browser.jpg');
    expect(resized.type).toBe('image/jpeg');
    const { width, height, left, right } = await decoded(resized);
    expect([width, height]).toEqual([100, 50]);
    expect(near(left, RED) && near(right, BLUE))
      .withContext(`${left} ${right}`)
      .toBeTrue();
  });

  it('turns bad options away with InvalidOption, naming the field and what to give, before decoding', async () => {
    const file = await image('any.png', 40, 20);
    const notAnImage = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const cases: [Partial<ResizeImageOptions>, string, RegExp][] = [
      [{ maxWidth: 0 }, 'maxWidth', /^maxWidth is 0; give a whole number of pixels, 1 or more\.$/],
      [{ maxWidth: -100 }, 'maxWidth', /^maxWidth is -100; give a whole number/],
      [{ maxWidth: 99.5 }, 'maxWidth', /^maxWidth is 99\.5; give a whole number/],
      [{ maxWidth: NaN }, 'maxWidth', /^maxWidth is NaN; give a whole number/],
      [{ maxWidth: Infinity }, 'maxWidth', /^maxWidth is Infinity; give a whole number/],
      [
        { maxHeight: 0 },
        'maxHeight',
        /^maxHeight is 0; give a whole number of pixels, 1 or more\.$/,
      ],
      [{ maxHeight: 1.5 }, 'maxHeight', /^maxHeight is 1\.5; give a whole number/],
      [
        { quality: -0.1 },
        'quality',
        /^quality is -0\.1; give a number from 0 to 1 \(default 0\.9\)\.$/,
      ],
      [{ quality: 1.01 }, 'quality', /^quality is 1\.01; give a number from 0 to 1/],
      [{ quality: NaN }, 'quality', /^quality is NaN; give a number from 0 to 1/],
      [
        { type: 'image/gif' as never },
        'type',
        /^type is "image\/gif"; give image\/jpeg, image\/png or image\/webp\.$/,
      ],
      [{ type: 'jpeg' as never }, 'type', /^type is "jpeg"; give image\/jpeg/],
    ];
    for (const [bad, field, message] of cases) {
      const options = { maxWidth: 100, maxHeight: 100, ...bad };
      for (const target of [file, notAnImage]) {
        const error = await resizeImage(target, options).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        const what = `${JSON.stringify(bad)} (${String(Object.values(bad)[0])}) on ${target.name}`;
        expect(error).withContext(what).toBeInstanceOf(StorageError);
        expect((error as StorageError).code)
          .withContext(what)
          .toBe('InvalidOption');
        expect((error as StorageError).field)
          .withContext(what)
          .toBe(field);
        expect((error as StorageError).message)
          .withContext(what)
          .toMatch(message);
      }
    }
  });

  it('rejects a file that is not a decodable image with an error naming the file', async () => {
    const text = new File(['just some words'], 'notes.txt', { type: 'text/plain' });
    const fake = new File(['not really a png'], 'fake photo.png', { type: 'image/png' });
    for (const [file, message] of [
      [
        text,
        'notes.txt (text/plain) is not an image this browser can decode; give a PNG, JPEG or WebP image.',
      ],
      [
        fake,
        'fake photo.png (image/png) is not an image this browser can decode; give a PNG, JPEG or WebP image.',
      ],
    ] as const) {
      const error = await resizeImage(file, { maxWidth: 100, maxHeight: 100 }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).withContext(file.name).toBeInstanceOf(StorageError);
      expect((error as StorageError).code).toBe('InvalidBody');
      expect((error as StorageError).message).toBe(message);
      expect((error as StorageError).cause)
        .withContext('the decoder error as cause')
        .toBeDefined();
    }
  });
});
