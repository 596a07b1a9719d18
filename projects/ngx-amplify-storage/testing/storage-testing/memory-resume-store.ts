import type { ResumableUpload, ResumeStore } from 'ngx-amplify-storage';

/** A ResumeStore in memory, so that specs never touch the browser's IndexedDB. */
export class MemoryResumeStore implements ResumeStore {
  private readonly uploads = new Map<string, ResumableUpload>();

  /** The remembered upload with this ID, if younger than `maxAgeMs`. */
  async find(id: string, maxAgeMs: number): Promise<ResumableUpload | undefined> {
    const upload = this.uploads.get(id);
    return upload && Date.now() - upload.createdAt <= maxAgeMs ? upload : undefined;
  }

  /** Remembers (or updates) an upload. */
  async save(upload: ResumableUpload): Promise<void> {
    this.uploads.set(upload.id, structuredClone(upload));
  }

  /** Forgets an upload. */
  async delete(id: string): Promise<void> {
    this.uploads.delete(id);
  }

  /** Forgets and returns uploads older than `maxAgeMs`. */
  async purgeExpired(maxAgeMs: number): Promise<ResumableUpload[]> {
    const expired = [...this.uploads.values()].filter((u) => Date.now() - u.createdAt > maxAgeMs);
    for (const upload of expired) this.uploads.delete(upload.id);
    return expired;
  }
}
