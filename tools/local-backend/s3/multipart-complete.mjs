// CompleteMultipartUpload with S3's checks, in S3's order: a part list (MalformedXML), ascending
// part numbers without repeats (InvalidPartOrder), every part uploaded with that ETag and those
// checksums (InvalidPart), every part but the last at least 5 MiB (EntityTooSmall). The object
// gets S3's multipart ETag (MD5 of the part MD5s, then -N) and checksum (composite
// "<base64>-N", or full-object: the parts' CRCs combined, as S3 does, rather than the whole
// object read and hashed again, which took about 0.7 s of this process's CPU per 64 MiB).
//
// A repeated Complete: S3's CompleteMultipartUpload docs tell applications to retry a failed
// Complete (500s included), which only works if a retry after a success whose response was lost
// succeeds too; S3 answers a repeat of a just-completed upload with the same 200 result, and
// forgets completed uploads later (NoSuchUpload). Here a Complete that lists exactly the parts of
// the completion gets its result again, for as long as the data folder keeps the record; any
// other list, or an aborted or unknown ID, gets NoSuchUpload.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { S3Error, malformedXml, noSuchUpload } from './errors.mjs';
import { ALGORITHMS, compositeChecksum, multipartEtag } from './checksums.mjs';
import { combineChecksums, isCombinable } from './crc-combine.mjs';
import { commitObject, writePartial } from './object-files.mjs';
import { parseCompleteBody, readXmlBody } from './complete-xml.mjs';

/** S3's minimum size of every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * The committed parts that `requested` (from the body) names, in order, or S3's error for the
 * list; `stored` maps part numbers to committed parts.
 */
export function selectParts(requested, stored) {
  if (requested.length === 0) throw malformedXml();
  for (let i = 1; i < requested.length; i++)
    if (requested[i].partNumber <= requested[i - 1].partNumber)
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      );
  const parts = requested.map((wanted) => {
    const part = stored.get(wanted.partNumber);
    const checksumsMatch = Object.entries(wanted.checksums).every(
      ([algorithm, value]) => part?.checksums[algorithm] === value,
    );
    if (!part || part.etag !== wanted.etag || !checksumsMatch)
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
        { PartNumber: wanted.partNumber, ETag: wanted.etag },
      );
    return part;
  });
  parts.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE)
      throw new S3Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        {
          ProposedSize: part.size,
          MinSizeAllowed: MIN_PART_SIZE,
          PartNumber: part.partNumber,
          ETag: part.etag,
        },
      );
  });
  return parts;
}

// Read size for the copy: 1 MiB reads took a 64 MiB object's copy from about 200 to 70 ms of
// CPU on the 2-core machine, against the stream default of 64 KiB.
const COPY_CHUNK = 1024 * 1024;

// The parts' bytes one after the other, each file opened only when its turn comes.
function concatenated(files) {
  const out = new PassThrough();
  (async () => {
    for (const file of files) {
      for await (const chunk of createReadStream(file, { highWaterMark: COPY_CHUNK }))
        if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
    out.end();
  })().catch((error) => out.destroy(error));
  return out;
}

const sameParts = (record, requested) =>
  record.parts.length === requested.length &&
  record.parts.every(([n, etag], i) => requested[i].partNumber === n && requested[i].etag === etag);

/** POST /<bucket>/<key>?uploadId=id */
export async function completeMultipartUpload(ctx, { bucket, key, uploads }) {
  const { uploadId } = ctx.query;
  uploads.folder(uploadId); // a malformed ID: NoSuchUpload before reading the body
  const requested = parseCompleteBody(await readXmlBody(ctx.req));
  ctx.body = await uploads.exclusive(uploadId, async () => {
    const done = await uploads.completed(uploadId, bucket, key);
    if (done) {
      if (!sameParts(done, requested)) throw noSuchUpload(uploadId);
      return done.result;
    }
    const upload = await uploads.open(uploadId, bucket, key);
    const parts = selectParts(
      requested,
      new Map((await uploads.parts(uploadId)).map((part) => [part.partNumber, part])),
    );
    const { algorithm, type } = upload.checksum;
    const objectPath = ctx.store.getResourcePath(bucket, key, 'object');
    // Every part is stored with the upload's checksum (multipart.mjs), so a full-object CRC is
    // those combined; the bytes are then only copied, with no digest (the ETag is the parts').
    const combine =
      type === 'FULL_OBJECT' &&
      isCombinable(algorithm) &&
      parts.every((part) => part.checksums[algorithm] !== undefined);
    const written = await writePartial(
      concatenated(parts.map((part) => uploads.partFile(uploadId, part))),
      objectPath,
      type === 'FULL_OBJECT' && !combine ? [algorithm] : [],
      { md5: false },
    );
    const value =
      type !== 'FULL_OBJECT'
        ? await compositeChecksum(
            algorithm,
            parts.map((part) => part.checksums[algorithm]),
          )
        : combine
          ? combineChecksums(
              algorithm,
              parts.map((part) => ({ value: part.checksums[algorithm], size: part.size })),
            )
          : written.checksums[algorithm];
    const etag = multipartEtag(parts.map((part) => part.etag));
    try {
      await commitObject(ctx.store, {
        bucket,
        key,
        partialPath: written.partialPath,
        metadata: upload.metadata,
        etag,
        checksum: { algorithm, value, type },
      });
    } catch (error) {
      await rm(written.partialPath, { force: true });
      throw error;
    }
    ctx.logger.info(
      'Completed multipart upload of "%s" in bucket "%s" from %d parts',
      key,
      bucket,
      parts.length,
    );
    const result = {
      CompleteMultipartUploadResult: {
        '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
        Location: `${ctx.origin}${ctx.path}`,
        Bucket: bucket,
        Key: key,
        ETag: JSON.stringify(etag),
        [ALGORITHMS[algorithm].xml]: value,
        ChecksumType: type,
      },
    };
    await uploads.finish(uploadId, {
      bucket,
      key,
      parts: requested.map((part) => [part.partNumber, part.etag]),
      result,
    });
    return result;
  });
}
