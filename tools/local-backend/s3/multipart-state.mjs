// Multipart upload state on disk, under <dataDir>/.local-backend/multipart/<uploadId>/:
//   upload.json      { bucket, key, metadata, initiated, checksum: { algorithm, type } }
//   part-<n>.json    { partNumber, file, etag, size, lastModified, checksums: { algorithm: base64 } }
//   part-<n>.bin.partial-<random>   the part's bytes (a new file per upload of the part)
//   completed.json   { bucket, key, parts: [[n, etag]...], result } once completed; all else is removed
// Upload IDs are the only request input in these paths; they are checked against the contract's
// format and every path is confined to the multipart folder all the same.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { confinedPath } from './confine.mjs';
import { invalidArgument, noSuchUpload } from './errors.mjs';
import { writeFileAtomically } from './object-files.mjs';

const UPLOAD_ID = /^[A-Za-z0-9_-]{43}$/;
const PART_NUMBER = /^[1-9]\d{0,4}$/;
/** S3's highest part number. */
export const MAX_PART_NUMBER = 10000;

/** A new upload ID: 32 random bytes as base64url (43 characters), as the gateway expects. */
export function newUploadId() {
  return randomBytes(32).toString('base64url');
}

/** The part number of a `partNumber` query value, or a thrown InvalidArgument. */
export function parsePartNumber(text) {
  if (typeof text !== 'string' || !PART_NUMBER.test(text) || Number(text) > MAX_PART_NUMBER)
    throw invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      text,
    );
  return Number(text);
}

async function readJson(filePath) {
  try {
    return JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  }
}

// One promise chain per upload: part commits, Complete and Abort of one upload run one at a time.
const queues = new Map();
function serialized(uploadId, task) {
  const run = (queues.get(uploadId) ?? Promise.resolve()).then(task, task);
  const settled = run.catch(() => {});
  queues.set(uploadId, settled);
  settled.then(() => queues.get(uploadId) === settled && queues.delete(uploadId));
  return run;
}

/** The multipart uploads of one data folder. */
export class MultipartState {
  constructor(dataDir) {
    this.root = path.join(path.resolve(dataDir), '.local-backend', 'multipart');
  }

  /** The folder of an upload; a malformed ID is an upload S3 does not know. */
  folder(uploadId) {
    if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) throw noSuchUpload(uploadId);
    return confinedPath(this.root, uploadId);
  }

  /** Where part `n`'s bytes go before being committed (a temporary name is added to it). */
  partDataPath(uploadId, partNumber) {
    return confinedPath(this.folder(uploadId), `part-${partNumber}.bin`);
  }

  /** Records a new upload and returns its ID. */
  async create(record) {
    const uploadId = newUploadId();
    const folder = this.folder(uploadId);
    await mkdir(folder, { recursive: true });
    await writeFileAtomically(path.join(folder, 'upload.json'), JSON.stringify(record));
    return uploadId;
  }

  /** The upload `uploadId` of exactly this bucket and key, or a thrown NoSuchUpload. */
  async open(uploadId, bucket, key) {
    const upload = await readJson(path.join(this.folder(uploadId), 'upload.json'));
    if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
    return upload;
  }

  /** The record of a completed upload of this bucket and key, or undefined. */
  async completed(uploadId, bucket, key) {
    const done = await readJson(path.join(this.folder(uploadId), 'completed.json'));
    return done && done.bucket === bucket && done.key === key ? done : undefined;
  }

  /** All committed parts, by ascending part number. */
  async parts(uploadId) {
    const folder = this.folder(uploadId);
    const names = (await readdir(folder).catch(() => [])).filter((name) =>
      /^part-\d+\.json$/.test(name),
    );
    const parts = await Promise.all(names.map((name) => readJson(path.join(folder, name))));
    return parts.filter(Boolean).sort((a, b) => a.partNumber - b.partNumber);
  }

  /** The bytes file of a committed part. */
  partFile(uploadId, part) {
    return confinedPath(this.folder(uploadId), part.file);
  }

  /**
   * Makes a received part (its bytes in `partialPath`) part `partNumber` of the upload, replacing
   * an earlier one; if the upload was completed or aborted meanwhile, drops it: NoSuchUpload.
   */
  commitPart(uploadId, bucket, key, part, partialPath) {
    return serialized(uploadId, async () => {
      const folder = this.folder(uploadId);
      try {
        await this.open(uploadId, bucket, key);
      } catch (error) {
        await rm(partialPath, { force: true });
        throw error;
      }
      const jsonPath = path.join(folder, `part-${part.partNumber}.json`);
      const previous = await readJson(jsonPath);
      await writeFileAtomically(
        jsonPath,
        JSON.stringify({ ...part, file: path.basename(partialPath) }),
      );
      if (previous && previous.file !== path.basename(partialPath))
        await rm(confinedPath(folder, previous.file), { force: true });
    });
  }

  /** Runs `task` with no part commit, Complete or Abort of the same upload running. */
  exclusive(uploadId, task) {
    this.folder(uploadId);
    return serialized(uploadId, task);
  }

  /** Marks an upload completed with `record` and removes its parts. */
  async finish(uploadId, record) {
    const folder = this.folder(uploadId);
    await writeFileAtomically(path.join(folder, 'completed.json'), JSON.stringify(record));
    const names = await readdir(folder);
    await Promise.all(
      names
        .filter((name) => name !== 'completed.json')
        .map((name) => rm(path.join(folder, name), { force: true })),
    );
  }

  /** Removes an upload and its parts. */
  async remove(uploadId) {
    await rm(this.folder(uploadId), { recursive: true, force: true });
  }
}
