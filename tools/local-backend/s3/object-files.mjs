// How objects sit on disk next to s3rver's own files, and the FilesystemStore patches that keep
// writes atomic, deletes race-free, and checksums with the object they describe.
// FilesystemStore keeps the object "a/b.txt" in <bucket>/a/b.txt._S3rver_object, next to
// b.txt._S3rver_object.md5 (the ETag without quotes), b.txt._S3rver_metadata.json, and ours:
// b.txt._S3rver_checksum.json ({ algorithm, value, type }) and b.txt._S3rver_object.partial-*.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, rmdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_ALGORITHM, createDigests } from './checksums.mjs';

const CHECKSUM_RESOURCE = 'checksum.json';

/**
 * Creates `filePath` for writing, with its folder. A delete of the folder's last object removes the
 * folder (s3rver keeps no empty ones), possibly between our mkdir and open: then make it again.
 */
export async function createInFolder(filePath) {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(filePath), { recursive: true });
    try {
      return await open(filePath, 'w');
    } catch (error) {
      if (error.code !== 'ENOENT' || attempt === 5) throw error;
    }
  }
}

/** A fresh temporary name next to `filePath`, for writing and then renaming into place. */
export function partialPathFor(filePath) {
  return `${filePath}.partial-${randomBytes(6).toString('hex')}`;
}

/**
 * Streams `source` into a temporary file next to `filePath`, digesting it (MD5 plus `algorithms`),
 * and resolves to { partialPath, size, md5, checksums }; the caller renames or removes the file.
 * Without `createFolder` the folder must exist (a multipart upload's, gone once it is aborted).
 * `md5: false` leaves out the MD5 (undefined), for bytes whose ETag is known already.
 * An aborted request stream errors or closes early: pipeline rejects and the file is removed.
 */
export async function writePartial(
  source,
  filePath,
  algorithms,
  { createFolder = true, md5 = true } = {},
) {
  const partialPath = partialPathFor(filePath);
  const file = createFolder ? await createInFolder(partialPath) : await open(partialPath, 'wx');
  const digests = createDigests(algorithms, { md5 });
  const digester = new Transform({
    transform(chunk, _encoding, callback) {
      digests.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, digester, file.createWriteStream());
    return { partialPath, ...(await digests.digest()) };
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }
}

/** Digests an existing file: { size, md5, checksums }. */
export async function digestFile(filePath, algorithms) {
  const digests = createDigests(algorithms);
  for await (const chunk of createReadStream(filePath)) digests.update(chunk);
  return digests.digest();
}

/** Writes `text` to `filePath` through a temporary file, so readers never see half of it. */
export async function writeFileAtomically(filePath, text) {
  const partialPath = partialPathFor(filePath);
  await writeFile(partialPath, text);
  await rename(partialPath, filePath);
}

/** The checksum record stored with an object, or undefined (objects from before this layer). */
export async function readChecksum(store, bucket, key) {
  try {
    return JSON.parse(
      await readFile(store.getResourcePath(bucket, key, CHECKSUM_RESOURCE), 'utf8'),
    );
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Stores the checksum record { algorithm, value, type } of an object. */
export async function writeChecksum(store, bucket, key, record) {
  await writeFileAtomically(
    store.getResourcePath(bucket, key, CHECKSUM_RESOURCE),
    JSON.stringify(record),
  );
}

/**
 * Moves a finished temporary file into place as the object and records its metadata, ETag
 * (`etag`, without quotes) and checksum record.
 */
export async function commitObject(store, { bucket, key, partialPath, metadata, etag, checksum }) {
  await rename(partialPath, store.getResourcePath(bucket, key, 'object'));
  await store.putMetadata(bucket, key, metadata, etag);
  await writeChecksum(store, bucket, key, checksum);
}

// s3rver streams a PUT straight into the object's file, so a cancelled upload leaves a truncated
// object behind (and overwrites a good one), and its promise never settles. S3 never shows a
// partial object: write to a temporary file and rename it into place only once the body is whole.
// (Only s3rver's POST upload still comes here; PUT has its own handler.)
function makeObjectWritesAtomic(store) {
  store.putObject = async function putObjectAtomically(object) {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    const source = Buffer.isBuffer(object.content)
      ? Readable.from([object.content])
      : object.content;
    const written = await writePartial(source, objectPath, [DEFAULT_ALGORITHM]);
    const md5 = written.md5.toString('hex');
    const checksum = {
      algorithm: DEFAULT_ALGORITHM,
      value: written.checksums[DEFAULT_ALGORITHM],
      type: 'FULL_OBJECT',
    };
    await commitObject(this, { ...object, partialPath: written.partialPath, etag: md5, checksum });
    return { size: written.size, md5 };
  };
}

// s3rver's deleteObject removes the folders an object leaves empty with a readdir then rmdir per
// level; DeleteObjects runs its deletes in parallel, so two deletes in one folder race, and the
// loser's readdir or rmdir of a folder already gone fails the whole request with a 500. Remove
// the files, then each folder up the path that rmdir finds empty, and stop at the first that
// is not (a concurrent write) or go on past one already gone.
function makeDeletesConcurrencySafe(store) {
  store.deleteObject = async function deleteObjectSafely(bucket, key) {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json', CHECKSUM_RESOURCE].map((resource) =>
        rm(this.getResourcePath(bucket, key, resource), { force: true }),
      ),
    );
    const folders = store.constructor.encodeKeyPath(key).split('/').slice(0, -1);
    for (; folders.length > 0; folders.pop()) {
      try {
        await rmdir(join(this.getBucketPath(bucket), ...folders));
      } catch (error) {
        if (error.code === 'ENOENT') continue;
        if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') return;
        throw error;
      }
    }
  };
}

// s3rver's copyObject leaves the object file alone when copying an object onto itself (REPLACE of
// metadata), so LastModified, the file's mtime, stayed; S3 gives the replaced object a new one.
// Onto another key it keeps a stale .md5 of an overwritten destination when metadata is
// replaced, and it has no checksums: digest the copy, as S3 makes a new single-part object.
function makeCopiesLikeS3(store) {
  const copyObject = store.copyObject;
  store.copyObject = async function copyObjectLikeS3(
    srcBucket,
    srcKey,
    destBucket,
    destKey,
    replacementMetadata,
  ) {
    const sourceChecksum = await readChecksum(this, srcBucket, srcKey);
    await copyObject.call(this, srcBucket, srcKey, destBucket, destKey, replacementMetadata);
    const destPath = this.getResourcePath(destBucket, destKey, 'object');
    if (srcBucket === destBucket && srcKey === destKey) {
      const now = new Date();
      await utimes(destPath, now, now);
    } else {
      const algorithm = sourceChecksum?.algorithm ?? DEFAULT_ALGORITHM;
      const { md5, checksums } = await digestFile(destPath, [algorithm]);
      await writeFile(this.getResourcePath(destBucket, destKey, 'object.md5'), md5.toString('hex'));
      await writeChecksum(this, destBucket, destKey, {
        algorithm,
        value: checksums[algorithm],
        type: 'FULL_OBJECT',
      });
    }
    return this.getMetadata(destBucket, destKey);
  };
}

/** Applies this module's patches to s3rver's FilesystemStore. */
export function patchObjectFiles(store) {
  makeObjectWritesAtomic(store);
  makeDeletesConcurrencySafe(store);
  makeCopiesLikeS3(store);
}
