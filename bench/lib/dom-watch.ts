// What the component bench pages measure the same way, with the page's own clocks so that nothing
// outside the page adds latency: each DOM change inside the component, followed to the frame that
// paints it (requestAnimationFrame runs just before that frame's style, layout and paint, and a
// message posted from there is handled right after it); when it has settled; its node count; and
// its listing requests (Resource Timing).

/** The DOM changes inside a component, in performance.now() ms, and when each was painted. */
export interface DomWatch {
  /** The component's element, once rendered. */
  host(): HTMLElement | null;
  /** When each change happened. */
  readonly mutations: number[];
  /** The end of the frame that painted each change, by the time of the change. */
  readonly paints: Map<number, number>;
}

/** Starts watching the element `selector` (call before bootstrap); `onChange` sees each change inside it. */
export function watchDom(selector: string, onChange?: (at: number) => void): DomWatch {
  performance.setResourceTimingBufferSize(100_000);
  const watch: DomWatch = {
    host: () => document.querySelector<HTMLElement>(selector),
    mutations: [],
    paints: new Map(),
  };
  new MutationObserver((records) => {
    const inside = records.some((record) => {
      const node = record.target instanceof Element ? record.target : record.target.parentElement;
      return node?.closest(selector) != null;
    });
    if (!inside) return;
    const at = performance.now();
    watch.mutations.push(at);
    onChange?.(at);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => watch.paints.set(at, performance.now());
      channel.port2.postMessage(undefined);
    });
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  return watch;
}

/** How `whenSettled` tells that the component has settled. */
export interface Settling {
  /** True once the component says it is done (e.g. listed everything). */
  ready(host: HTMLElement): boolean;
  /** What must stay the same for `quietMs` (by default the number of DOM changes). */
  state?(host: HTMLElement | null): string;
  quietMs: number;
  timeoutMs: number;
  /** The component, for the error. */
  name: string;
}

/**
 * Resolves with the host and its last change once it is ready, that change is painted, and its
 * state has not changed for `quietMs`; rejects after `timeoutMs`.
 */
export function whenSettled(
  watch: DomWatch,
  settling: Settling,
): Promise<{ host: HTMLElement; last: number }> {
  const { ready, state = () => String(watch.mutations.length), quietMs, timeoutMs } = settling;
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    let seen: string | undefined;
    let since = performance.now();
    const check = () => {
      const host = watch.host();
      const last = watch.mutations[watch.mutations.length - 1];
      const now = state(host);
      if (now !== seen) {
        seen = now;
        since = performance.now();
      }
      if (host && ready(host) && watch.paints.has(last) && performance.now() - since >= quietMs)
        resolve({ host, last });
      else if (performance.now() > deadline)
        reject(
          new Error(
            `the ${settling.name} did not settle (status ${host?.getAttribute('data-status')})`,
          ),
        );
      else setTimeout(check, 50);
    };
    check();
  });
}

/** Every node under `root` (elements, text, comments), `root` itself not counted. */
export function nodesUnder(root: Node): number {
  let nodes = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes++;
  return nodes;
}

/** The ListObjectsV2 requests made so far: how many, the first start, the first and last response ends. */
export function listTimes(): {
  listRequests: number;
  listStart: number;
  listEnd: number;
  firstPageEnd: number;
} {
  const lists = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
    (entry) => entry.name.includes('list-type=2'),
  );
  return {
    listRequests: lists.length,
    listStart: Math.min(...lists.map((entry) => entry.startTime)),
    listEnd: Math.max(...lists.map((entry) => entry.responseEnd)),
    firstPageEnd: Math.min(...lists.map((entry) => entry.responseEnd)),
  };
}
