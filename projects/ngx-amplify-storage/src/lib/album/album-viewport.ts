import { ListRange } from '@angular/cdk/collections';
import { CdkVirtualScrollViewport } from '@angular/cdk/scrolling';

/** What an album learns from its scroller. */
export interface ViewportWatchers {
  /** The scroller's inner width, in pixels, at first and after each resize. */
  width(width: number): void;
  /** The rows rendered, after each change. */
  range(range: ListRange): void;
}

/** Reports the width and the rendered rows of `viewport` until the returned function is called. */
export function watchViewport(
  viewport: CdkVirtualScrollViewport,
  watchers: ViewportWatchers,
): () => void {
  const element = viewport.elementRef.nativeElement;
  const measure = () => {
    watchers.width(element.clientWidth);
    // The CDK only re-measures on window resizes; the album may be resized on its own.
    viewport.checkViewportSize();
  };
  measure();
  const observer = new ResizeObserver(measure);
  observer.observe(element);
  const ranges = viewport.renderedRangeStream.subscribe((range) => watchers.range(range));
  return () => {
    observer.disconnect();
    ranges.unsubscribe();
  };
}
