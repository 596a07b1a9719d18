// Watches the storage browser from before bootstrap (bench/lib/dom-watch.ts, with the page's own
// clocks): the end of listing (responseEnd of the last ListObjectsV2 response), each DOM change
// inside amplify-storage-browser followed to the frame that paints it, and the final DOM once it
// has been quiet for a while: its node and element counts and the entries rendered.
import { listTimes, nodesUnder, watchDom, whenSettled } from '../lib/dom-watch';

/** What `window.browserBench.result()` resolves to; times in ms on the page's performance.now() clock. */
export interface BrowserFigures {
  listRequests: number;
  listStart: number;
  listEnd: number;
  /** The last change to the browser's DOM, and the end of the frame that painted it. */
  finalDom: number;
  finalPaint: number;
  /** Entries listed (from the status line) and entries rendered (role=option). */
  statusText: string;
  optionsRendered: number;
  /** Elements and all nodes under amplify-storage-browser. */
  browserElements: number;
  browserNodes: number;
}

declare global {
  interface Window {
    browserBench: { result(quietMs?: number, timeoutMs?: number): Promise<BrowserFigures> };
  }
}

/** Starts watching; call before bootstrap. */
export function startMeasuring(): void {
  const watch = watchDom('amplify-storage-browser');
  window.browserBench = {
    result: async (quietMs = 1000, timeoutMs = 120_000) => {
      const { host, last } = await whenSettled(watch, {
        name: 'browser',
        ready: (element) => element.getAttribute('data-status') === 'done',
        quietMs,
        timeoutMs,
      });
      const { listRequests, listStart, listEnd } = listTimes();
      return {
        listRequests,
        listStart,
        listEnd,
        finalDom: last,
        finalPaint: watch.paints.get(last)!,
        statusText:
          host.querySelector('.amplify-storage-browser-status')?.textContent?.trim() ?? '',
        optionsRendered: host.querySelectorAll('[role="option"]').length,
        browserElements: host.getElementsByTagName('*').length,
        browserNodes: nodesUnder(host),
      };
    },
  };
}
