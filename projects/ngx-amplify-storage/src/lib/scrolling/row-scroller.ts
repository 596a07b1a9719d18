import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  NgZone,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { RowRange, ScrollerView, offsetShowing, sameRows, visibleRows } from './visible-rows';

/**
 * A scroller of fixed-height rows that renders only the rows in view and `buffer` more on each
 * side: the album's grid and the storage browser's list. Its content is the caller's `@for` over
 * `renderedRows()`, projected into a window moved down to the first row rendered.
 *
 * Hand-written rather than the CDK's virtual scrolling, which the issue 13 bundle check measured:
 * the album with `CdkVirtualScrollViewport` and `*cdkVirtualFor` put 25.7 kB raw of @angular/cdk,
 * 6.8 kB of @angular/core's IterableDiffer and rxjs schedulers in every app that shows an album
 * (9.8 kB transfer of the photo picker + album app's 46.7 kB, against a 35 kB target); fixed rows
 * need none of its measuring strategies.
 */
@Component({
  selector: 'amplify-row-scroller',
  template: `<div class="amplify-row-scroller-spacer" [style.height.px]="contentHeight()"></div>
    <div class="amplify-row-scroller-window" [style.transform]="windowTransform()">
      <ng-content />
    </div>`,
  styles: `
    :host {
      display: block;
      position: relative;
      overflow: auto;
      contain: strict;
      transform: translateZ(0);
      will-change: scroll-position;
    }
    .amplify-row-scroller-spacer {
      width: 1px;
    }
    .amplify-row-scroller-window {
      position: absolute;
      top: 0;
      left: 0;
      right: 0;
      contain: content;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowScroller<T> {
  /** Every row of the list. */
  readonly rows = input.required<readonly T[]>();
  /** Height of each row, in pixels. */
  readonly rowHeight = input.required<number>();
  /** Rows rendered beyond each edge of the visible area. */
  readonly buffer = input(1);

  private readonly element: HTMLElement = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  /** The scroll offset the range was last computed from (see `scrolled`). */
  private latestOffset = 0;
  /** Changes when a scroll changes the rows to render; the offset itself is `latestOffset`. */
  private readonly scrolledRows = signal(0);
  private readonly height = signal(0);

  /** The scroller's inner width in pixels, once laid out; 0 before. */
  readonly width = signal(0);
  /** The rows rendered. */
  readonly range = computed<RowRange>(
    () => {
      this.scrolledRows();
      return visibleRows(this.view(this.latestOffset));
    },
    { equal: sameRows },
  );
  /** The rows to lay out in the scroller, from `range().start`. */
  readonly renderedRows = computed(() => {
    const { start, end } = this.range();
    return this.rows().slice(start, end);
  });
  /** Height of the whole list, which sizes the scroll bar. */
  protected readonly contentHeight = computed(() => this.rows().length * this.rowHeight());
  /** Moves the rendered rows to where they belong in the list. */
  protected readonly windowTransform = computed(
    () => `translateY(${this.range().start * this.rowHeight()}px)`,
  );

  constructor() {
    const zone = inject(NgZone);
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const element = this.element;
      const measure = () => {
        this.width.set(element.clientWidth);
        this.height.set(element.clientHeight);
        this.scrolled();
      };
      const onScroll = () => this.scrolled();
      measure();
      const observer = new ResizeObserver(measure);
      // Outside Angular's zone, so that a scroll within the rendered rows runs no change detection.
      zone.runOutsideAngular(() => {
        observer.observe(element);
        element.addEventListener('scroll', onScroll, { passive: true });
      });
      destroyRef.onDestroy(() => {
        observer.disconnect();
        element.removeEventListener('scroll', onScroll);
      });
    });
  }

  /** Height of the visible area, in pixels. */
  getViewportSize(): number {
    return this.element.clientHeight;
  }

  /** Pixels scrolled from the top. */
  measureScrollOffset(): number {
    return this.element.scrollTop;
  }

  /** Scrolls to `offset` pixels from the top and renders the rows there. */
  scrollToOffset(offset: number): void {
    this.element.scrollTop = offset;
    this.scrolled();
  }

  /** Scrolls as little as it takes to show the whole of `row`. */
  scrollToRow(row: number): void {
    const offset = offsetShowing(row, this.view(this.element.scrollTop, this.getViewportSize()));
    if (offset !== undefined) this.scrollToOffset(offset);
  }

  private view(offset: number, height = this.height()): ScrollerView {
    return {
      offset,
      height,
      rowHeight: this.rowHeight(),
      rowCount: this.rows().length,
      buffer: this.buffer(),
    };
  }

  /**
   * Reads the scroll offset and signals only when it changes the rows to render: a scroll event
   * comes every frame, and a change detection run for each would cost more than the rows do. The
   * range reads `latestOffset`, so a change of rows or row height still uses the true offset.
   */
  private scrolled(): void {
    this.latestOffset = this.element.scrollTop;
    if (!sameRows(visibleRows(this.view(this.latestOffset)), this.range()))
      this.scrolledRows.update((count) => count + 1);
  }
}
