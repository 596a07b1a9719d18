import { ResumableUpload, ResumeStore } from './resume-store';

const DATABASE = 'ngx-amplify-storage';
const STORE = 'resumable-uploads';

/** Where a remembered upload goes, read back from its ID. */
export interface UploadTarget {
  bucket: string;
  key: string;
  identityId: string;
}

/** The ID under which a file's upload to one key is remembered. */
export function resumableUploadId(parts: {
  bucket: string;
  key: string;
  identityId?: string;
  file: File;
}): string {
  const { bucket, key, identityId, file } = parts;
  return JSON.stringify([bucket, key, identityId ?? '', file.name, file.size, file.lastModified]);
}

/** The bucket, key and identity in a record's ID; undefined for an ID not made by resumableUploadId. */
export function uploadTarget(id: string): UploadTarget | undefined {
  try {
    const [bucket, key, identityId] = JSON.parse(id) as unknown[];
    return typeof bucket === 'string' && typeof key === 'string' && typeof identityId === 'string'
      ? { bucket, key, identityId }
      : undefined;
  } catch {
    return undefined;
  }
}

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

/** Unfinished uploads in IndexedDB. Every method tolerates a browser without IndexedDB (nothing is kept). */
export class ResumableUploadStore implements ResumeStore {
  private database: Promise<IDBDatabase | undefined> | undefined;

  /** The remembered upload with this ID, if any and younger than `maxAgeMs`. */
  async find(id: string, maxAgeMs: number, now = Date.now()): Promise<ResumableUpload | undefined> {
    const store = await this.store('readonly');
    const record = store
      ? ((await request(store.get(id))) as ResumableUpload | undefined)
      : undefined;
    if (record && now - record.createdAt > maxAgeMs) {
      await this.delete(id);
      return undefined;
    }
    return record;
  }

  /** Remembers (or updates) an upload. */
  async save(upload: ResumableUpload): Promise<void> {
    const store = await this.store('readwrite');
    if (store) await request(store.put(upload));
  }

  /** Forgets an upload. */
  async delete(id: string): Promise<void> {
    const store = await this.store('readwrite');
    if (store) await request(store.delete(id));
  }

  /** Forgets uploads older than `maxAgeMs`; returns them, so that their parts can be deleted. */
  async purgeExpired(maxAgeMs: number, now = Date.now()): Promise<ResumableUpload[]> {
    const store = await this.store('readonly');
    if (!store) return [];
    const all = (await request(store.getAll())) as ResumableUpload[];
    const expired = all.filter((upload) => now - upload.createdAt > maxAgeMs);
    // A new transaction per delete: the read-only one has ended by the time getAll resolves.
    await Promise.all(expired.map((upload) => this.delete(upload.id)));
    return expired;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore | undefined> {
    this.database ??= this.open();
    const database = await this.database;
    return database?.transaction(STORE, mode).objectStore(STORE);
  }

  private open(): Promise<IDBDatabase | undefined> {
    if (typeof indexedDB === 'undefined') return Promise.resolve(undefined);
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'id' });
    // Private browsing modes may refuse IndexedDB: uploads then simply cannot resume after a reload.
    return request(opening).catch(() => undefined);
  }
}
