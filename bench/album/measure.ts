// Watches the album from before bootstrap, with the browser's own clocks (performance.now(), the
// Resource Timing entries of the requests) so that nothing outside the page adds latency:
//
// - the end of listing: responseEnd of the last ListObjectsV2 response;
// - DOM changes inside amplify-s3-album (a MutationObserver), each followed to the frame that
//   paints it: requestAnimationFrame runs just before that frame's style, layout and paint, and a
//   message posted from there is handled right after it;
// - the album's final DOM, once neither it nor its images have changed for a quiet period: its
//   element and node counts, and the image requests made so far (no scrolling happens).

/** What `window.albumBench.result()` resolves to; times in ms on the page's performance.now() clock. */
export interface AlbumFigures {
  listRequests: number;
  /** startTime of the first ListObjectsV2 request and responseEnd of the last one. */
  listStart: number;
  listEnd: number;
  /** responseEnd of the first ListObjectsV2 response, and the paint that first showed tiles. */
  firstPageEnd: number;
  firstTilesPainted: number;
  /** The last change to the album's DOM, and the end of the frame that painted it. */
  finalDom: number;
  finalPaint: number;
  /** When the album said it had listed everything (data-status="done"). */
  done: number;
  itemsShown: number;
  tilesRendered: number;
  rowsRendered: number;
  columns: number;
  /** Elements and all nodes (elements, text, comments) under amplify-s3-album, and elements in the document. */
  albumElements: number;
  albumNodes: number;
  documentElements: number;
  /** Image requests made (Resource Timing, initiatorType img), how many loaded, and the last one's end. */
  imageRequests: number;
  imagesLoaded: number;
  lastImageEnd: number;
  /** Distinct objects among the image requests, and how many of those are tiles rendered at the end. */
  imageKeys: number;
  imageKeysOfFinalTiles: number;
  /** Tiles whose box intersects the album's viewport. */
  tilesVisible: number;
}

declare global {
  interface Window {
    albumBench: { result(quietMs?: number, timeoutMs?: number): Promise<AlbumFigures> };
  }
}

const LIST = 'list-type=2';

export function startMeasuring(): void {
  performance.setResourceTimingBufferSize(100_000);
  const mutations: number[] = [];
  const paints = new Map<number, number>();
  let firstTiles: number | undefined;
  let done: number | undefined;

  const album = () => document.querySelector<HTMLElement>('amplify-s3-album');
  new MutationObserver((records) => {
    const changed = records.some((record) => {
      const node = record.target instanceof Element ? record.target : record.target.parentElement;
      return node?.closest('amplify-s3-album') != null;
    });
    if (!changed) return;
    const at = performance.now();
    mutations.push(at);
    if (firstTiles === undefined && album()?.querySelector('amplify-s3-album-tile'))
      firstTiles = at;
    if (done === undefined && album()?.getAttribute('data-status') === 'done') done = at;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => paints.set(at, performance.now());
      channel.port2.postMessage(undefined);
    });
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  window.albumBench = {
    result: (quietMs = 1000, timeoutMs = 120_000) =>
      new Promise<AlbumFigures>((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        // Settled: listed, painted, and neither the DOM nor the images have changed for quietMs
        // (lazy images that the browser defers never complete, so "all complete" cannot be the test).
        let state = '';
        let since = performance.now();
        const check = () => {
          const host = album();
          const last = mutations[mutations.length - 1];
          const images = Array.from(host?.querySelectorAll('img') ?? []);
          const now = `${mutations.length} ${performance.getEntriesByType('resource').length} ${images.filter((image) => image.complete).length}`;
          if (now !== state) {
            state = now;
            since = performance.now();
          }
          const settled =
            host !== null &&
            done !== undefined &&
            paints.has(last) &&
            performance.now() - since >= quietMs;
          if (settled) resolve(figures(host, last));
          else if (performance.now() > deadline)
            reject(
              new Error(`the album did not settle (status ${host?.getAttribute('data-status')})`),
            );
          else setTimeout(check, 50);
        };
        check();
      }),
  };

  function figures(host: HTMLElement, last: number): AlbumFigures {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const lists = resources.filter((entry) => entry.name.includes(LIST));
    const images = resources.filter((entry) => entry.initiatorType === 'img');
    const tiles = Array.from(host.querySelectorAll<HTMLElement>('amplify-s3-album-tile'));
    const viewport = host.querySelector('cdk-virtual-scroll-viewport')!.getBoundingClientRect();
    const firstRow = host.querySelector('.amplify-s3-album-row');
    const finalKeys = new Set(tiles.map((tile) => tile.dataset['key']));
    const imageKeys = new Set(
      images.map((entry) => decodeURIComponent(new URL(entry.name).pathname).split('/public/')[1]),
    );
    let nodes = 0;
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_ALL);
    while (walker.nextNode()) nodes++;
    return {
      listRequests: lists.length,
      listStart: Math.min(...lists.map((entry) => entry.startTime)),
      listEnd: Math.max(...lists.map((entry) => entry.responseEnd)),
      firstPageEnd: Math.min(...lists.map((entry) => entry.responseEnd)),
      firstTilesPainted: paints.get(firstTiles!) ?? NaN,
      finalDom: last,
      finalPaint: paints.get(last)!,
      done: done!,
      itemsShown: Number(tiles[0]?.getAttribute('aria-setsize') ?? 0),
      tilesRendered: tiles.length,
      rowsRendered: host.querySelectorAll('.amplify-s3-album-row').length,
      columns: firstRow?.querySelectorAll('amplify-s3-album-tile').length ?? 0,
      albumElements: host.getElementsByTagName('*').length,
      albumNodes: nodes,
      documentElements: document.getElementsByTagName('*').length,
      imageRequests: images.length,
      imagesLoaded: Array.from(host.querySelectorAll('img')).filter(
        (image) => image.naturalWidth > 0,
      ).length,
      lastImageEnd: Math.max(0, ...images.map((entry) => entry.responseEnd)),
      imageKeys: imageKeys.size,
      imageKeysOfFinalTiles: [...imageKeys].filter((key) => finalKeys.has(key)).length,
      tilesVisible: tiles.filter((tile) => {
        const box = tile.getBoundingClientRect();
        return (
          box.bottom > viewport.top &&
          box.top < viewport.bottom &&
          box.right > viewport.left &&
          box.left < viewport.right
        );
      }).length,
    };
  }
}
