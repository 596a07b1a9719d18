// Storage browser bench (issue 15 item 4): amplify-storage-browser opening a folder of 10,000
// objects, in a production build of bench/browser in headless Chromium against plain s3rver. The
// folder is the one the album bench seeds (bench/album/album-bench.mjs); run alone, this seeds it.
// Per round, a fresh browser context loads the page, and the page itself (measure.ts) records the
// time from the end of listing to the first paint of the listed folder, and the DOM nodes.
// Targets: at most 300 ms, at most 400 DOM nodes.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, startThrowawayBackend } from '../../tools/browser-stack.cjs';
import { PATH, loadRounds, seed, VIEWPORT } from '../lib/component-bench.mjs';
import { buildBenchPage } from '../lib/bench-page.mjs';
import { BENCH_ORIGINS } from '../lib/static-server.mjs';
import { fixed, markdownTable, max, median, min, textTable } from '../lib/stats.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OBJECTS = 10_000;
const ROUNDS = 3;
/** The targets. */
const MAX_PAINT_MS = 300;
const MAX_NODES = 400;

/**
 * Builds the page, seeds the folder unless `seeded`, measures `rounds` page loads and prints the
 * figures with `log`. Resolves to { markdown, results }; cleans up what it started.
 */
export async function browserBench({
  backend,
  work,
  seeded = false,
  chromiumPath = CHROMIUM_PATH,
  log = console.log,
  section = (title) => log(`\n## ${title}\n`),
  objects = OBJECTS,
  rounds = ROUNDS,
}) {
  section(
    `Storage browser opening a folder of ${objects.toLocaleString('en')} objects (amplify-storage-browser, production build; ${rounds} page loads)`,
  );
  let pageDir = process.env.BROWSER_BENCH_DIST;
  if (!pageDir) {
    pageDir = await buildBenchPage('browser', join(work, 'browser-build'), log);
  }
  if (!seeded) {
    const seconds = await seed(backend, objects);
    log(
      `Seeded ${objects.toLocaleString('en')} objects under public/${PATH} in ${seconds.toFixed(1)} s`,
    );
  } else
    log(
      `Using the ${objects.toLocaleString('en')} objects the album bench seeded under public/${PATH}`,
    );

  const { results, version } = await loadRounds({
    pageDir,
    backend,
    chromiumPath,
    rounds,
    result: () => window.browserBench.result(),
  });

  const stat = (values) =>
    `${fixed(median(values), 0)} (${fixed(min(values), 0)}–${fixed(max(values), 0)})`;
  const of = (pick) => results.map(pick);
  const toPaint = of((r) => r.finalPaint - r.listEnd);
  const nodes = of((r) => r.browserNodes);
  const verdict = (value, limit) => (value <= limit ? `within ${limit}` : `OVER ${limit}`);
  log(
    `Chromium ${version}, viewport ${VIEWPORT.width} × ${VIEWPORT.height}, browser 960 px wide, list 480 px high; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  log();
  log(
    textTable([
      ['figure (median of rounds, min–max)', 'value'],
      [
        'End of listing → first paint of the listed folder, ms',
        `${stat(toPaint)}, ${verdict(median(toPaint), MAX_PAINT_MS)}`,
      ],
      ['  … → last DOM change (script), ms', stat(of((r) => r.finalDom - r.listEnd))],
      [
        'DOM nodes under amplify-storage-browser (elements)',
        `${stat(nodes)} (${stat(of((r) => r.browserElements))}), ${verdict(median(nodes), MAX_NODES)}`,
      ],
      ['Entries rendered', stat(of((r) => r.optionsRendered))],
      ['Status line', results[0].statusText],
      [
        'Listing: requests, and first request → last response, ms',
        `${results[0].listRequests}, ${stat(of((r) => r.listEnd - r.listStart))}`,
      ],
    ]),
  );
  const markdown = [
    `Storage browser opening a folder of ${objects.toLocaleString('en')} objects (\`amplify-storage-browser\`, list view, production build, headless Chromium ${version}, local s3rver; median of ${rounds} page loads, min–max in brackets; targets ${MAX_PAINT_MS} ms and ${MAX_NODES} nodes):`,
    '',
    markdownTable([
      ['Measured', 'Value'],
      ['End of listing → first paint of the listed folder', `${stat(toPaint)} ms`],
      [
        'DOM nodes in the browser',
        `${stat(nodes)}, for ${fixed(median(of((r) => r.optionsRendered)), 0)} entries rendered of ${objects.toLocaleString('en')}`,
      ],
    ]),
  ];
  if (median(toPaint) > MAX_PAINT_MS || median(nodes) > MAX_NODES)
    log(
      `WARNING: the storage browser misses its targets (${MAX_PAINT_MS} ms, ${MAX_NODES} nodes).`,
    );
  return { markdown, results };
}

// `node bench/browser/browser-bench.mjs`: this section alone, with its own backend.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.chdir(ROOT);
  const work = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-browser-bench-'));
  let backend;
  try {
    backend = await startThrowawayBackend(work, { enforce: false, corsOrigins: BENCH_ORIGINS });
    const { markdown } = await browserBench({ backend, work });
    console.log('\n## Markdown for the README\n');
    console.log(markdown.join('\n'));
  } catch (error) {
    process.exitCode = 1;
    console.error(`storage browser bench failed: ${error?.stack ?? error}`);
  } finally {
    await backend?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
