// What the Kinesis specs know of local Kinesis (tools/local-kinesis), which `npm test` starts and
// describes in LOCAL_BACKEND; and how they look into it: streams are read back with the SDK's own
// GetShardIterator and GetRecords, nothing mocked.
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { StorageCredentialsProvider, StorageEvent, StorageIdentity } from 'ngx-amplify-storage';
import { sleep } from '../spec-support/async';
import { LocalBackend, localBackend } from '../spec-support/local-backend';

/** The Kinesis part of LOCAL_BACKEND. */
export interface LocalKinesis {
  /** kinesalite itself. */
  kinesisEndpoint: string;
  /** kinesalite behind the fault double (tools/local-kinesis/kinesis-fault-proxy.mjs). */
  kinesisFaultyEndpoint: string;
  /** The fault double's control API: PUT a plan, GET /stats, POST /reset. */
  kinesisFaultControlEndpoint: string;
}

/** Region the specs name; kinesalite takes any. */
export const KINESIS_REGION = 'us-east-1';

/** Local Kinesis; fails at once, saying why, when the tests run without it. */
export function localKinesis(): LocalKinesis {
  const backend = localBackend() as LocalBackend & Partial<LocalKinesis>;
  const { kinesisEndpoint, kinesisFaultyEndpoint, kinesisFaultControlEndpoint } = backend;
  if (!kinesisEndpoint || !kinesisFaultyEndpoint || !kinesisFaultControlEndpoint) {
    throw new Error(
      'No local Kinesis: run the tests with `npm test`, which starts it (tools/local-kinesis).',
    );
  }
  return { kinesisEndpoint, kinesisFaultyEndpoint, kinesisFaultControlEndpoint };
}

/** Credentials for kinesalite, which checks that requests are signed but not by whom. */
export class LocalKinesisCredentials implements StorageCredentialsProvider {
  /** How many times the sink asked for credentials. */
  calls = 0;
  getIdentity(): Promise<StorageIdentity> {
    this.calls++;
    return Promise.resolve({
      credentials: { accessKeyId: 'local-kinesis', secretAccessKey: 'local-kinesis' },
    });
  }
}

let client: KinesisClient | undefined;

/** The specs' own client of kinesalite, to create and read streams. */
function kinesis(): KinesisClient {
  client ??= new KinesisClient({
    region: KINESIS_REGION,
    endpoint: localKinesis().kinesisEndpoint,
    credentials: { accessKeyId: 'spec', secretAccessKey: 'spec' },
  });
  return client;
}

let streams = 0;

/** Creates a stream no other spec uses and resolves to its name once it is ACTIVE. */
export async function createTestStream(shardCount = 1): Promise<string> {
  const name = `spec-${Date.now().toString(36)}-${++streams}-${Math.random().toString(36).slice(2, 6)}`;
  await kinesis().send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  for (let i = 0; i < 500; i++) {
    const { StreamDescriptionSummary } = await kinesis().send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return name;
    await sleep(20);
  }
  throw new Error(`Stream ${name} did not become ACTIVE.`);
}

/** One record as a consumer of the stream sees it. */
export interface StreamRecord {
  /** The record's data, parsed: the event plus `time`. */
  data: StorageEvent & { time: string };
  /** The record's partition key. */
  partitionKey: string;
}

/** Every record in `streamName`, shard by shard, oldest first. */
export async function readStream(streamName: string): Promise<StreamRecord[]> {
  const { Shards = [] } = await kinesis().send(new ListShardsCommand({ StreamName: streamName }));
  const records: StreamRecord[] = [];
  for (const shard of Shards) {
    let { ShardIterator: iterator } = await kinesis().send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const page = await kinesis().send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
      );
      for (const record of page.Records ?? []) {
        records.push({
          data: JSON.parse(new TextDecoder().decode(record.Data)),
          partitionKey: record.PartitionKey ?? '',
        });
      }
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

/** Reads `streamName` until `done` holds for its records, or fails after `timeoutMs`. */
export async function readStreamUntil(
  streamName: string,
  done: (records: StreamRecord[]) => boolean,
  timeoutMs = 10_000,
): Promise<StreamRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readStream(streamName);
    if (done(records)) return records;
    if (Date.now() > deadline)
      throw new Error(
        `${streamName} holds ${records.length} records, not what the spec waited for.`,
      );
    await sleep(50);
  }
}

/** A tracking event whose key tells it apart: `event-<n>`. */
export function testEvent(n: number, overrides: Partial<StorageEvent> = {}): StorageEvent {
  return {
    method: 'put',
    result: 'success',
    level: 'public',
    key: `event-${n}`,
    size: n,
    durationMs: 1,
    ...overrides,
  };
}

/** A fault plan for the fault double (see tools/local-kinesis/kinesis-fault-proxy.mjs). */
export interface KinesisFaultPlan {
  calls?: KinesisFault[];
  then?: KinesisFault;
}

/** One call's fault. */
export type KinesisFault =
  | 'pass'
  | { status: number; type?: string }
  | { drop: true }
  | { failEvery: number; errorCode?: 'ProvisionedThroughputExceededException' | 'InternalFailure' };

/** What the fault double saw: each PutRecords call, its record count and what it did to it. */
export interface KinesisFaultStats {
  requests: number;
  putRecordsCalls: {
    records: number;
    bodyBytes: number;
    fault: string;
    failed: number;
    partitionKeys: string[];
  }[];
}

/** Sets the fault double's plan; `{}` clears it. */
export async function setKinesisFaults(plan: KinesisFaultPlan): Promise<void> {
  const response = await fetch(localKinesis().kinesisFaultControlEndpoint, {
    method: 'PUT',
    body: JSON.stringify(plan),
  });
  if (!response.ok) throw new Error(`fault plan refused: ${await response.text()}`);
}

/** The fault double's counters since its last reset. */
export async function kinesisFaultStats(): Promise<KinesisFaultStats> {
  return (await fetch(`${localKinesis().kinesisFaultControlEndpoint}/stats`)).json();
}

/** Clears the fault double's plan and counters. */
export async function resetKinesisFaults(): Promise<void> {
  await fetch(`${localKinesis().kinesisFaultControlEndpoint}/reset`, { method: 'POST' });
}

export { sleep } from '../spec-support/async';
