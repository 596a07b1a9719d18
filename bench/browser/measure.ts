// Watches the storage browser from before bootstrap, with the page's own clocks: the end of
// listing (responseEnd of the last ListObjectsV2 response), each DOM change inside
// amplify-storage-browser followed to the frame that paints it (requestAnimationFrame, then a
// message posted from it, handled right after that frame), and the final DOM once it has been
// quiet for a while: its node and element counts and the entries rendered.

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

const LIST = 'list-type=2';

/** Starts watching; call before bootstrap. */
export function startMeasuring(): void {
  performance.setResourceTimingBufferSize(100_000);
  const mutations: number[] = [];
  const paints = new Map<number, number>();
  const host = () => document.querySelector<HTMLElement>('amplify-storage-browser');

  new MutationObserver((records) => {
    const inside = records.some((record) => {
      const node = record.target instanceof Element ? record.target : record.target.parentElement;
      return node?.closest('amplify-storage-browser') != null;
    });
    if (!inside) return;
    const at = performance.now();
    mutations.push(at);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => paints.set(at, performance.now());
      channel.port2.postMessage(undefined);
    });
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  window.browserBench = {
    result: (quietMs = 1000, timeoutMs = 120_000) =>
      new Promise<BrowserFigures>((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        let seen = -1;
        let since = performance.now();
        const check = () => {
          const element = host();
          const last = mutations[mutations.length - 1];
          if (mutations.length !== seen) {
            seen = mutations.length;
            since = performance.now();
          }
          const settled =
            element?.getAttribute('data-status') === 'done' &&
            paints.has(last) &&
            performance.now() - since >= quietMs;
          if (settled) resolve(figures(element!, last));
          else if (performance.now() > deadline)
            reject(
              new Error(
                `the browser did not settle (status ${element?.getAttribute('data-status')})`,
              ),
            );
          else setTimeout(check, 50);
        };
        check();
      }),
  };

  function figures(element: HTMLElement, last: number): BrowserFigures {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const lists = resources.filter((entry) => entry.name.includes(LIST));
    let nodes = 0;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_ALL);
    while (walker.nextNode()) nodes++;
    return {
      listRequests: lists.length,
      listStart: Math.min(...lists.map((entry) => entry.startTime)),
      listEnd: Math.max(...lists.map((entry) => entry.responseEnd)),
      finalDom: last,
      finalPaint: paints.get(last)!,
      statusText:
        element.querySelector('.amplify-storage-browser-status')?.textContent?.trim() ?? '',
      optionsRendered: element.querySelectorAll('[role="option"]').length,
      browserElements: element.getElementsByTagName('*').length,
      browserNodes: nodes,
    };
  }
}
