// Internal to the testing entry point (not exported): how the harnesses of the components that
// scroll with the library's row scroller (src/lib/scrolling/row-scroller.ts) let it catch up before
// they read or act again.

/** Waits for `count` animation frames: a scroll's event, and so its new rows, come by the next frame. */
export function frames(count: number): Promise<void> {
  return new Promise((resolve) => {
    const step = (left: number) =>
      left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1));
    step(count);
  });
}

/**
 * Lets the scroller see a scroll or key (next frame), render the rows now in view and run change
 * detection (`stabilize`, a harness's `forceStabilize`), then once more for what that rendering
 * changed (the album moves focus to a tile the new rows hold).
 */
export async function settleScroller(stabilize: () => Promise<void>): Promise<void> {
  await frames(2);
  await stabilize();
  await frames(1);
  await stabilize();
}
