// Watches the album from before bootstrap (bench/lib/dom-watch.ts, with the page's own clocks):
//
// - the end of listing: responseEnd of the last ListObjectsV2 response;
// - DOM changes inside amplify-s3-album, each followed to the frame that paints it;
// - the album's final DOM, once neither it nor its images have changed for a quiet period: its
//   element and node counts, and the image requests made so far (no scrolling happens).
import { listTimes, nodesUnder, watchDom, whenSettled } from '../lib/dom-watch';

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

/** Starts watching; call before bootstrap. */
export function startMeasuring(): void {
  let firstTiles: number | undefined;
  let done: number | undefined;
  const watch = watchDom('amplify-s3-album', (at) => {
    const album = watch.host();
    if (firstTiles === undefined && album?.querySelector('amplify-s3-album-tile')) firstTiles = at;
    if (done === undefined && album?.getAttribute('data-status') === 'done') done = at;
  });

  window.albumBench = {
    result: async (quietMs = 1000, timeoutMs = 120_000) => {
      // Settled: listed, painted, and neither the DOM nor the images have changed for quietMs
      // (lazy images that the browser defers never complete, so "all complete" cannot be the test).
      const { host, last } = await whenSettled(watch, {
        name: 'album',
        ready: () => done !== undefined,
        state: (album) => {
          const images = Array.from(album?.querySelectorAll('img') ?? []);
          return `${watch.mutations.length} ${performance.getEntriesByType('resource').length} ${images.filter((image) => image.complete).length}`;
        },
        quietMs,
        timeoutMs,
      });
      return figures(host, last);
    },
  };

  function figures(host: HTMLElement, last: number): AlbumFigures {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const images = resources.filter((entry) => entry.initiatorType === 'img');
    const tiles = Array.from(host.querySelectorAll<HTMLElement>('amplify-s3-album-tile'));
    const viewport = host.querySelector('.amplify-s3-album-viewport')!.getBoundingClientRect();
    const firstRow = host.querySelector('.amplify-s3-album-row');
    const finalKeys = new Set(tiles.map((tile) => tile.dataset['key']));
    const imageKeys = new Set(
      images.map((entry) => decodeURIComponent(new URL(entry.name).pathname).split('/public/')[1]),
    );
    return {
      ...listTimes(),
      firstTilesPainted: watch.paints.get(firstTiles!) ?? NaN,
      finalDom: last,
      finalPaint: watch.paints.get(last)!,
      done: done!,
      itemsShown: Number(tiles[0]?.getAttribute('aria-setsize') ?? 0),
      tilesRendered: tiles.length,
      rowsRendered: host.querySelectorAll('.amplify-s3-album-row').length,
      columns: firstRow?.querySelectorAll('amplify-s3-album-tile').length ?? 0,
      albumElements: host.getElementsByTagName('*').length,
      albumNodes: nodesUnder(host),
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
