// Transfer figures of `npm run bench` (issue 4, "Measured"): multipart upload throughput and memory
// against @aws-sdk/lib-storage, and download throughput against a plain fetch of a presigned URL,
// with diagnostics that show where the time goes. See bench/README.md, "4. Transfers".
//
// Everything runs in a Chromium of its own, opened over a raw DevTools pipe (raw-chromium.mjs),
// not in the Playwright page of the other sections: Playwright turns the Network domain on, which
// makes Chromium copy request bodies held in memory (lib-storage's parts) but not Blob bodies (the
// library's), and so would flatter the library several times over.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePage } from '../lib/page-bundle.mjs';
import { startStaticServer } from '../lib/static-server.mjs';
import { fixed, markdownTable, max, median, min, quantile, textTable } from '../lib/stats.mjs';
import { openRawPage } from './raw-chromium.mjs';

const MiB = 1024 * 1024;
const FILE_SIZE = 64 * MiB;
// 64 MiB uploads and downloads: every side once per round, sides in rotating order.
const UPLOAD_ROUNDS = 3;
const DOWNLOAD_ROUNDS = 3;
// 1 KiB downloads: sides take turns call by call, as in section 2.
const SMALL_WARMUP = 5;
const SMALL_ROUNDS = 8;
const SMALL_PER_ROUND = 8;
// Memory is sampled this often while an upload runs (CDP Runtime.getHeapUsage and /proc RSS).
const SAMPLE_EVERY_MS = 25;

const UPLOADS = [
  ['library', 'StorageService.put(key, file)'],
  ['libStorage', 'lib-storage Upload({ Body: file })'],
  ['sdkSlicesXhr', "SDK UploadPart of blob.slice(), library's XHR transport"],
  ['sdkSlices', 'SDK UploadPart of blob.slice(), fetch (no progress)'],
];
const DOWNLOADS = [
  ['library', 'StorageService.get(key, { download: true })'],
  ['fetch', '(await fetch(presigned URL)).blob()'],
  ['libraryExposed', 'StorageService.get, Content-Range exposed by the CORS rule (no HEAD)'],
  ['libraryOneRange', 'StorageService.get, downloadChunkSize 1 GiB (one GET, no HEAD)'],
  [
    'fetchRangesFirstAlone',
    "fetch, 16 MiB ranges in the library's order: first range, HEAD, 3 at once",
  ],
  ['fetchRanges', 'fetch, HEAD first, then all 4 ranges of 16 MiB at once'],
  ['xhr', 'one XMLHttpRequest GET of the presigned URL (blob, progress events)'],
];
const BIG_SIDES = [
  'library',
  'fetch',
  'libraryExposed',
  'libraryOneRange',
  'fetchRangesFirstAlone',
  'fetchRanges',
];
const SMALL_SIDES = ['library', 'fetch', 'xhr'];

const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mbps = (ms, bytes = FILE_SIZE) => bytes / 1e6 / (ms / 1000);
const mib = (bytes) => `${fixed(bytes / MiB, 1)} MiB`;
const labelOf = (list, side) => list.find(([s]) => s === side)[1];

/** Runs the transfer measurements against `backend`; prints them with `log` and returns them. */
export async function transferFigures({ backend, chromiumPath, log, section, elapsed }) {
  section(
    `4. Transfers (64 MiB File, 5 MiB parts, 4 at a time; in a Chromium page over a raw DevTools pipe, Network domain off)`,
  );
  const started = Date.now();
  const cleanups = [];
  try {
    const script = await bundlePage('bench/transfers/transfer-page.ts');
    const server = await startStaticServer({
      '/': {
        type: 'text/html',
        body:
          '<!doctype html><meta charset="utf-8"><title>loading</title>' +
          '<script>addEventListener("error", (e) => (window.benchStartError = String(e.error ?? e.message)))</script>' +
          '<script type="module" src="/transfer-page.js"></script>',
      },
      '/transfer-page.js': { type: 'text/javascript', body: script },
    });
    cleanups.push(() => server.close());
    const page = await openRawPage({ executablePath: chromiumPath, url: server.url });
    cleanups.push(() => page.close());
    const settings = {
      s3Endpoint: backend.s3Endpoint,
      bucket: backend.bucket,
      region: backend.region,
    };
    const env = await page.evaluate(`transfers.setup(${JSON.stringify(settings)})`);
    // The File: a file on disk, put into the page's <input type="file"> as a user's pick would.
    const folder = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-bench-file-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'holiday-video.mp4');
    await writeFile(path, generatedBytes(FILE_SIZE));
    const { root } = await page.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await page.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '#file',
    });
    await page.send('DOM.setFileInputFiles', { nodeId, files: [path] });
    const picked = await page.evaluate('transfers.pickedFile()');
    const processes = await chromiumProcesses(page);
    log(
      `Chromium ${page.version} (headless, own process, no Playwright), crossOriginIsolated: ${env.crossOriginIsolated}`,
    );
    log(
      `File: ${picked.name}, ${mib(picked.size)} (${picked.type}) of generated bytes on disk, put into an <input type="file"> with ` +
        `DOM.setFileInputFiles: a File as a picker gives it, whose bytes stay on disk until read.`,
    );
    log(
      `Every uploader: 5 MiB parts, 4 in flight. SDK clients are configured like the library's (checksums WHEN_REQUIRED, static S3RVER key).`,
    );

    const uploads = await uploadRounds(page, processes, log);
    const stored = await page.evaluate(
      `transfers.uploaded(${JSON.stringify(UPLOADS.map(([side]) => side))})`,
    );
    const eTags = new Set(Object.values(stored).map((object) => object.eTag));
    const sizesOk = Object.values(stored).every((object) => object.size === FILE_SIZE);
    log(
      `\nStored objects: ${sizesOk ? `all ${mib(FILE_SIZE)}` : `SIZES DIFFER ${JSON.stringify(stored)}`}; ` +
        `${eTags.size === 1 ? `the same multipart ETag ${[...eTags][0]} from every side (same bytes, same parts)` : `ETAGS DIFFER: ${JSON.stringify(stored)}`}.`,
    );
    log(`(${elapsed()} so far)`);

    const downloads = await downloadRounds(page, log);
    const small = await smallDownloadRounds(page, log);
    log(`\n(section 4 took ${((Date.now() - started) / 1000).toFixed(0)} s; ${elapsed()} so far)`);
    return { uploads, downloads, small, eTagsMatch: eTags.size === 1 && sizesOk };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

/** `size` incompressible, reproducible bytes (xorshift32). */
function generatedBytes(size) {
  const bytes = new Uint8Array(size);
  const words = new Uint32Array(bytes.buffer, 0, size >>> 2);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return bytes;
}

/**
 * The browser's processes, and which renderer runs the bench page: the one whose CPU time grows
 * while the page spins for 300 ms (a browser has a few renderers: the first tab, a spare one).
 */
export async function chromiumProcesses(page) {
  const cpu = async () => (await page.browserSend('SystemInfo.getProcessInfo')).processInfo;
  const before = await cpu();
  await page.evaluate(
    '(() => { const end = performance.now() + 300; while (performance.now() < end); })()',
  );
  const after = await cpu();
  const grown = after
    .filter((p) => p.type === 'renderer')
    .map((p) => ({ id: p.id, grew: p.cpuTime - (before.find((q) => q.id === p.id)?.cpuTime ?? 0) }))
    .sort((a, b) => b.grew - a.grew);
  return { renderer: grown[0].id, all: after.map((p) => p.id) };
}

/** CPU seconds used so far by the renderer and by all of the browser's processes. */
async function cpuSeconds(page, processes) {
  const { processInfo } = await page.browserSend('SystemInfo.getProcessInfo');
  return {
    renderer: processInfo.find((p) => p.id === processes.renderer)?.cpuTime ?? 0,
    chromium: processInfo.reduce((sum, p) => sum + p.cpuTime, 0),
  };
}

async function rssBytes(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // not Linux, or the process is gone
  }
}

async function memorySample(page, processes) {
  const [heap, renderer, ...all] = await Promise.all([
    page.send('Runtime.getHeapUsage'),
    rssBytes(processes.renderer),
    ...processes.all.map(rssBytes),
  ]);
  return {
    // The V8 heap and the ArrayBuffer backing stores (where bytes read from a Blob end up).
    js: heap.usedSize + (heap.backingStorageSize ?? 0),
    renderer,
    chromium: all.reduce((sum, bytes) => sum + bytes, 0),
  };
}

/**
 * Runs `expression` in the page while sampling memory; resolves to its value plus `growth`: the
 * peak of each measure during the run, less its value just before (after a forced GC), and
 * `cpu`: the CPU seconds the renderer and the whole browser used meanwhile.
 */
export async function withMemory(page, processes, expression) {
  await page.send('HeapProfiler.collectGarbage');
  const base = await memorySample(page, processes);
  const peak = { ...base };
  const cpuBefore = await cpuSeconds(page, processes);
  let done = false;
  const running = page.evaluate(expression).finally(() => (done = true));
  running.catch(() => {});
  let samples = 0;
  while (!done) {
    const sample = await memorySample(page, processes);
    samples++;
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], sample[key]);
    await sleep(SAMPLE_EVERY_MS);
  }
  const value = await running;
  const cpuAfter = await cpuSeconds(page, processes);
  const growth = Object.fromEntries(Object.keys(peak).map((key) => [key, peak[key] - base[key]]));
  const cpu = {
    renderer: cpuAfter.renderer - cpuBefore.renderer,
    chromium: cpuAfter.chromium - cpuBefore.chromium,
  };
  return { ...value, growth, cpu, samples };
}

async function uploadRounds(page, processes, log) {
  const sides = UPLOADS.map(([side]) => side);
  const runs = Object.fromEntries(sides.map((side) => [side, []]));
  for (let round = 0; round < UPLOAD_ROUNDS; round++) {
    for (const side of rotate(sides, round)) {
      runs[side].push(
        await withMemory(page, processes, `transfers.upload(${JSON.stringify(side)})`),
      );
    }
  }
  const ms = (side) => median(runs[side].map((run) => run.ms));
  const reference = ms('libStorage');
  const roundRatios = runs.library.map((run, round) => runs.libStorage[round].ms / run.ms);
  log(
    `\n### Multipart upload of the 64 MiB File (${UPLOAD_ROUNDS} rounds, sides in rotating order; medians)\n`,
  );
  log(
    "CPU: seconds used during the upload by the page's renderer, and by all Chromium processes (the network service sends the bytes).",
  );
  log(
    'Memory: the peak during the upload less the value just before it (after a forced GC), median (max) over the rounds; sampled every 25 ms.',
  );
  log(
    "JS heap + ArrayBuffers is V8's used heap plus ArrayBuffer backing stores (Runtime.getHeapUsage); RSS is from /proc.\n",
  );
  const rows = [
    [
      'uploader',
      'ms',
      'MB/s',
      'MB/s min–max',
      'lib-storage time ÷ this',
      'progress events',
      'renderer CPU s',
      'all CPU s',
      'JS heap + ArrayBuffers',
      'renderer RSS',
      'all Chromium RSS',
    ],
  ];
  for (const side of sides) {
    const values = runs[side].map((run) => run.ms);
    const growth = (key) =>
      `${mib(median(runs[side].map((run) => run.growth[key])))} (max ${fixed(max(runs[side].map((run) => run.growth[key])) / MiB, 1)})`;
    rows.push([
      labelOf(UPLOADS, side),
      fixed(ms(side), 0),
      fixed(mbps(ms(side)), 1),
      `${fixed(mbps(max(values)), 1)}–${fixed(mbps(min(values)), 1)}`,
      `${fixed(reference / ms(side))}×`,
      fixed(median(runs[side].map((run) => run.progressEvents)), 0),
      fixed(median(runs[side].map((run) => run.cpu.renderer))),
      fixed(median(runs[side].map((run) => run.cpu.chromium))),
      growth('js'),
      growth('renderer'),
      growth('chromium'),
    ]);
  }
  log(textTable(rows));
  const ratio = reference / ms('library');
  log(
    `\nStorageService.put against lib-storage Upload: ${fixed(ratio)}× the throughput (per round ${fixed(min(roundRatios))}–${fixed(max(roundRatios))}×); ` +
      `goal ≥ 1.4×: ${ratio >= 1.4 ? 'met' : 'NOT met'}. Memory samples per upload: ${fixed(median(runs.library.map((run) => run.samples)), 0)} (library), ` +
      `${fixed(median(runs.libStorage.map((run) => run.samples)), 0)} (lib-storage).`,
  );
  return { runs, ratio, roundRatios };
}

async function downloadRounds(page, log) {
  log(`\n### Download of a 64 MiB object (stored with one PutObject from the same File)\n`);
  await page.evaluate('transfers.storeDownloadObject()');
  const sides = BIG_SIDES;
  // One checked download per side first (also the warm-up): bytes compared with the File at both
  // ends and every 16 MiB boundary.
  for (const side of sides) {
    const check = await page.evaluate(`transfers.checkDownload(${JSON.stringify(side)})`);
    if (check !== 'ok') throw new Error(`download by ${side}: ${check}`);
  }
  const runs = Object.fromEntries(sides.map((side) => [side, []]));
  for (let round = 0; round < DOWNLOAD_ROUNDS; round++) {
    for (const side of rotate(sides, round))
      runs[side].push(await page.evaluate(`transfers.download(${JSON.stringify(side)}, true)`));
  }
  const ms = (side) => median(runs[side].map((run) => run.ms));
  const reference = ms('fetch');
  const roundRatios = runs.library.map((run, round) => runs.fetch[round].ms / run.ms);
  const rows = [
    [
      'downloader',
      'ms',
      'MB/s',
      'MB/s min–max',
      'fetch time ÷ this',
      'requests',
      'progress events',
    ],
  ];
  for (const side of sides) {
    const values = runs[side].map((run) => run.ms);
    rows.push([
      labelOf(DOWNLOADS, side),
      fixed(ms(side), 0),
      fixed(mbps(ms(side)), 1),
      `${fixed(mbps(max(values)), 1)}–${fixed(mbps(min(values)), 1)}`,
      `${fixed(reference / ms(side))}×`,
      describeRequests(runs[side][0].requests),
      fixed(median(runs[side].map((run) => run.progressEvents)), 0),
    ]);
  }
  log(
    `Each side downloaded once first, checked byte for byte at both ends and every 16 MiB boundary: ok. Then ${DOWNLOAD_ROUNDS} rounds, sides in rotating order.\n`,
  );
  log(textTable(rows, [0, 5]));
  log(
    `\nRequests, in the order they start: median start–end in ms from the first request, over the rounds (Resource Timing):`,
  );
  const timelines = {};
  for (const side of sides) {
    timelines[side] = medianTimeline(runs[side]);
    log(
      `  ${labelOf(DOWNLOADS, side)}: ${timelines[side].map((r) => `${r.op} ${fixed(r.start, 0)}–${fixed(r.end, 0)}`).join(', ')}`,
    );
  }
  const ratio = reference / ms('library');
  log(
    `\nStorageService.get download against fetch: ${fixed(ratio)}× the throughput (per round ${fixed(min(roundRatios))}–${fixed(max(roundRatios))}×).`,
  );
  return { runs, ratio, roundRatios, timelines };
}

/** Request i of every run (in start order), its median start and end. */
function medianTimeline(runs) {
  const count = min(runs.map((run) => run.requests.length));
  return Array.from({ length: count }, (_, i) => ({
    op: runs[0].requests[i].op,
    start: median(runs.map((run) => run.requests[i].start)),
    end: median(runs.map((run) => run.requests[i].end)),
  }));
}

function describeRequests(requests) {
  const counts = new Map();
  for (const request of requests) counts.set(request.op, (counts.get(request.op) ?? 0) + 1);
  return [...counts].map(([op, count]) => `${count} ${op}`).join(' + ');
}

async function smallDownloadRounds(page, log) {
  log(
    `\n### Download of a 1 KiB object (${SMALL_ROUNDS} rounds × ${SMALL_PER_ROUND} calls per side, sides taking turns call by call, after ${SMALL_WARMUP} warm-up calls)\n`,
  );
  await page.evaluate(`transfers.smallDownloads(${JSON.stringify(SMALL_SIDES)}, ${SMALL_WARMUP})`);
  const samples = Object.fromEntries(SMALL_SIDES.map((side) => [side, []]));
  for (let round = 0; round < SMALL_ROUNDS; round++) {
    const times = await page.evaluate(
      `transfers.smallDownloads(${JSON.stringify(rotate(SMALL_SIDES, round))}, ${SMALL_PER_ROUND})`,
    );
    for (const side of SMALL_SIDES) samples[side].push(times[side]);
  }
  const all = Object.fromEntries(SMALL_SIDES.map((side) => [side, samples[side].flat()]));
  const med = Object.fromEntries(SMALL_SIDES.map((side) => [side, median(all[side])]));
  const roundRatios = samples.library.map(
    (times, round) => median(times) / median(samples.fetch[round]),
  );
  const rows = [['downloader', 'ms', 'p25–p75', 'this ÷ fetch']];
  for (const side of SMALL_SIDES) {
    rows.push([
      labelOf(DOWNLOADS, side),
      fixed(med[side]),
      `${fixed(quantile(all[side], 0.25))}–${fixed(quantile(all[side], 0.75))}`,
      `${fixed(med[side] / med.fetch)}×`,
    ]);
  }
  log(textTable(rows));
  log(
    `\nStorageService.get download of 1 KiB against fetch: ${fixed(med.library / med.fetch)}× the time (per round ${fixed(min(roundRatios))}–${fixed(max(roundRatios))}×).`,
  );
  return { med, ratio: med.library / med.fetch, roundRatios };
}

/**
 * The transfer table for bench/README.md's Measured figures. `calls` is section 2's result: its
 * "put 1 KiB" row is the small-put overhead, measured there (not again here).
 */
export function transferMarkdown(transfers, calls) {
  const { uploads, downloads, small } = transfers;
  const ms = (runs, side) => median(runs[side].map((run) => run.ms));
  const growth = (side) => median(uploads.runs[side].map((run) => run.growth.js));
  const range = (ratios) => `${fixed(min(ratios))}–${fixed(max(ratios))}×`;
  const rows = [
    [
      'Transfer (medians; 64 MiB File, 5 MiB parts, 4 at a time)',
      'ngx-amplify-storage',
      'reference',
      'ratio',
      'per round',
      'goal',
    ],
  ];
  rows.push([
    'Multipart upload, vs `@aws-sdk/lib-storage` `Upload`',
    `${fixed(mbps(ms(uploads.runs, 'library')), 1)} MB/s`,
    `${fixed(mbps(ms(uploads.runs, 'libStorage')), 1)} MB/s`,
    `${fixed(uploads.ratio)}× faster`,
    range(uploads.roundRatios),
    `≥ 1.4×: ${uploads.ratio >= 1.4 ? 'met' : 'not met'}`,
  ]);
  rows.push([
    '… peak growth of JS heap + ArrayBuffers during it',
    mib(growth('library')),
    mib(growth('libStorage')),
    '',
    `${fixed(min(uploads.runs.library.map((run) => run.growth.js)) / MiB, 1)}–${fixed(max(uploads.runs.library.map((run) => run.growth.js)) / MiB, 1)} MiB`,
    'flat',
  ]);
  const cpu = (side) => median(uploads.runs[side].map((run) => run.cpu.renderer));
  rows.push([
    "… CPU time of the page's renderer during it",
    `${fixed(cpu('library'))} s`,
    `${fixed(cpu('libStorage'))} s`,
    '',
    '',
    '—',
  ]);
  const put = calls?.find((result) => result.op === 'put');
  if (put) {
    rows.push([
      'put 1 KiB, vs `PutObjectCommand` (section 2)',
      `${fixed(put.med.library)} ms`,
      `${fixed(put.med.sdk)} ms`,
      `${fixed(put.ratio)}× the time`,
      range(put.roundRatios),
      `≤ 1.05×: ${put.ratio <= 1.05 ? 'met' : 'not met'}`,
    ]);
  }
  rows.push([
    'Download 64 MiB, `get(key, { download: true })` vs `fetch(presigned URL)`',
    `${fixed(mbps(ms(downloads.runs, 'library')), 1)} MB/s`,
    `${fixed(mbps(ms(downloads.runs, 'fetch')), 1)} MB/s`,
    `${fixed(downloads.ratio)}× the throughput`,
    range(downloads.roundRatios),
    '—',
  ]);
  rows.push([
    'Download 1 KiB, the same two',
    `${fixed(small.med.library)} ms`,
    `${fixed(small.med.fetch)} ms`,
    `${fixed(small.ratio)}× the time`,
    range(small.roundRatios),
    '—',
  ]);
  return [markdownTable(rows)];
}
