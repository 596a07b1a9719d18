// Measures, on loopback against the local S3 server, whether a download goes faster as one GET
// or as parallel ranged GETs, to choose TransferOptions.rangedDownloadThreshold (transfer-options.ts).
// Usage: node tools/measure/ranged-download.mjs [sizes in MiB, default 16,64,256]
// Each size: one GET of the whole object, then ranges of 16 MiB four at a time, interleaved,
// median of 3 rounds; bodies are read in full, as the browser's XHR does.
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalBackend } from '../local-backend/backend.mjs';

const MiB = 1024 * 1024;
const CHUNK = 16 * MiB;
const CONCURRENCY = 4;
const ROUNDS = 3;
const sizes = (process.argv[2] ?? '16,64,256').split(',').map((n) => Number(n) * MiB);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(run) {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

// node:http with a connection per request, as s3rver closes idle keep-alive sockets under fetch.
function readAll(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers, agent: false }, (response) => {
      if (response.statusCode >= 300) reject(new Error(`${url}: ${response.statusCode}`));
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function inRanges(url, size) {
  const starts = [];
  for (let start = 0; start < size; start += CHUNK) starts.push(start);
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const start = starts[next++];
      await readAll(url, { Range: `bytes=${start}-${Math.min(start + CHUNK, size) - 1}` });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'ranged-download-'));
const backend = await startLocalBackend({ s3Port: 0, identityPort: 0, dataDir, silent: true });
try {
  for (const size of sizes) {
    const url = `${backend.directS3Endpoint}/${backend.bucket}/measure-${size}.bin`;
    const put = await fetch(url, { method: 'PUT', body: Buffer.alloc(size, 7) });
    if (!put.ok) throw new Error(`PUT ${url}: ${put.status}`);
    const whole = [];
    const ranged = [];
    for (let round = 0; round < ROUNDS; round++) {
      whole.push(await timed(() => readAll(url)));
      ranged.push(await timed(() => inRanges(url, size)));
    }
    const [w, r] = [median(whole), median(ranged)];
    console.log(
      `${size / MiB} MiB: one GET ${w.toFixed(0)} ms, ${CONCURRENCY}×${CHUNK / MiB} MiB ranges ${r.toFixed(0)} ms (ranges/one = ${(r / w).toFixed(2)})`,
    );
  }
} finally {
  await backend.stop();
  await rm(dataDir, { recursive: true, force: true });
}
