// Run with: node --test tools/local-kinesis/
// Local Kinesis as the tests and the demo use it: kinesalite in its child process, reached by the
// real AWS SDK over HTTP/1.1, answering browsers' CORS preflights; and the fault double in front.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createStream, kinesisClient, startLocalKinesis } from './local-kinesis.mjs';
import { normalizePlan } from './kinesis-fault-proxy.mjs';

const ORIGIN = 'http://localhost:9876';
let local;
let direct;
let viaFaults;
let streamCount = 0;

before(async () => {
  local = await startLocalKinesis({ streams: [{ name: 'preset', shardCount: 2 }] });
  direct = local.client();
  viaFaults = kinesisClient(local.faultyEndpoint, local.region);
});

after(async () => {
  direct?.destroy();
  viaFaults?.destroy();
  await local?.stop();
});

beforeEach(() => local.faults.reset());

async function newStream(shardCount = 1) {
  const name = `test-${++streamCount}-${Date.now().toString(36)}`;
  await createStream(direct, name, shardCount);
  return name;
}

/** Every record of every shard, in shard then sequence order, data as text. */
async function readAll(streamName) {
  const { Shards = [] } = await direct.send(new ListShardsCommand({ StreamName: streamName }));
  const texts = [];
  for (const shard of Shards) {
    let { ShardIterator: iterator } = await direct.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const page = await direct.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const record of page.Records ?? []) texts.push(new TextDecoder().decode(record.Data));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return texts;
}

const records = (texts) =>
  texts.map((text) => ({ Data: new TextEncoder().encode(text), PartitionKey: 'p' }));

test('creates the preset streams ACTIVE, and the SDK puts and gets records over HTTP/1.1', async () => {
  const { Shards } = await direct.send(new ListShardsCommand({ StreamName: 'preset' }));
  assert.equal(Shards.length, 2);
  const out = await direct.send(
    new PutRecordsCommand({ StreamName: 'preset', Records: records(['a', 'b', 'c']) }),
  );
  assert.equal(out.FailedRecordCount, 0);
  assert.deepEqual((await readAll('preset')).sort(), ['a', 'b', 'c']);
});

test('answers a browser preflight for PutRecords with the headers the SDK sends', async () => {
  const requested =
    'amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-date,x-amz-security-token,x-amz-target,x-amz-user-agent';
  const response = await fetch(local.endpoint, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': requested,
    },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
  assert.equal(response.headers.get('access-control-allow-headers'), requested);
});

test('the fault double forwards calls unchanged when it has no plan', async () => {
  const stream = await newStream();
  const out = await viaFaults.send(
    new PutRecordsCommand({ StreamName: stream, Records: records(['x', 'y']) }),
  );
  assert.equal(out.FailedRecordCount, 0);
  assert.deepEqual(await readAll(stream), ['x', 'y']);
  assert.deepEqual(
    local.faults.stats().putRecordsCalls.map((c) => [c.records, c.fault]),
    [[2, 'pass']],
  );
});

test('failEvery fails those records the way Kinesis does: ErrorCode set, and not stored', async () => {
  const stream = await newStream();
  local.faults.setFaults({
    calls: [{ failEvery: 2, errorCode: 'ProvisionedThroughputExceededException' }],
  });
  const out = await viaFaults.send(
    new PutRecordsCommand({ StreamName: stream, Records: records(['r0', 'r1', 'r2', 'r3', 'r4']) }),
  );
  assert.equal(out.FailedRecordCount, 3);
  assert.deepEqual(
    out.Records.map((r) => r.ErrorCode ?? 'ok'),
    [
      'ProvisionedThroughputExceededException',
      'ok',
      'ProvisionedThroughputExceededException',
      'ok',
      'ProvisionedThroughputExceededException',
    ],
  );
  assert.ok(out.Records[1].SequenceNumber && out.Records[3].SequenceNumber);
  assert.deepEqual(await readAll(stream), ['r1', 'r3']);
  // The next call has no fault left in the plan.
  const second = await viaFaults.send(
    new PutRecordsCommand({ StreamName: stream, Records: records(['r0', 'r2', 'r4']) }),
  );
  assert.equal(second.FailedRecordCount, 0);
  assert.deepEqual(await readAll(stream), ['r1', 'r3', 'r0', 'r2', 'r4']);
});

test('whole-call faults store nothing: a 500 InternalFailure, then a dropped connection', async () => {
  const stream = await newStream();
  local.faults.setFaults({ calls: [{ status: 500, type: 'InternalFailure' }, { drop: true }] });
  await assert.rejects(
    viaFaults.send(new PutRecordsCommand({ StreamName: stream, Records: records(['a']) })),
    (error) => {
      assert.equal(error.name, 'InternalFailure');
      assert.equal(error.$metadata.httpStatusCode, 500);
      return true;
    },
  );
  await assert.rejects(
    viaFaults.send(new PutRecordsCommand({ StreamName: stream, Records: records(['a']) })),
    /socket hang up|ECONNRESET/,
  );
  assert.deepEqual(await readAll(stream), []);
  assert.deepEqual(
    local.faults.stats().putRecordsCalls.map((c) => c.fault),
    ['500 InternalFailure', 'drop'],
  );
});

test('`then` applies to every call after the list', async () => {
  const stream = await newStream();
  local.faults.setFaults({ then: { status: 503, type: 'ServiceUnavailable' } });
  for (let i = 0; i < 3; i++) {
    await assert.rejects(
      viaFaults.send(new PutRecordsCommand({ StreamName: stream, Records: records(['a']) })),
      { name: 'ServiceUnavailable' },
    );
  }
  assert.equal(local.faults.stats().putRecordsCalls.length, 3);
});

test('the control API is reachable from a browser origin, and rejects a bad plan', async () => {
  const preflight = await fetch(local.faultControlEndpoint, {
    method: 'OPTIONS',
    headers: {
      Origin: ORIGIN,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type',
    },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  const bad = await fetch(local.faultControlEndpoint, {
    method: 'PUT',
    body: JSON.stringify({ calls: [{ failEvery: 0 }] }),
  });
  assert.equal(bad.status, 400);
  const good = await fetch(local.faultControlEndpoint, {
    method: 'PUT',
    body: JSON.stringify({ calls: ['pass', { drop: true }] }),
  });
  assert.deepEqual(await good.json(), { calls: ['pass', { drop: true }], then: 'pass' });
  const stats = await (await fetch(`${local.faultControlEndpoint}/stats`)).json();
  assert.deepEqual(stats, { requests: 0, putRecordsCalls: [] });
  assert.throws(() => normalizePlan({ call: [] }), /Unknown plan key/);
});

test('stop() ends kinesalite and the proxy', async () => {
  const other = await startLocalKinesis();
  await other.stop();
  await assert.rejects(fetch(other.endpoint, { method: 'POST' }));
  await assert.rejects(fetch(other.faultyEndpoint, { method: 'POST' }));
});
