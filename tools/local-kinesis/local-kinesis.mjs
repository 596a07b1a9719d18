// Local Amazon Kinesis Data Streams for the tests and the demo: kinesalite (in memory, in a child
// process) on loopback, and in front of it the fault double the sink's retry specs use
// (kinesis-fault-proxy.mjs).
//
// Browsers can call kinesalite directly: it answers CORS preflights itself (any origin, the
// requested headers and method) and exposes x-amzn-RequestId and x-amzn-ErrorType. It does not
// check signatures, so any credentials do.
//
// Node clients of kinesalite need the HTTP/1.1 handler: the SDK's Node default for Kinesis is
// HTTP/2 (for SubscribeToShard), which kinesalite does not speak. kinesisClient() below sets it up.
//
// Run alone (for the demo): `node tools/local-kinesis/local-kinesis.mjs [port]` starts it on
// 127.0.0.1:4567 (or `port`) with the stream `ngx-amplify-storage-events`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startKinesisFaultProxy } from './kinesis-fault-proxy.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVER_SCRIPT = path.join(HERE, 'kinesalite-server.mjs');
const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;
const ACTIVE_TIMEOUT_MS = 10_000;

/** The stream the demo writes to. */
export const DEMO_STREAM = 'ngx-amplify-storage-events';

const urlFor = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * A Node Kinesis client for `endpoint`, over HTTP/1.1 (kinesalite speaks no HTTP/2), with
 * kinesalite's indifferent credentials. Destroy it when done.
 */
export function kinesisClient(endpoint, region = 'us-east-1') {
  return new KinesisClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 10_000 }),
    maxAttempts: 1,
  });
}

/** Creates `name` with `shardCount` shards and resolves once it is ACTIVE. */
export async function createStream(client, name, shardCount = 1) {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { StreamDescriptionSummary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(
        `Stream ${name} is still ${StreamDescriptionSummary?.StreamStatus} after ${ACTIVE_TIMEOUT_MS} ms.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Runs kinesalite-server.mjs and resolves once it listens.
async function startKinesaliteProcess({ host, port, streamStateMs, shardLimit }) {
  const child = spawn(
    process.execPath,
    [
      SERVER_SCRIPT,
      JSON.stringify({
        host,
        port,
        createStreamMs: streamStateMs,
        deleteStreamMs: streamStateMs,
        updateStreamMs: streamStateMs,
        shardLimit,
      }),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killChild = () => child.kill('SIGKILL');
  process.on('exit', killChild);
  exited.then(() => process.off('exit', killChild));

  let timer;
  const realPort = await new Promise((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error('kinesalite did not start in time')),
      STARTUP_TIMEOUT_MS,
    );
    child.once('message', (msg) =>
      msg.type === 'ready'
        ? resolve(msg.port)
        : reject(new Error(`kinesalite failed to start: ${msg.message}`)),
    );
    child.once('error', reject);
    exited.then((code) =>
      reject(new Error(`kinesalite exited (code ${code}) before it was ready`)),
    );
  })
    .catch(async (error) => {
      child.kill('SIGKILL');
      if (child.pid) await exited;
      throw error;
    })
    .finally(() => clearTimeout(timer));

  return {
    port: realPort,
    exited,
    async stop() {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killTimer);
    },
  };
}

/**
 * Starts local Kinesis on `host`:`port` (0: a free port) with `streams` created and ACTIVE
 * ({ name, shardCount? } each); resolves to { endpoint, faultyEndpoint, faultControlEndpoint,
 * region, faults, client(), stop() }. `streamStateMs` is how long streams stay CREATING,
 * UPDATING or DELETING (kinesalite's default is 500 ms; tests want it short). `shardLimit` is the
 * account's shard quota (kinesalite's default, 10, is AWS's old one; specs make a stream each).
 */
export async function startLocalKinesis({
  host = '127.0.0.1',
  port = 0,
  region = 'us-east-1',
  streams = [],
  streamStateMs = 20,
  shardLimit = 10_000,
  silent = true,
} = {}) {
  const kinesalite = await startKinesaliteProcess({ host, port, streamStateMs, shardLimit });
  const endpoint = urlFor(host, kinesalite.port);
  let faults;
  let stopping = false;
  kinesalite.exited.then(
    (code) =>
      stopping || silent || console.error(`local kinesis: kinesalite exited (code ${code})`),
  );
  try {
    faults = await startKinesisFaultProxy({ target: endpoint, host });
    const client = kinesisClient(endpoint, region);
    try {
      for (const stream of streams) await createStream(client, stream.name, stream.shardCount ?? 1);
    } finally {
      client.destroy();
    }
  } catch (error) {
    await faults?.close();
    await kinesalite.stop();
    throw error;
  }
  if (!silent)
    console.log(
      `local kinesis: ${endpoint} (streams: ${streams.map((s) => s.name).join(', ') || 'none'})`,
    );
  return {
    /** kinesalite itself: where the sink and the specs go. */
    endpoint,
    /** kinesalite behind the fault double (kinesis-fault-proxy.mjs), for the retry specs. */
    faultyEndpoint: faults.endpoint,
    /** The fault double's control API: PUT a plan, GET /stats, POST /reset. */
    faultControlEndpoint: faults.controlEndpoint,
    /** Region the clients should name (kinesalite accepts any). */
    region,
    /** The fault double, for Node callers. */
    faults,
    /** A Node client of kinesalite over HTTP/1.1; destroy it when done. */
    client: () => kinesisClient(endpoint, region),
    /** Stops the proxy and kinesalite; resolves once both are gone. */
    async stop() {
      stopping = true;
      await faults.close();
      await kinesalite.stop();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 4567);
  const local = await startLocalKinesis({
    port,
    streams: [{ name: DEMO_STREAM, shardCount: 1 }],
    silent: false,
  });
  console.log(`local kinesis: fault double at ${local.faultyEndpoint}`);
  const stop = () => local.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
