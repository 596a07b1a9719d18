import { Component, provideZonelessChangeDetection, signal, viewChild } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { until } from '../../../spec-support/async';
import { RowScroller } from './row-scroller';

@Component({
  imports: [RowScroller],
  template: `
    <amplify-row-scroller
      #scroller
      [style.height.px]="height()"
      [rows]="rows()"
      [rowHeight]="rowHeight()"
      [buffer]="1"
    >
      @for (row of scroller.renderedRows(); track row) {
        <div class="row" [style.height.px]="rowHeight()">{{ row }}</div>
      }
    </amplify-row-scroller>
  `,
})
class ScrollerHost {
  readonly rows = signal(Array.from({ length: 1000 }, (_, index) => index));
  readonly rowHeight = signal(20);
  readonly height = signal(100);
  readonly scroller = viewChild.required(RowScroller);
}

describe('RowScroller', () => {
  let fixture: ComponentFixture<ScrollerHost>;
  let element: HTMLElement;

  /** The rows in the DOM, by their text. */
  const rendered = () =>
    Array.from(element.querySelectorAll('.row'), (row) => Number(row.textContent));
  /** Where row `index` is drawn, in pixels from the scroller's visible top. */
  const topOf = (index: number) => {
    const row = Array.from(element.querySelectorAll('.row')).find(
      (candidate) => Number(candidate.textContent) === index,
    )!;
    return row.getBoundingClientRect().top - element.getBoundingClientRect().top;
  };
  /** Waits until the rows in the DOM start at `first`. */
  const renderedFrom = (first: number) =>
    until(
      async () => {
        await fixture.whenStable();
        return rendered();
      },
      (rows) => rows[0] === first,
      `rows rendered from ${first}`,
    );

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    fixture = TestBed.createComponent(ScrollerHost);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
    element = fixture.nativeElement.querySelector('amplify-row-scroller');
    // The first render measures the scroller after it is laid out, then renders what fits.
    await until(
      async () => (await fixture.whenStable(), rendered().length),
      (n) => n === 6,
      '6 rows',
    );
  });

  afterEach(() => fixture.nativeElement.remove());

  it('renders the rows in view and one more below, and is as tall as the whole list', () => {
    expect(rendered()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(element.scrollHeight).toBe(20_000);
    expect(topOf(0)).toBe(0);
  });

  it('renders the rows a scroll brings into view, drawn where they belong', async () => {
    element.scrollTop = 500;
    await renderedFrom(24);
    expect(rendered()).toEqual([24, 25, 26, 27, 28, 29, 30]);
    expect(topOf(25)).toBe(0);
    expect(topOf(24)).toBe(-20);
  });

  it('scrolls as little as it takes to show a row', async () => {
    const scroller = fixture.componentInstance.scroller();
    scroller.scrollToRow(100);
    expect(element.scrollTop).toBe(1920);
    await renderedFrom(95);
    expect(topOf(100)).toBe(80);
    scroller.scrollToRow(97);
    expect(element.scrollTop).toBe(1920);
    scroller.scrollToRow(3);
    expect(element.scrollTop).toBe(60);
    await renderedFrom(2);
    expect(scroller.measureScrollOffset()).toBe(60);
    expect(scroller.getViewportSize()).toBe(100);
  });

  it('uses the true offset when the row height changes after a scroll within the rendered rows', async () => {
    element.scrollTop = 481;
    await renderedFrom(23);
    // 499 renders the same rows as 481, so it changes no signal: the scroller must still know it.
    element.scrollTop = 499;
    await until(
      () => fixture.componentInstance.scroller().measureScrollOffset(),
      (offset) => offset === 499,
      'the scroll to 499',
    );
    fixture.componentInstance.rowHeight.set(5);
    // Rows of 5 px from 499 px: row 99 is at the top (it would be row 96 from 481).
    await renderedFrom(98);
    expect(topOf(100)).toBe(1);
  });

  it('renders more rows when the scroller grows', async () => {
    fixture.componentInstance.height.set(200);
    await until(
      async () => (await fixture.whenStable(), rendered().length),
      (count) => count === 11,
      '11 rows for 200 px',
    );
    expect(rendered()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('renders what is left when the list gets shorter than the scroll offset', async () => {
    element.scrollTop = 10_000;
    await renderedFrom(499);
    fixture.componentInstance.rows.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await until(
      async () => (await fixture.whenStable(), rendered()),
      (rows) => rows.includes(9),
      'the last rows of the shorter list',
    );
    expect(element.scrollTop).toBe(100);
    expect(rendered()).toEqual([4, 5, 6, 7, 8, 9]);
  });
});
