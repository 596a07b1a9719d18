// Internal to the testing entry point (not exported): what the harnesses of the components that
// show images (S3Image, the album's tiles) mean by a loaded image.
import { TestElement } from '@angular/cdk/testing';

/** True when `image` (an `<img>`, or null when none is rendered) has loaded and been decoded. */
export async function isDecoded(image: TestElement | null): Promise<boolean> {
  if (!image) return false;
  const [complete, width] = await Promise.all([
    image.getProperty<boolean>('complete'),
    image.getProperty<number>('naturalWidth'),
  ]);
  return complete && width > 0;
}
