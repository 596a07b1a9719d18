// Helpers of the display components' specs: small real images, presigned expiries and image fetches.

// A 1x1 opaque PNG: the smallest real image a browser decodes.
const PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A 1x1 PNG image as a Blob of type image/png. */
export function pixelPng(): Blob {
  const bytes = Uint8Array.from(atob(PIXEL_PNG_BASE64), (char) => char.charCodeAt(0));
  return new Blob([bytes], { type: 'image/png' });
}

/** When a presigned URL stops working, from its X-Amz-Date and X-Amz-Expires (epoch ms). */
export function presignedExpiry(url: string): number {
  const params = new URL(url).searchParams;
  const date = params.get('X-Amz-Date') ?? '';
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!match) throw new Error(`No X-Amz-Date in ${url}`);
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return (
    Date.UTC(year, month - 1, day, hour, minute, second) +
    Number(params.get('X-Amz-Expires')) * 1000
  );
}

/** Image fetches the page has made for keys containing `fragment` (Resource Timing API). */
export function imageFetches(fragment: string): PerformanceResourceTiming[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
    (entry) => entry.initiatorType === 'img' && decodeURIComponent(entry.name).includes(fragment),
  );
}
