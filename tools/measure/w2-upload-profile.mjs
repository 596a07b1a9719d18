// Where the time of issue 13's W2 (one 64 MiB upload) goes, for each side of the bench's peers page
// (the library's put, Amplify v6 uploadData, lib-storage Upload with 5 MiB parts, 4 at a time),
// on the same plain s3rver and Chromium set-up as `npm run bench` section 5.
// Usage: node tools/measure/w2-upload-profile.mjs [rounds, default 3] [--sides library,amplify,sdk]
//   [--payloads blob,bytes] [--preflights (list the OPTIONS too)] [--cpu-prof DIR (of the S3 process)]
// For each upload it prints: the wall time in the page; CPU seconds of the S3 process (/proc, user and
// system) and of each Chromium process type (DevTools SystemInfo) during it; and a timeline of its
// requests as the S3 server saw them (arrived, body read, answered), relative to the call in the page.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePage } from '../../bench/lib/page-bundle.mjs';
import { BENCH_ORIGINS, startStaticServer } from '../../bench/lib/static-server.mjs';
import { amplifyEndpointFix } from '../../bench/peers/amplify-endpoint-fix.mjs';
import { openRawPage } from '../../bench/transfers/raw-chromium.mjs';
import { CHROMIUM_PATH } from '../browser-stack.cjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const cpuProfDir = option('--cpu-prof');
const sides = (option('--sides') ?? 'library,amplify,sdk').split(',');
const payloads = (option('--payloads') ?? 'blob,bytes').split(',');
const BUCKET = 'ngx-amplify-storage-local';
const TICK = 100; // USER_HZ

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const f = (n, d = 0) => n.toFixed(d);

async function procCpu(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICK, system: Number(fields[12]) / TICK }; // utime, stime (s)
}

function startS3({ dataDir }) {
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      path.join(HERE, 's3-request-clock.mjs'),
      JSON.stringify({
        host: '127.0.0.1',
        port: 0,
        dataDir,
        bucket: BUCKET,
        silent: true,
        corsOrigins: BENCH_ORIGINS,
      }),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const waiters = [];
  child.on('message', (msg) => {
    if (msg.type === 'timings') waiters.shift()?.(msg.requests);
  });
  return new Promise((resolve, reject) => {
    child.once('message', (msg) =>
      msg.type === 'ready'
        ? resolve({
            pid: child.pid,
            port: msg.port,
            timings: () =>
              new Promise((done) => {
                waiters.push(done);
                child.send({ type: 'timings' });
              }),
            stop: () =>
              new Promise((done) => {
                child.once('exit', done);
                child.kill('SIGTERM');
              }),
          })
        : reject(new Error(msg.message)),
    );
  });
}

const kind = (url) =>
  /[?&]uploads(=|&|$)/.test(url)
    ? 'create'
    : /partNumber=/.test(url)
      ? 'part'
      : /uploadId=/.test(url)
        ? 'complete'
        : 'other';

async function main() {
  const work = await mkdtemp(path.join(tmpdir(), 'w2-profile-'));
  const s3 = await startS3({ dataDir: path.join(work, 's3') });
  const script = await bundlePage('bench/peers/peers-page.ts', [amplifyEndpointFix]);
  const server = await startStaticServer({
    '/': {
      type: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/peers-page.js"></script>',
    },
    '/peers-page.js': { type: 'text/javascript', body: script },
  });
  const page = await openRawPage({
    executablePath: CHROMIUM_PATH,
    url: server.url,
    args: [`--host-resolver-rules=MAP localhost:20005 127.0.0.1:${s3.port}`],
  });
  try {
    await page.evaluate(
      `peers.setup(${JSON.stringify({ s3Endpoint: 'http://localhost:20005', bucket: BUCKET, region: 'us-east-1' })})`,
    );
    const chromiumCpu = async () => {
      const { processInfo } = await page.browserSend('SystemInfo.getProcessInfo');
      const byType = {};
      for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + p.cpuTime;
      return byType;
    };
    const runs = [];
    const one = async (side, payload) => {
      await s3.timings();
      const cpu0 = await procCpu(s3.pid);
      const ch0 = await chromiumCpu();
      const out = await page.evaluate(`(async () => {
        const t0 = performance.timeOrigin + performance.now();
        const ms = await peers.w2(${JSON.stringify(side)}, ${JSON.stringify(payload)});
        return { t0, ms };
      })()`);
      const cpu1 = await procCpu(s3.pid);
      const ch1 = await chromiumCpu();
      const server = await s3.timings();
      const chromium = Object.fromEntries(Object.keys(ch1).map((k) => [k, ch1[k] - (ch0[k] ?? 0)]));
      return {
        side,
        payload,
        ms: out.ms,
        t0: out.t0,
        server,
        s3Cpu: cpu1.user + cpu1.system - cpu0.user - cpu0.system,
        s3System: cpu1.system - cpu0.system,
        chromium,
      };
    };
    for (const side of sides) await one(side, 'blob'); // warm-up
    for (let round = 0; round < rounds; round++)
      for (const payload of payloads)
        for (const side of sides.map((_, i) => sides[(i + round) % sides.length]))
          runs.push(await one(side, payload));
    for (const run of runs) report(run);
    summary(runs);
  } finally {
    await page.close();
    await server.close();
    await s3.stop();
    await rm(work, { recursive: true, force: true });
  }
}

function report(run) {
  const rel = (t) => f(t - run.t0);
  const lines = [
    `\n## ${run.side} ${run.payload}: ${f(run.ms)} ms; s3 CPU ${f(run.s3Cpu, 2)} s; chromium CPU ${Object.entries(
      run.chromium,
    )
      .map(([k, v]) => `${k} ${f(v, 2)}`)
      .join(', ')}`,
  ];
  const server = run.server.filter((r) => r.method !== 'OPTIONS');
  const preflights = run.server.length - server.length;
  lines.push(`  requests at the server: ${server.length} (+${preflights} OPTIONS)`);
  for (const r of args.includes('--preflights') ? run.server : server) {
    const k = r.method === 'OPTIONS' ? `OPTIONS ${kind(r.url)}` : kind(r.url);
    const part = /partNumber=(\d+)/.exec(r.url)?.[1];
    lines.push(
      `  ${(k + (part ? ` ${part}` : '')).padEnd(17)} arrived ${rel(r.arrived).padStart(5)}  body read ${rel(r.bodyRead).padStart(5)}  answered ${rel(r.answered).padStart(5)}  (server after body ${f(r.answered - r.bodyRead).padStart(4)} ms)`,
    );
  }
  console.log(lines.join('\n'));
}

function summary(runs) {
  console.log('\n## Summary (medians over rounds)');
  const groups = {};
  for (const run of runs) (groups[`${run.side} ${run.payload}`] ??= []).push(run);
  for (const [name, list] of Object.entries(groups)) {
    const phase = (run) => {
      const server = run.server.filter((r) => r.method !== 'OPTIONS');
      const create = server.find((r) => kind(r.url) === 'create');
      const parts = server.filter((r) => kind(r.url) === 'part');
      const complete = server.find((r) => kind(r.url) === 'complete');
      return {
        toCreate: create ? create.arrived - run.t0 : NaN,
        createServer: create ? create.answered - create.arrived : NaN,
        toFirstPart: parts.length ? Math.min(...parts.map((p) => p.arrived)) - run.t0 : NaN,
        partsSpan: parts.length
          ? Math.max(...parts.map((p) => p.answered)) - Math.min(...parts.map((p) => p.arrived))
          : NaN,
        partServerAfterBody: median(parts.map((p) => p.answered - p.bodyRead)),
        partBodyRead: median(parts.map((p) => p.bodyRead - p.arrived)),
        lastPartToComplete:
          complete && parts.length
            ? complete.arrived - Math.max(...parts.map((p) => p.answered))
            : NaN,
        completeServer: complete ? complete.answered - complete.arrived : NaN,
        completeToEnd: complete ? run.t0 + run.ms - complete.answered : NaN,
      };
    };
    const phases = list.map(phase);
    const m = (key) => f(median(phases.map((p) => p[key])));
    console.log(
      `${name.padEnd(16)} total ${f(median(list.map((r) => r.ms)))} ms (${list.map((r) => f(r.ms)).join(', ')}); s3 CPU ${f(median(list.map((r) => r.s3Cpu)), 2)} s (system ${f(median(list.map((r) => r.s3System)), 2)}); ` +
        `renderer ${f(median(list.map((r) => r.chromium.renderer ?? 0)), 2)} s, browser ${f(median(list.map((r) => r.chromium.browser ?? 0)), 2)} s, utility ${f(median(list.map((r) => r.chromium.utility ?? 0)), 2)} s\n` +
        `    start→Create arrives ${m('toCreate')}; Create at server ${m('createServer')}; start→first part ${m('toFirstPart')}; parts span ${m('partsSpan')} ` +
        `(per part: body read ${m('partBodyRead')}, server after body ${m('partServerAfterBody')}); last part→Complete arrives ${m('lastPartToComplete')}; Complete at server ${m('completeServer')}; Complete answered→done ${m('completeToEnd')}`,
    );
  }
}

await main();
