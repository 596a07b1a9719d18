// `npm run bench`: bundle cost, per-call overhead, presign throughput and transfers of ngx-amplify-storage,
// measured in one run against the local backend in headless Chromium. See bench/README.md.
//
//   npm run bench                      everything (1–3 minutes, depending on the machine's load)
//   npm run bench -- --skip-bundle     only the browser measurements
//   npm run bench -- --skip-album      without the album over 10,000 objects (bench/album)
//   npm run bench -- --skip-browser    without the storage browser over 10,000 objects (bench/browser)
//   npm run bench -- --skip-transfers  without section 4 (64 MiB uploads and downloads)
//   npm run bench -- --skip-peers      without section 5 (Amplify v6 and the raw SDK, W1–W5)
//   npm run bench -- --only-peers      only section 5
//   npm run bench -- --only-peers --peers W1,W3,W4 --peer-rounds 5
//                                      only those workloads of section 5 (W1–W5, heap), 5 rounds each
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, launchChromium, startThrowawayBackend } from '../tools/browser-stack.cjs';
import { CATEGORIES } from './lib/bundle-cost.mjs';
import { buildSizeApps, checkLines, sizeFigures, sizeRows } from '../tools/bundle-size.mjs';
import { bundlePage } from './lib/page-bundle.mjs';
import { BENCH_ORIGINS, startStaticServer } from './lib/static-server.mjs';
import { albumBench } from './album/album-bench.mjs';
import { browserBench } from './browser/browser-bench.mjs';
import { fixed, kB, markdownTable, max, median, min, quantile, textTable } from './lib/stats.mjs';
import { transferFigures, transferMarkdown } from './transfers/transfers.mjs';
import { PEER_WORKLOADS, peerFigures, peerMarkdown } from './peers/peers.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
process.chdir(ROOT);
const onlyPeers = process.argv.includes('--only-peers');
const skipPeers = process.argv.includes('--skip-peers');
const skipBundle = onlyPeers || process.argv.includes('--skip-bundle');
const skipTransfers = onlyPeers || process.argv.includes('--skip-transfers');
const skipAlbum = onlyPeers || process.argv.includes('--skip-album');
const chromiumPath = CHROMIUM_PATH;
/** The value after `flag` on the command line, if any. */
const option = (flag) => {
  const at = process.argv.indexOf(flag);
  return at === -1 ? undefined : process.argv[at + 1];
};
const peerWorkloads = option('--peers')?.split(',') ?? PEER_WORKLOADS;
const unknownWorkloads = peerWorkloads.filter((w) => !PEER_WORKLOADS.includes(w));
if (unknownWorkloads.length)
  throw new Error(
    `--peers: no workload ${unknownWorkloads.join(', ')}; pick from ${PEER_WORKLOADS}`,
  );
const peerRounds =
  option('--peer-rounds') === undefined ? undefined : Number(option('--peer-rounds'));
if (peerRounds !== undefined && !(Number.isInteger(peerRounds) && peerRounds >= 1))
  throw new Error('--peer-rounds takes a whole number of rounds, 1 or more');

// Per-call overhead: every round runs N calls of each operation on each side, sides in rotating order.
const CALL_WARMUP = 10;
const CALL_ROUNDS = 10;
const CALLS_PER_ROUND = 12;
// Presign throughput: URLs per measurement, and rounds.
const PRESIGN_URLS = 1000;
const PRESIGN_ROUNDS = 7;
const PRESIGN_BLOCK = 50;
const CONCURRENT_ROUNDS = 5;
const STAGE_ROUNDS = 3;

const OPS = [
  ['put', 'put 1 KiB', 'PutObjectCommand'],
  ['getUrl', 'get → presigned URL', 'getSignedUrl'],
  ['download', 'get download 1 KiB', 'GetObjectCommand + body'],
  ['list', 'list 20 objects', 'ListObjectsV2Command'],
];
const SIDES = ['library', 'sdk', 'sdkXhr'];
// A presigned URL sends no request, so the transport column means nothing there.
const sidesOf = (op) => (op === 'getUrl' ? SIDES.slice(0, 2) : SIDES);

const log = (text = '') => process.stdout.write(`${text}\n`);
const section = (title) => log(`\n## ${title}\n`);
const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

const work = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-bench-'));
const cleanups = [];

try {
  log('# ngx-amplify-storage bench');
  log();
  log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );

  // ---------------------------------------------------------------------------------------------
  // 1. Bundle cost. Builds run before the browser starts, so they never share the CPU with timing.
  let bundle;
  if (!skipBundle) bundle = await bundleCost();

  // ---------------------------------------------------------------------------------------------
  // 2 and 3 run in one page: backend, page bundle, static server, Chromium.
  section('Browser set-up');
  // Plain s3rver (no enforcing gateway): it takes its built-in S3RVER key, which both sides sign with.
  const backend = await startThrowawayBackend(work, { enforce: false, corsOrigins: BENCH_ORIGINS });
  cleanups.push(() => backend.stop());
  const script = await bundlePage('bench/page/bench-page.ts');
  const server = await startStaticServer({
    '/': {
      type: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/bench-page.js"></script>',
    },
    '/bench-page.js': { type: 'text/javascript', body: script },
  });
  cleanups.push(() => server.close());
  const browser = await launchChromium(chromiumPath);
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(server.url);
  await page
    .waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 })
    .catch(() => {
      throw new Error(
        `the bench page did not start: ${pageErrors.map(String).join('; ') || 'no error reported'}`,
      );
    });
  const settings = {
    s3Endpoint: backend.s3Endpoint,
    bucket: backend.bucket,
    region: backend.region,
  };
  const env = await page.evaluate((s) => window.bench.setup(s), settings);
  log(
    `Chromium ${browser.version()} (headless), page bundle ${kB(script.length)} (esbuild, Angular JIT for DI set-up)`,
  );
  log(
    `crossOriginIsolated: ${env.crossOriginIsolated}, performance.now() resolution ≈ ${env.timerResolutionUs} µs`,
  );
  log(`Local backend: s3rver at ${backend.s3Endpoint}, bucket ${backend.bucket}`);

  const calls = onlyPeers ? undefined : await callOverhead(page);
  const presign = onlyPeers ? undefined : await presignThroughput(page);
  if (!onlyPeers) await getSignedUrlStages(page);

  if (pageErrors.length) log(`\nPage errors: ${pageErrors.map(String).join('; ')}`);

  // ---------------------------------------------------------------------------------------------
  // 4. Transfers (bench/transfers/transfers.mjs): same backend, but a Chromium of its own over a
  // raw DevTools pipe, since Playwright's network instrumentation distorts uploads.
  const transfers = skipTransfers
    ? undefined
    : await transferFigures({ backend, chromiumPath, log, section, elapsed });

  // Album over 10,000 objects, last since it seeds the shared backend: its own section, page build
  // and browser (bench/album/album-bench.mjs).
  // 5. Peers (bench/peers/peers.mjs): Amplify v6 and the raw SDK on W1–W5, same backend, its own
  // raw-pipe Chromium (Amplify's local endpoint is mapped there).
  const peers = skipPeers
    ? undefined
    : await peerFigures({
        backend,
        chromiumPath,
        log,
        section,
        elapsed,
        workloads: peerWorkloads,
        rounds: peerRounds,
      });

  const album = skipAlbum
    ? undefined
    : await albumBench({ backend, work, chromiumPath, log, section });
  // The storage browser opens the folder the album bench seeded (bench/browser/browser-bench.mjs).
  const storageBrowser =
    onlyPeers || process.argv.includes('--skip-browser')
      ? undefined
      : await browserBench({
          backend,
          work,
          seeded: album !== undefined,
          chromiumPath,
          log,
          section,
        });

  // ---------------------------------------------------------------------------------------------
  section('Markdown for bench/README.md (Measured figures)');
  if (!onlyPeers) log(performanceMarkdown(bundle, calls, presign, browser.version()).join('\n'));
  if (peers) log(`\n${peerMarkdown(peers).join('\n')}`);
  if (album) log(`\n${album.markdown.join('\n')}`);
  if (storageBrowser) log(`\n${storageBrowser.markdown.join('\n')}`);
  if (transfers) log(`\n${transferMarkdown(transfers, calls).join('\n')}`);
  log(
    `\nDone in ${elapsed()}; load average now ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}.`,
  );
} catch (error) {
  process.exitCode = 1;
  console.error(`\nbench failed: ${error?.stack ?? error}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}

// =================================================================================================

async function bundleCost() {
  section(
    '1. Bundle cost (production builds of bench/app, esbuild metafile; tools/bundle-size.mjs)',
  );
  const builds = await buildSizeApps(work, log);
  const size = sizeFigures(builds);
  log();
  log(textTable(sizeRows(size)));
  log();
  for (const line of checkLines(size)) log(line);
  printBuild(
    'StorageService-only app (`ng build bench`: injects StorageService, calls put/get/list; Cognito config)',
    builds.storage,
  );
  printBuild(
    'the same with the photo picker and the album (`ng build bench -c widgets`)',
    builds.widgets,
  );
  printBuild('the same app on the raw SDK (`ng build bench -c sdk`)', builds.sdk);
  return { primary: 'bench app', build: builds.storage, size };
}

/** Prints a build's initial and lazy totals and its chunks. */
function printBuild(title, build) {
  log(`\n### ${title}\n`);
  const rows = [
    [
      '',
      'chunks',
      'raw',
      'transfer',
      ...CATEGORIES.map((c) => `${c} raw`),
      ...CATEGORIES.slice(0, 3).map((c) => `${c} transfer≈`),
    ],
  ];
  for (const [label, sum] of [
    ['initial', build.initial],
    ['lazy', build.lazy],
  ]) {
    rows.push([
      label,
      sum.count,
      kB(sum.raw),
      kB(sum.transfer),
      ...CATEGORIES.map((c) => kB(sum.bytes[c])),
      ...CATEGORIES.slice(0, 3).map((c) => kB(sum.transferBytes[c])),
    ]);
  }
  log(textTable(rows));
  log('\nPer chunk:');
  log(
    textTable([
      ['chunk', 'load', 'raw', 'transfer', ...CATEGORIES, 'largest inputs'],
      ...build.chunks.map((chunk) => [
        chunk.file,
        chunk.initial ? 'initial' : 'lazy',
        kB(chunk.raw),
        kB(chunk.transfer),
        ...CATEGORIES.map((c) => kB(chunk.bytes[c])),
        chunk.top.join(', '),
      ]),
    ]),
    [0, 1, 4 + CATEGORIES.length],
  );
  const sdkInitial = build.initial.bytes['@aws-sdk'] + build.initial.bytes['@smithy'];
  const sdkLazy = build.lazy.bytes['@aws-sdk'] + build.lazy.bytes['@smithy'];
  log(
    sdkInitial === 0
      ? `\nSDK in lazy chunks only: CONFIRMED (0 B of @aws-sdk/@smithy in initial chunks, ${kB(sdkLazy)} in lazy chunks).`
      : `\nSDK in lazy chunks only: REFUTED (${kB(sdkInitial)} of @aws-sdk/@smithy in initial chunks).`,
  );
}

async function callOverhead(page) {
  section(
    `2. Per-call overhead (${CALL_ROUNDS} rounds × ${CALLS_PER_ROUND} calls per side, sides taking turns call by call; after ${CALL_WARMUP} warm-up calls)`,
  );
  log(
    'library = StorageService (its XHR transport); SDK = direct S3Client (default fetch handler);',
  );
  log(
    "SDK+XHR = direct S3Client on the library's BrowserHttpHandler, to separate the service layer from the transport.",
  );
  log(
    'Figures are medians of all calls; "per-round ratio" is the min–max over rounds of library median / SDK median.',
  );
  for (const [op] of OPS)
    for (const side of sidesOf(op))
      await page.evaluate(([o, s, n]) => window.bench.calls(o, s, n, 0), [op, side, CALL_WARMUP]);
  const samples = Object.fromEntries(
    OPS.map(([op]) => [op, Object.fromEntries(SIDES.map((side) => [side, []]))]),
  );
  for (let round = 0; round < CALL_ROUNDS; round++) {
    for (const [op] of OPS) {
      const times = await page.evaluate(
        ([o, sides, n, first]) => window.bench.interleavedCalls(o, sides, n, first),
        [op, rotate(sidesOf(op), round), CALLS_PER_ROUND, round * CALLS_PER_ROUND],
      );
      for (const side of sidesOf(op)) samples[op][side].push(times[side]);
    }
  }
  const results = [];
  const rows = [
    [
      'operation',
      'library ms',
      'SDK ms',
      'SDK+XHR ms',
      'lib − SDK',
      'library/SDK',
      'per-round ratio',
      'lib p25–p75',
      'SDK p25–p75',
    ],
  ];
  for (const [op, label, direct] of OPS) {
    const all = Object.fromEntries(sidesOf(op).map((side) => [side, samples[op][side].flat()]));
    const med = Object.fromEntries(sidesOf(op).map((side) => [side, median(all[side])]));
    const roundRatios = samples[op].library.map(
      (times, round) => median(times) / median(samples[op].sdk[round]),
    );
    const iqr = (values) => `${fixed(quantile(values, 0.25))}–${fixed(quantile(values, 0.75))}`;
    const digits = op === 'getUrl' ? 3 : 2;
    results.push({ op, label, direct, med, ratio: med.library / med.sdk, roundRatios });
    rows.push([
      `${label} (vs ${direct})`,
      fixed(med.library, digits),
      fixed(med.sdk, digits),
      med.sdkXhr === undefined ? '—' : fixed(med.sdkXhr, digits),
      `${med.library >= med.sdk ? '+' : ''}${fixed(med.library - med.sdk, digits)}`,
      fixed(med.library / med.sdk),
      `${fixed(min(roundRatios))}–${fixed(max(roundRatios))}`,
      iqr(all.library),
      iqr(all.sdk),
    ]);
  }
  log();
  log(textTable(rows));
  log(`\n(${elapsed()} so far)`);
  return results;
}

async function presignThroughput(page) {
  section(
    `3. Presign throughput (${PRESIGN_URLS} GET URLs per side and round, in blocks of ${PRESIGN_BLOCK} taking turns; median of ${PRESIGN_ROUNDS} rounds after a warm-up round)`,
  );
  const same = await page.evaluate(() => window.bench.sameUrl());
  log(
    `Same key, same signing time → identical URLs from presignGetUrl and getSignedUrl: ${same.identical ? 'yes' : 'NO'}`,
  );
  if (!same.identical) log(`  library: ${same.library}\n  SDK:     ${same.sdk}`);
  const sides = ['presignGetUrl', 'service.get', 'getSignedUrl'];
  for (const side of sides)
    await page.evaluate(([s, n]) => window.bench.presign(s, n), [side, PRESIGN_URLS]);
  const perUrl = Object.fromEntries(sides.map((side) => [side, []]));
  for (let round = 0; round < PRESIGN_ROUNDS; round++) {
    const totals = await page.evaluate(
      ([order, n, block]) => window.bench.interleavedPresign(order, n, block),
      [rotate(sides, round), PRESIGN_URLS, PRESIGN_BLOCK],
    );
    for (const side of sides) perUrl[side].push((totals[side] * 1000) / PRESIGN_URLS);
  }
  const concurrent = { 'service.get': [], getSignedUrl: [] };
  for (const side of Object.keys(concurrent))
    await page.evaluate(([s, n]) => window.bench.presignConcurrent(s, n), [side, PRESIGN_URLS]);
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    for (const side of rotate(Object.keys(concurrent), round)) {
      const ms = await page.evaluate(
        ([s, n]) => window.bench.presignConcurrent(s, n),
        [side, PRESIGN_URLS],
      );
      concurrent[side].push((ms * 1000) / PRESIGN_URLS);
    }
  }
  const sdk = median(perUrl.getSignedUrl);
  const rows = [
    [
      'presigner',
      `µs/URL`,
      'spread (min–max of rounds)',
      `ms per ${PRESIGN_URLS}`,
      'getSignedUrl / this',
    ],
  ];
  const line = (label, values) => {
    const m = median(values);
    rows.push([
      label,
      fixed(m, 1),
      `${fixed(min(values), 1)}–${fixed(max(values), 1)}`,
      fixed((m * PRESIGN_URLS) / 1000, 1),
      `${fixed(sdk / m, 1)}×`,
    ]);
  };
  line('presignGetUrl (library presigner)', perUrl.presignGetUrl);
  line('StorageService.get (whole call)', perUrl['service.get']);
  line('getSignedUrl (SDK)', perUrl.getSignedUrl);
  const concurrentSdk = median(concurrent.getSignedUrl);
  rows.push(['— all at once (Promise.all) —', '', '', '', '']);
  for (const [side, label] of [
    ['service.get', 'StorageService.get ×1000 concurrent'],
    ['getSignedUrl', 'getSignedUrl ×1000 concurrent'],
  ]) {
    const m = median(concurrent[side]);
    rows.push([
      label,
      fixed(m, 1),
      `${fixed(min(concurrent[side]), 1)}–${fixed(max(concurrent[side]), 1)}`,
      fixed((m * PRESIGN_URLS) / 1000, 1),
      `${fixed(concurrentSdk / m, 1)}×`,
    ]);
  }
  log();
  log(textTable(rows));
  return { perUrl, concurrent, identical: same.identical };
}

async function getSignedUrlStages(page) {
  section(
    `Where getSignedUrl's time goes (its steps re-run one by one, ${PRESIGN_URLS} URLs, median of ${STAGE_ROUNDS} rounds)`,
  );
  await page.evaluate((n) => window.bench.getSignedUrlBreakdown(n), 100);
  const rounds = [];
  for (let round = 0; round < STAGE_ROUNDS; round++)
    rounds.push(await page.evaluate((n) => window.bench.getSignedUrlBreakdown(n), PRESIGN_URLS));
  const us = (ms) => (ms * 1000) / PRESIGN_URLS;
  const total = median(rounds.map((r) => r.total));
  const steps = rounds[0].steps.map(([label], i) => [
    label,
    median(rounds.map((r) => r.steps[i][1])),
  ]);
  const rows = [['step, in the order it runs', 'µs/URL', 'share']];
  const small = steps.filter(([label, ms]) => label.startsWith('chain: ') && us(ms) < 1);
  for (const [label, ms] of steps) {
    if (small.some(([other]) => other === label)) continue;
    rows.push([label, fixed(us(ms), 1), `${fixed((100 * ms) / total, 0)} %`]);
  }
  if (small.length) {
    const ms = small.reduce((sum, [, value]) => sum + value, 0);
    rows.push([
      `chain: ${small.length} more middleware, under 1 µs each`,
      fixed(us(ms), 1),
      `${fixed((100 * ms) / total, 0)} %`,
    ]);
  }
  rows.push(['total of the steps', fixed(us(total), 1), '100 %']);
  rows.push([
    'plain getSignedUrl, timed after each taken-apart URL',
    fixed(us(median(rounds.map((r) => r.plain))), 1),
    '',
  ]);
  log(textTable(rows));
  log(
    `\nDigests per URL: ${fixed(rounds[0].hashes / PRESIGN_URLS, 1)} SHA-256 + ${fixed(rounds[0].hmacs / PRESIGN_URLS, 1)} HMAC, each a ` +
      `WebCrypto promise (an HMAC is importKey + sign). The SigV4 signing key is cached per module, but its cache key is an HMAC ` +
      `of the credentials, computed per URL. The taken-apart URL equals getSignedUrl's: ${rounds[0].check}.`,
  );
  return { rounds };
}

function performanceMarkdown(bundle, calls, presign, chromiumVersion) {
  const lines = [];
  lines.push(
    `Measured by \`npm run bench\` in headless Chromium ${chromiumVersion} against the local s3rver backend on loopback; medians, one run, shared machine.`,
  );
  lines.push('');
  if (bundle?.size) {
    lines.push(markdownTable(sizeRows(bundle.size)));
    lines.push('');
    lines.push(
      checkLines(bundle.size)
        .map((line) => `- ${line}`)
        .join('\n'),
    );
    lines.push('');
  }
  const callRows = [
    [
      'Call (1 KiB objects, 20-object list), median',
      'StorageService',
      '@aws-sdk/client-s3',
      'ratio',
      'ratio, per round',
    ],
  ];
  for (const result of calls) {
    const digits = result.op === 'getUrl' ? 3 : 2;
    callRows.push([
      `${result.label} vs ${result.direct}`,
      `${fixed(result.med.library, digits)} ms`,
      `${fixed(result.med.sdk, digits)} ms`,
      `${fixed(result.ratio)}×`,
      `${fixed(min(result.roundRatios))}–${fixed(max(result.roundRatios))}×`,
    ]);
  }
  lines.push(markdownTable(callRows));
  lines.push('');
  const sdk = median(presign.perUrl.getSignedUrl);
  const presignRows = [
    [
      'Presign 1,000 GET URLs, one after another',
      'µs per URL',
      'rounds min–max',
      'getSignedUrl time ÷ this',
    ],
  ];
  for (const [side, label] of [
    ['presignGetUrl', '`presignGetUrl` (library presigner)'],
    ['service.get', '`StorageService.get` (whole call)'],
    ['getSignedUrl', '`getSignedUrl` (@aws-sdk/s3-request-presigner)'],
  ]) {
    const values = presign.perUrl[side];
    presignRows.push([
      label,
      fixed(median(values), 1),
      `${fixed(min(values), 1)}–${fixed(max(values), 1)}`,
      `${fixed(sdk / median(values), 1)}×`,
    ]);
  }
  lines.push(markdownTable(presignRows));
  return lines;
}
