import {
  KEEPALIVE_BODY_LIMIT,
  PUT_RECORDS_LIMITS,
  RecordBuffer,
  pendingRecord,
  putRecordsEnvelopeSize,
} from './record-buffer';

const MiB = 1024 * 1024;

function record(name: string, dataBytes = name.length, partitionKey = 'k') {
  const data = new Uint8Array(dataBytes);
  data.set(new TextEncoder().encode(name).slice(0, dataBytes));
  return pendingRecord(data, partitionKey);
}

const names = (records: { data: Uint8Array }[]) =>
  records.map((r) => new TextDecoder().decode(r.data).replace(/\0+$/, ''));

describe('RecordBuffer', () => {
  it('keeps at most its capacity, dropping the oldest and saying how many', () => {
    const buffer = new RecordBuffer(3);
    expect(['a', 'b', 'c'].map((n) => buffer.push(record(n)))).toEqual([0, 0, 0]);
    expect(buffer.push(record('d'))).toBe(1);
    expect(buffer.push(record('e'))).toBe(1);
    expect(names(buffer.take({ maxRecords: 10, maxBytes: MiB }))).toEqual(['c', 'd', 'e']);
    expect(buffer.length).toBe(0);
    expect(buffer.bytes).toBe(0);
  });

  it('puts a failed call back in front, and trims those first when full', () => {
    const buffer = new RecordBuffer(4);
    buffer.push(record('c'));
    buffer.push(record('d'));
    buffer.push(record('e'));
    expect(buffer.requeue([record('a'), record('b')])).toBe(1);
    expect(names(buffer.take({ maxRecords: 10, maxBytes: MiB }))).toEqual(['b', 'c', 'd', 'e']);
  });

  it('tracks its bytes as PutRecords counts them: data plus partition key', () => {
    const buffer = new RecordBuffer(10);
    buffer.push(record('abc', 3, 'key'));
    buffer.push(record('é', 2, 'ключ'));
    expect(buffer.bytes).toBe(3 + 3 + 2 + 8);
  });

  it('takes at most maxRecords, oldest first', () => {
    const buffer = new RecordBuffer(2000);
    for (let i = 0; i < 1200; i++) buffer.push(record(`r${i}`));
    const sizes = [];
    for (
      let batch = buffer.take(PUT_RECORDS_LIMITS);
      batch.length;
      batch = buffer.take(PUT_RECORDS_LIMITS)
    )
      sizes.push(batch.length);
    expect(sizes).toEqual([500, 500, 200]);
  });

  it('takes at most 5 MiB a call, partition keys included', () => {
    const buffer = new RecordBuffer(100);
    // Six records of 1 MiB less one byte, and a 1-byte key each: exactly 1 MiB apiece.
    for (let i = 0; i < 6; i++) buffer.push(record(`r${i}`, MiB - 1, 'k'));
    const first = buffer.take(PUT_RECORDS_LIMITS);
    expect(first.length).toBe(5);
    expect(first.reduce((sum, r) => sum + r.size, 0)).toBe(5 * MiB);
    expect(buffer.take(PUT_RECORDS_LIMITS).length).toBe(1);
  });

  it('takes nothing when even the oldest record does not fit', () => {
    const buffer = new RecordBuffer(10);
    buffer.push(record('big', 100));
    expect(buffer.take({ maxRecords: 10, maxBytes: 99 })).toEqual([]);
    expect(buffer.length).toBe(1);
  });

  it('measures a keepalive body by the JSON the SDK sends, data in base64', () => {
    const streamName = 'storage-events';
    const records = Array.from({ length: 40 }, (_, i) => record(`r${i}`, 1000 + i, `session-${i}`));
    const json = JSON.stringify({
      Records: records.map((r) => ({
        Data: btoa(String.fromCharCode(...r.data)),
        PartitionKey: r.partitionKey,
      })),
      StreamName: streamName,
    });
    const estimate = records.reduce(
      (sum, r) => sum + r.bodySize,
      putRecordsEnvelopeSize(streamName),
    );
    expect(estimate).toBeGreaterThanOrEqual(json.length);
    expect(estimate).toBeLessThan(json.length * 1.05);
    // What fits under the keepalive limit with these records.
    const buffer = new RecordBuffer(100);
    records.forEach((r) => buffer.push(r));
    const batch = buffer.take({
      maxRecords: 500,
      maxBytes: KEEPALIVE_BODY_LIMIT - putRecordsEnvelopeSize(streamName),
      measure: (r) => r.bodySize,
    });
    expect(
      batch.reduce((sum, r) => sum + r.bodySize, putRecordsEnvelopeSize(streamName)),
    ).toBeLessThanOrEqual(KEEPALIVE_BODY_LIMIT);
    expect(batch.length).toBeGreaterThan(40 - 2);
  });
});
