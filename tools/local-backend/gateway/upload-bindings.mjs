// Which identity started which multipart upload, on which bucket and key. S3 keeps an upload ID
// to its object; s3rver keys its uploads by ID alone, so whoever knew an ID could complete or
// abort it into their own key. The gateway records each ID it sees created and refuses any use
// of it for another bucket, key or identity (NoSuchUpload, as S3 answers for an ID it does not
// know there). Kept in a file so uploads survive a restart of the backend, as on S3.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UPLOAD_ID_PATTERN, checkUploadId, noSuchUpload } from './names.mjs';

/**
 * Opens the bindings kept in `<stateDir>/gateway-uploads.json` (or in memory only, without
 * stateDir); returns { bind, check, release }.
 */
export function openUploadBindings(stateDir) {
  const file = stateDir && path.join(stateDir, 'gateway-uploads.json');
  const bindings = new Map();
  if (file) {
    try {
      for (const [id, binding] of Object.entries(JSON.parse(readFileSync(file, 'utf8'))))
        bindings.set(id, binding);
    } catch (err) {
      if (err.code !== 'ENOENT') throw new Error(`cannot read ${file}: ${err.message}`);
    }
  }
  const save = () => {
    if (!file) return;
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(bindings)));
    renameSync(`${file}.tmp`, file); // atomic: a crash never leaves half a file
  };
  return {
    /** Records that `identityId` created upload `uploadId` for bucket/key. */
    bind(uploadId, { bucket, key, identityId }) {
      if (!UPLOAD_ID_PATTERN.test(uploadId)) {
        // The S3 server's fault, not the client's: an internal error, and the ID is never handed out.
        throw new Error(`the S3 server issued an upload ID of an unexpected form: ${uploadId}`);
      }
      bindings.set(uploadId, { bucket, key, identityId });
      save();
    },
    /** Throws NoSuchUpload unless the upload was created for exactly this bucket, key and identity. */
    check(uploadId, { bucket, key, identityId }) {
      checkUploadId(uploadId);
      const binding = bindings.get(uploadId);
      if (
        !binding ||
        binding.bucket !== bucket ||
        binding.key !== key ||
        binding.identityId !== identityId
      )
        throw noSuchUpload(uploadId);
    },
    /** Forgets an upload once it is completed or aborted. */
    release(uploadId) {
      if (bindings.delete(uploadId)) save();
    },
  };
}
