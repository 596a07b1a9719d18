// The peers section of `npm run bench` (issue 13): ngx-amplify-storage against AWS Amplify v6 and
// the raw AWS SDK v3 on workloads W1–W5 and the heap of a 1 GiB upload, in one page, sides
// interleaved in rotating order, median of ROUNDS rounds. See bench/README.md, "5. Peers".
//
// The page runs in a Chromium over a raw DevTools pipe (no Network domain, see raw-chromium.mjs).
// Amplify's local-testing switch always targets http://localhost:20005, so Chromium maps that
// host and port to the bench's s3rver, and the library and the SDK use the same URL.
import { bundlePage } from '../lib/page-bundle.mjs';
import { startStaticServer } from '../lib/static-server.mjs';
import { fixed, max, median, min, textTable } from '../lib/stats.mjs';
import { openRawPage } from '../transfers/raw-chromium.mjs';
import { chromiumProcesses, withMemory } from '../transfers/transfers.mjs';
import { amplifyEndpointFix } from './amplify-endpoint-fix.mjs';

/** Rounds per workload, unless `npm run bench -- --peer-rounds N` asks for another number. */
const ROUNDS = 3;
/** Every workload of the section; `--peers W1,W3` runs only those named ('heap' is the 1 GiB upload). */
export const PEER_WORKLOADS = ['W1', 'W2', 'W3', 'W4', 'W5', 'heap'];
const SIDES = ['library', 'amplify', 'sdk'];
const PAYLOADS = ['blob', 'bytes'];
const W1_PUTS = 200;
const LIST_KEYS = 5000;
/** W3's prefix, where W1 also puts its objects. */
const LIST_PREFIX = 'public/bench/peers/list/';
/** Where W1's objects go once W3's prefix holds LIST_KEYS (with more rounds than the default). */
const W1_OTHER_PREFIX = 'public/bench/peers/w1/';
const PRESIGN_URLS = 1000;
const AMPLIFY_ENDPOINT = 'http://localhost:20005';
const MiB = 1024 * 1024;
const PEER_LABELS = {
  library: 'ngx-amplify-storage',
  amplify: 'Amplify v6 (aws-amplify 6.22.1)',
  sdk: 'raw SDK (client-s3, lib-storage, presigner, fetch)',
};

const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);
const mib = (bytes) => `${fixed(bytes / MiB, 1)} MiB`;

/** Runs `run(side)` for every side, ROUNDS rounds in rotating order; resolves to ms lists per side. */
async function interleaved(run, rounds) {
  const times = Object.fromEntries(SIDES.map((side) => [side, []]));
  for (let round = 0; round < rounds; round++)
    for (const side of rotate(SIDES, round)) times[side].push(await run(side, round));
  return times;
}

/**
 * One row: each side's median, and the library's speed as a ratio to the best peer
 * (best peer time ÷ library time: ≥ 1 means at least as fast).
 */
function row(workload, payload, times, extra = {}) {
  const med = Object.fromEntries(SIDES.map((side) => [side, median(times[side])]));
  const best = med.amplify <= med.sdk ? 'amplify' : 'sdk';
  const perRound = times.library.map((ms, i) => Math.min(times.amplify[i], times.sdk[i]) / ms);
  return {
    workload,
    payload,
    med,
    times,
    best,
    ratio: med[best] / med.library,
    perRound,
    ...extra,
  };
}

/**
 * Runs `workloads` (default all: W1–W5 and the 1 GiB heap run) against `backend`, `rounds` rounds
 * each; prints them and returns the rows.
 */
export async function peerFigures({
  backend,
  chromiumPath,
  log,
  section,
  elapsed,
  workloads = PEER_WORKLOADS,
  rounds = ROUNDS,
}) {
  const runs = (workload) => workloads.includes(workload);
  section(
    `5. Peers: ngx-amplify-storage vs Amplify v6 vs the raw SDK (median of ${rounds} rounds, sides interleaved; raw DevTools pipe)` +
      (workloads.length < PEER_WORKLOADS.length ? `: only ${workloads.join(', ')}` : ''),
  );
  const cleanups = [];
  try {
    const script = await bundlePage('bench/peers/peers-page.ts', [amplifyEndpointFix]);
    const server = await startStaticServer({
      '/': {
        type: 'text/html',
        body:
          '<!doctype html><meta charset="utf-8"><title>loading</title>' +
          '<script>addEventListener("error", (e) => (window.benchStartError = String(e.error ?? e.message)))</script>' +
          '<script type="module" src="/peers-page.js"></script>',
      },
      '/peers-page.js': { type: 'text/javascript', body: script },
    });
    cleanups.push(() => server.close());
    const s3Port = new URL(backend.s3Endpoint).port;
    const page = await openRawPage({
      executablePath: chromiumPath,
      url: server.url,
      args: [`--host-resolver-rules=MAP localhost:20005 127.0.0.1:${s3Port}`],
    });
    cleanups.push(() => page.close());
    const settings = {
      s3Endpoint: AMPLIFY_ENDPOINT,
      bucket: backend.bucket,
      region: backend.region,
    };
    await page.evaluate(`peers.setup(${JSON.stringify(settings)})`);
    const processes = await chromiumProcesses(page);
    log(
      `Every side uses ${AMPLIFY_ENDPOINT} (path-style), mapped by Chromium to s3rver at ${backend.s3Endpoint}; static S3RVER credentials.`,
    );
    log(
      `Sides: ${SIDES.map((side) => `${side} = ${PEER_LABELS[side]}`).join('; ')}. Ratio = best peer's median time ÷ the library's (≥ 1.00× is at least as fast).`,
    );
    const rows = [];
    const call = (expression) => page.evaluate(expression);

    // W1's objects go under W3's prefix until it holds LIST_KEYS (seeding through s3rver is slow on
    // a busy machine), the rest into a folder of their own.
    let listed = 0;
    const w1 = (side, payload, round) => {
      const folder = listed + W1_PUTS <= LIST_KEYS ? LIST_PREFIX : `${W1_OTHER_PREFIX}${round}/`;
      if (folder === LIST_PREFIX) listed += W1_PUTS;
      const args = [side, payload, round, W1_PUTS, folder].map((a) => JSON.stringify(a));
      return call(`peers.w1(${args.join(', ')})`);
    };

    // Warm-up: modules, clients and CORS preflights of every side (not counted).
    for (const side of SIDES) {
      await w1(side, 'blob', -1);
      await call(`peers.w4(${JSON.stringify(side)}, 50)`);
    }

    if (runs('W1')) {
      for (const payload of PAYLOADS) {
        const times = await interleaved((side, round) => w1(side, payload, round), rounds);
        rows.push(row('W1 200 PUTs of 4 KiB, 8 at a time', payload, times));
      }
      log(`W1 done (${elapsed()})`);
    }

    if (runs('W2')) {
      for (const payload of PAYLOADS) {
        const heap = Object.fromEntries(SIDES.map((side) => [side, []]));
        const times = await interleaved(async (side) => {
          const run = await withMemory(
            page,
            processes,
            `peers.w2(${JSON.stringify(side)}, ${JSON.stringify(payload)}).then((ms) => ({ ms }))`,
          );
          heap[side].push(run.growth.js);
          return run.ms;
        }, rounds);
        const r = row('W2 one 64 MiB upload', payload, times, { heap });
        r.vsLibStorage = median(times.sdk) / median(times.library);
        rows.push(r);
      }
      log(`W2 done (${elapsed()})`);
    }

    if (runs('W3')) {
      const prefix = LIST_PREFIX;
      const seedStart = Date.now();
      await call(`peers.seedListing(${JSON.stringify(prefix)}, ${LIST_KEYS - listed})`);
      log(
        `W3's ${LIST_KEYS} keys: ${listed} from W1, ${LIST_KEYS - listed} more seeded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s.`,
      );
      const counts = new Set();
      const w3 = await interleaved(async (side) => {
        const { ms, count } = await call(
          `peers.w3(${JSON.stringify(side)}, ${JSON.stringify(prefix)})`,
        );
        counts.add(count);
        return ms;
      }, rounds);
      if (counts.size !== 1 || !counts.has(LIST_KEYS))
        throw new Error(`W3: the sides listed ${[...counts].join(', ')} keys, not ${LIST_KEYS}`);
      rows.push(row(`W3 list ${LIST_KEYS} keys`, '—', w3));
    }

    if (runs('W4')) {
      const w4 = await interleaved(
        (side) => call(`peers.w4(${JSON.stringify(side)}, ${PRESIGN_URLS})`),
        rounds,
      );
      const w4Row = row(`W4 presign ${PRESIGN_URLS} URLs`, '—', w4);
      w4Row.msPerUrl = Object.fromEntries(
        SIDES.map((side) => [side, w4Row.med[side] / PRESIGN_URLS]),
      );
      rows.push(w4Row);
    }

    if (runs('W5')) {
      const keys = [];
      for (let round = 0; round < rounds; round++)
        keys.push(await call(`peers.storeDownload(${round})`));
      const w5 = await interleaved(async (side, round) => {
        const { ms, size } = await call(
          `peers.w5(${JSON.stringify(side)}, ${JSON.stringify(keys[round])})`,
        );
        if (size !== 64 * MiB) throw new Error(`W5: ${side} downloaded ${size} bytes, not 64 MiB`);
        return ms;
      }, rounds);
      rows.push(row('W5 download 64 MiB (raw SDK side: one fetch of a presigned URL)', '—', w5));
    }
    log(`W3–W5 done (${elapsed()})`);

    // The heap of a 1 GiB upload, once, for the library (issue 13: it must stay flat). The peers'
    // heap is W2's column: at this machine's throughput a 1 GiB upload by Amplify or lib-storage
    // took minutes (over 5 in a trial run), more than the bench's whole budget.
    const heap1g = {};
    if (runs('heap')) {
      await call('peers.hugeBlob()');
      for (const side of ['library']) {
        const run = await withMemory(
          page,
          processes,
          `peers.w6(${JSON.stringify(side)}).then((ms) => ({ ms }))`,
        );
        heap1g[side] = { ms: run.ms, js: run.growth.js, renderer: run.growth.renderer };
      }
      await call('peers.dropHuge()');
      log(`1 GiB heap done (${elapsed()})`);
    }

    printPeers(rows, heap1g, log);
    return { rows, heap1g };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

/** Whether `r` meets issue 13's target for its workload, and the target in words. */
export function target(r) {
  const w = r.workload.slice(0, 2);
  if (w === 'W2')
    return [r.ratio >= 1 && r.vsLibStorage >= 1.4, '≥ 1.0× best peer and ≥ 1.4× lib-storage'];
  if (w === 'W4') return [r.msPerUrl.library <= 0.1, '≤ 0.1 ms per URL'];
  if (w === 'W5') return [r.med.library <= r.med.sdk, '≥ 1.0× one fetch'];
  return [r.ratio >= 1, '≥ 1.0× best peer'];
}

/** The figure table: one line per workload and payload. */
export function peerTable(rows) {
  const table = [
    [
      'workload',
      'payload',
      'library ms',
      'Amplify ms',
      'raw SDK ms',
      'best peer',
      'ratio',
      'per round',
      'target',
      'met',
    ],
  ];
  for (const r of rows) {
    const [met, words] = target(r);
    const digits = r.msPerUrl ? 1 : 0;
    table.push([
      r.workload,
      r.payload,
      ...SIDES.map((side) => fixed(r.med[side], digits)),
      r.best === 'amplify' ? 'Amplify' : 'raw SDK',
      `${fixed(r.ratio)}×`,
      `${fixed(min(r.perRound))}–${fixed(max(r.perRound))}×`,
      words,
      met ? 'yes' : 'NO',
    ]);
  }
  return table;
}

function printPeers(rows, heap1g, log) {
  log();
  log(textTable(peerTable(rows), [0, 1, 5, 8]));
  for (const r of rows.filter((r) => r.vsLibStorage))
    log(
      `W2 ${r.payload}: ${fixed(r.vsLibStorage)}× lib-storage's throughput; JS heap + ArrayBuffers growth, median: ` +
        SIDES.map((side) => `${side} ${mib(median(r.heap[side]))}`).join(', '),
    );
  const w4 = rows.find((r) => r.msPerUrl);
  if (w4)
    log(
      `W4 ms per URL: ${SIDES.map((side) => `${side} ${fixed(w4.msPerUrl[side], 3)}`).join(', ')}`,
    );
  if (Object.keys(heap1g).length)
    log(
      `1 GiB Blob made in the page, uploaded once per side: ` +
        Object.entries(heap1g)
          .map(
            ([side, h]) =>
              `${side} ${fixed(h.ms / 1000, 1)} s, peak JS heap + ArrayBuffers +${mib(h.js)}, renderer RSS +${mib(h.renderer)}`,
          )
          .join('; '),
    );
}

/** The Markdown of the peers table and the 1 GiB heap line, for bench/README.md. */
export function peerMarkdown({ rows, heap1g }) {
  const table = peerTable(rows);
  const lines = [table[0], table[0].map((_, i) => (i < 2 ? '---' : '---:')), ...table.slice(1)];
  const out = lines.map((cells) => `| ${cells.join(' | ')} |`);
  for (const r of rows.filter((r) => r.vsLibStorage))
    out.push(
      `\nW2 ${r.payload}: ${fixed(r.vsLibStorage)}× lib-storage; JS heap + ArrayBuffers growth: ` +
        SIDES.map((side) => `${side} ${mib(median(r.heap[side]))}`).join(', ') +
        '.',
    );
  const w4 = rows.find((r) => r.msPerUrl);
  if (w4)
    out.push(
      `\nW4, ms per URL: ${SIDES.map((side) => `${side} ${fixed(w4.msPerUrl[side], 3)}`).join(', ')}.`,
    );
  if (Object.keys(heap1g).length)
    out.push(
      `\nPeak heap while uploading a 1 GiB Blob made in the page (JS heap + ArrayBuffers, growth over the value before): ` +
        Object.entries(heap1g)
          .map(([side, h]) => `${side} +${mib(h.js)} (${fixed(h.ms / 1000, 1)} s)`)
          .join(', ') +
        '.',
    );
  return out;
}
