/** An object as the in-memory bucket keeps it. */
export interface StoredObject {
  /** The full key, level prefix included. */
  key: string;
  /** The content. */
  body: Uint8Array;
  /** Content-Type as stored. */
  contentType: string;
  /** Content-Disposition, Cache-Control and Expires as stored, when given. */
  contentDisposition?: string;
  cacheControl?: string;
  expires?: string;
  /** User metadata (`x-amz-meta-*`), names in lower case as S3 returns them. */
  metadata: Record<string, string>;
  /** Quoted, as S3 sends it; changes on every write. */
  eTag: string;
  /** When it was written. */
  lastModified: Date;
}

/** The headers a write stores with an object. */
export type ObjectHeaders = Pick<
  StoredObject,
  'contentType' | 'contentDisposition' | 'cacheControl' | 'expires' | 'metadata'
>;

/** A multipart upload under way. */
interface OpenUpload {
  key: string;
  headers: ObjectHeaders;
  parts: Map<number, { body: Uint8Array; eTag: string }>;
}

/** One page of a listing. */
export interface ListPage {
  objects: StoredObject[];
  folders: string[];
  nextToken?: string;
}

/**
 * The objects and open multipart uploads of one bucket, in memory. No access checks here: the
 * testing backend decides who may call what (access-rules.ts) before it gets here.
 */
export class InMemoryBucket {
  private readonly objects = new Map<string, StoredObject>();
  private readonly uploads = new Map<string, OpenUpload>();
  private writes = 0;

  /** The object at `key`, if any. */
  get(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  /** Every stored object, in key order. */
  all(): StoredObject[] {
    return [...this.objects.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  /** Stores `body` at `key` with `headers`, replacing what was there; returns the new object. */
  put(key: string, body: Uint8Array, headers: ObjectHeaders, eTagSuffix = ''): StoredObject {
    const stored: StoredObject = {
      key,
      body,
      ...headers,
      eTag: `"${this.nextTag()}${eTagSuffix}"`,
      lastModified: new Date(),
    };
    this.objects.set(key, stored);
    return stored;
  }

  /** Deletes `key`; deleting a missing key succeeds, as in S3. */
  delete(key: string): void {
    this.objects.delete(key);
  }

  /** Deletes everything, open uploads included. */
  clear(): void {
    this.objects.clear();
    this.uploads.clear();
  }

  /** Keys under `prefix`, after `token`, at most `max`; with a delimiter, deeper keys fold into folders. */
  list(prefix: string, max: number, token?: string, delimiter?: string): ListPage {
    const entries: { key: string; object?: StoredObject }[] = [];
    const folders = new Set<string>();
    for (const object of this.all()) {
      if (!object.key.startsWith(prefix)) continue;
      const rest = object.key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) {
        const folder = prefix + rest.slice(0, cut + delimiter!.length);
        if (!folders.has(folder)) {
          folders.add(folder);
          entries.push({ key: folder });
        }
      } else entries.push({ key: object.key, object });
    }
    const start =
      token === undefined ? 0 : entries.findIndex((entry) => compareKeys(entry.key, token) > 0);
    const page = start < 0 ? [] : entries.slice(start, start + max);
    const more = start >= 0 && start + max < entries.length;
    return {
      objects: page.flatMap((entry) => (entry.object ? [entry.object] : [])),
      folders: page.flatMap((entry) => (entry.object ? [] : [entry.key])),
      nextToken: more ? page[page.length - 1].key : undefined,
    };
  }

  /** Opens a multipart upload to `key`; returns its upload ID. */
  createUpload(key: string, headers: ObjectHeaders): string {
    const uploadId = `upload-${this.nextTag()}`;
    this.uploads.set(uploadId, { key, headers, parts: new Map() });
    return uploadId;
  }

  /** Stores one part; returns its ETag, or undefined when the upload is unknown (NoSuchUpload). */
  putPart(uploadId: string, key: string, partNumber: number, body: Uint8Array): string | undefined {
    const upload = this.uploads.get(uploadId);
    if (upload?.key !== key) return undefined;
    const eTag = `"${this.nextTag()}"`;
    upload.parts.set(partNumber, { body, eTag });
    return eTag;
  }

  /**
   * Joins the listed parts into the object; returns it, or a reason S3 would give
   * (NoSuchUpload, InvalidPart) when the list does not match what was uploaded.
   */
  completeUpload(
    uploadId: string,
    key: string,
    listed: { partNumber: number; eTag: string }[],
  ): StoredObject | 'NoSuchUpload' | 'InvalidPart' {
    const upload = this.uploads.get(uploadId);
    if (upload?.key !== key) return 'NoSuchUpload';
    const parts = listed.map((entry) => upload.parts.get(entry.partNumber));
    if (listed.length === 0 || parts.some((part, i) => part?.eTag !== listed[i].eTag))
      return 'InvalidPart';
    const size = parts.reduce((sum, part) => sum + part!.body.length, 0);
    const body = new Uint8Array(size);
    let offset = 0;
    for (const part of parts) {
      body.set(part!.body, offset);
      offset += part!.body.length;
    }
    this.uploads.delete(uploadId);
    return this.put(key, body, upload.headers, `-${parts.length}`);
  }

  /** Forgets an open upload and its parts. */
  abortUpload(uploadId: string): void {
    this.uploads.delete(uploadId);
  }

  /** How many multipart uploads are open (started, neither completed nor aborted). */
  openUploads(): number {
    return this.uploads.size;
  }

  // 32 hex digits, like the MD5 ETags of S3; unique per write, which is all callers compare.
  private nextTag(): string {
    return (++this.writes).toString(16).padStart(32, '0');
  }
}

/** S3 lists keys in UTF-8 byte order; code-point order is the same order. */
export function compareKeys(a: string, b: string): number {
  const left = [...a].map((c) => c.codePointAt(0)!);
  const right = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++)
    if (left[i] !== right[i]) return left[i] - right[i];
  return left.length - right.length;
}
