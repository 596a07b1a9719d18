/** Kinesis Data Streams' limits on one PutRecords call. */
export const PUT_RECORDS_LIMITS = {
  /** Records per call. */
  maxRecords: 500,
  /** Bytes per call: record data (before base64) plus partition keys. */
  maxBytes: 5 * 1024 * 1024,
  /** Bytes per record: data plus partition key. */
  maxRecordBytes: 1024 * 1024,
} as const;

/** Browsers' limit on the bodies of all of a page's `keepalive` requests in flight together. */
export const KEEPALIVE_BODY_LIMIT = 64 * 1024;

/** One event waiting to be sent as a record. */
export interface PendingRecord {
  /** The record's data: the event as UTF-8 JSON. */
  readonly data: Uint8Array;
  /** The record's partition key. */
  readonly partitionKey: string;
  /** What the record counts against PutRecords' byte limits: data plus partition key. */
  readonly size: number;
  /** Upper bound of what the record adds to a PutRecords JSON body (data in base64). */
  readonly bodySize: number;
  /** Calls that tried to send it and failed. */
  attempts: number;
}

const utf8 = new TextEncoder();

/** Turns record data and a partition key into a pending record. */
export function pendingRecord(data: Uint8Array, partitionKey: string): PendingRecord {
  const keyBytes = utf8.encode(partitionKey).length;
  return {
    data,
    partitionKey,
    size: data.length + keyBytes,
    // {"Data":"<base64>","PartitionKey":<the key as a JSON string>}, and a comma.
    bodySize:
      Math.ceil(data.length / 3) * 4 + utf8.encode(JSON.stringify(partitionKey)).length + 32,
    attempts: 0,
  };
}

/** Upper bound of a PutRecords JSON body's bytes other than its records. */
export function putRecordsEnvelopeSize(streamName: string): number {
  // {"Records":[...],"StreamName":"<name>"}; stream names need no escapes.
  return streamName.length + 64;
}

/** How much one call may carry, and how a record is measured against `maxBytes`. */
export interface BatchLimits {
  /** Most records. */
  maxRecords: number;
  /** Most bytes, as `measure` counts them. */
  maxBytes: number;
  /** A record's bytes; default its `size`. */
  measure?: (record: PendingRecord) => number;
}

/**
 * The events waiting to be sent, oldest first, at most `capacity` of them. Past it, the oldest
 * are dropped: under back-pressure recent events are worth more than old ones, and the page's
 * memory stays bounded however long the stream is unreachable (by `capacity` waiting events plus
 * the calls in flight, at most one batch each).
 */
export class RecordBuffer {
  private records: PendingRecord[] = [];
  private byteCount = 0;

  constructor(readonly capacity: number) {}

  /** Records waiting. */
  get length(): number {
    return this.records.length;
  }

  /** Their bytes, as PutRecords counts them. */
  get bytes(): number {
    return this.byteCount;
  }

  /** Adds `record` as the newest; returns how many of the oldest were dropped to stay within capacity. */
  push(record: PendingRecord): number {
    this.records.push(record);
    this.byteCount += record.size;
    return this.trim();
  }

  /**
   * Puts the records of a failed call back in front, as the oldest they are; returns how many
   * were dropped. Records out in a call do not count against the capacity (they may well
   * land), so it is here, when they come back, that the oldest go.
   */
  requeue(records: readonly PendingRecord[]): number {
    this.records.unshift(...records);
    for (const record of records) this.byteCount += record.size;
    return this.trim();
  }

  /** Takes, oldest first, as many records as one call may carry; empty if even the oldest does not fit. */
  take(limits: BatchLimits): PendingRecord[] {
    const measure = limits.measure ?? ((record: PendingRecord) => record.size);
    let count = 0;
    let bytes = 0;
    while (count < this.records.length && count < limits.maxRecords) {
      const size = measure(this.records[count]);
      if (bytes + size > limits.maxBytes) break;
      bytes += size;
      count++;
    }
    const batch = this.records.splice(0, count);
    for (const record of batch) this.byteCount -= record.size;
    return batch;
  }

  private trim(): number {
    const excess = this.records.length - this.capacity;
    if (excess <= 0) return 0;
    const dropped = this.records.splice(0, excess);
    for (const record of dropped) this.byteCount -= record.size;
    return dropped.length;
  }
}
