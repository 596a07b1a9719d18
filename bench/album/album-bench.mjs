// Album bench (issue 3, "Measured"): an amplify-s3-album over 10,000 objects, in a production build
// of bench/album in headless Chromium against plain s3rver. Per round, a fresh browser context
// loads the page and, without any scrolling, the page itself (measure.ts) records:
//   1. the time from the end of listing (responseEnd of the last ListObjectsV2 response) to the
//      first paint of the album in its final state (the frame after its last DOM change);
//   2. the DOM nodes under amplify-s3-album;
//   3. the image requests made.
// bench/run.mjs calls albumBench() as its own section; `node bench/album/album-bench.mjs` runs it alone
// (ALBUM_BENCH_DIST=<folder with index.html> reuses an earlier build of the page).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, startThrowawayBackend } from '../../tools/browser-stack.cjs';
import { buildBenchPage } from '../lib/bench-page.mjs';
import {
  PATH,
  PNG,
  SEED_CONCURRENCY,
  loadRounds,
  seed,
  VIEWPORT,
} from '../lib/component-bench.mjs';
import { BENCH_ORIGINS } from '../lib/static-server.mjs';
import { fixed, markdownTable, max, median, min, textTable } from '../lib/stats.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OBJECTS = 10_000;
const ROUNDS = 3;

/**
 * Builds the page, seeds `objects` objects into `backend` (a plain-s3rver local backend, `enforce: false`),
 * measures `rounds` page loads, and prints the figures with `log`. Resolves to { markdown } (lines
 * for the README), or throws. Cleans up what it started, also on failure.
 */
export async function albumBench({
  backend,
  work,
  chromiumPath = CHROMIUM_PATH,
  log = console.log,
  section = (title) => log(`\n## ${title}\n`),
  objects = OBJECTS,
  rounds = ROUNDS,
}) {
  section(
    `Album over ${objects.toLocaleString('en')} objects (amplify-s3-album, production build, no scrolling; ${rounds} page loads)`,
  );
  let pageDir = process.env.ALBUM_BENCH_DIST;
  if (!pageDir) {
    pageDir = await buildBenchPage('album', join(work, 'album-build'), log);
  }

  const seconds = await seed(backend, objects);
  log(
    `Seeded ${objects.toLocaleString('en')} objects of ${PNG.length} B under public/${PATH} in ${seconds.toFixed(1)} s (${SEED_CONCURRENCY} PUTs at a time, straight to s3rver)`,
  );

  const { results, version } = await loadRounds({
    pageDir,
    backend,
    chromiumPath,
    rounds,
    result: () => window.albumBench.result(),
    // The image requests to s3rver as Playwright sees them, to cross-check Resource Timing's.
    watch: (page, s3Origin) => {
      let imageRequests = 0;
      page.on(
        'request',
        (request) =>
          request.resourceType() === 'image' &&
          request.url().startsWith(s3Origin) &&
          imageRequests++,
      );
      return () => ({ seenImageRequests: imageRequests });
    },
  });

  const first = results[0];
  if (results.some((r) => r.itemsShown !== objects))
    log(
      `WARNING: the album showed ${results.map((r) => r.itemsShown).join(', ')} items, not ${objects}.`,
    );
  const stat = (values, digits = 0) =>
    `${fixed(median(values), digits)} (${fixed(min(values), digits)}–${fixed(max(values), digits)})`;
  const of = (pick) => results.map(pick);
  const toPaint = of((r) => r.finalPaint - r.listEnd);
  const rows = [
    ['figure (median of rounds, min–max)', 'value'],
    ['End of listing → first paint of the listed album, ms', stat(toPaint)],
    [
      '  … → last DOM change (script: parse last page, merge, sort, render), ms',
      stat(of((r) => r.finalDom - r.listEnd)),
    ],
    [
      'DOM nodes under amplify-s3-album (elements)',
      stat(of((r) => r.albumNodes)) + ` (${stat(of((r) => r.albumElements))})`,
    ],
    [
      'Image requests before any scrolling (Resource Timing / seen by Playwright)',
      `${stat(of((r) => r.imageRequests))} / ${stat(of((r) => r.seenImageRequests))}`,
    ],
    [
      '  … of distinct objects (of which tiles rendered at the end)',
      `${stat(of((r) => r.imageKeys))} (${stat(of((r) => r.imageKeysOfFinalTiles))})`,
    ],
    [
      'Tiles rendered (visible in the viewport)',
      `${stat(of((r) => r.tilesRendered))} (${stat(of((r) => r.tilesVisible))}), ${first.rowsRendered} rows × ${first.columns} columns`,
    ],
    ['Items in the album', stat(of((r) => r.itemsShown))],
    [
      'Listing: requests, and first request → last response, ms',
      `${first.listRequests}, ${stat(of((r) => r.listEnd - r.listStart))}`,
    ],
    ['First page → first tiles painted, ms', stat(of((r) => r.firstTilesPainted - r.firstPageEnd))],
    ['Elements in the whole document', stat(of((r) => r.documentElements))],
  ];
  log(
    `Chromium ${version}, viewport ${VIEWPORT.width} × ${VIEWPORT.height}, album 960 × 480 px, tiles of 160 px; s3rver at ${backend.s3Endpoint}`,
  );
  log(
    `Load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  log();
  log(textTable(rows));

  const markdown = [
    `Album over ${objects.toLocaleString('en')} objects (\`amplify-s3-album\`, production build, headless Chromium ${version}, 960 × 480 px album, local s3rver; median of ${rounds} page loads, min–max in brackets):`,
    '',
    markdownTable([
      ['Measured', 'Value'],
      [
        'End of listing → first paint of the listed album',
        `${fixed(median(toPaint), 0)} ms (${fixed(min(toPaint), 0)}–${fixed(max(toPaint), 0)})`,
      ],
      [
        'DOM nodes in the album',
        `${fixed(median(of((r) => r.albumNodes)), 0)} (${fixed(median(of((r) => r.albumElements)), 0)} elements), for ${fixed(median(of((r) => r.tilesRendered)), 0)} tiles rendered of ${objects.toLocaleString('en')}`,
      ],
      [
        'Image requests before any scrolling',
        `${fixed(median(of((r) => r.imageRequests)), 0)}, for ${fixed(median(of((r) => r.imageKeys)), 0)} objects, ${fixed(median(of((r) => r.imageKeysOfFinalTiles)), 0)} of them in the tiles rendered at the end (${fixed(median(of((r) => r.tilesVisible)), 0)} visible)`,
      ],
    ]),
  ];
  return { markdown, results };
}

// `node bench/album/album-bench.mjs`: this section alone, with its own backend.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.chdir(ROOT);
  const work = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-album-bench-'));
  let backend;
  try {
    backend = await startThrowawayBackend(work, { enforce: false, corsOrigins: BENCH_ORIGINS });
    const { markdown } = await albumBench({ backend, work });
    console.log('\n## Markdown for the README\n');
    console.log(markdown.join('\n'));
  } catch (error) {
    process.exitCode = 1;
    console.error(`album bench failed: ${error?.stack ?? error}`);
  } finally {
    await backend?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
