// s3rver's own S3Error class: its context.onerror renders only instances of it as S3 error XML
// (with the status S3 gives each code), so every module here throws that class.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3Error = require('s3rver/lib/models/error.js');

export { S3Error };

/** The error S3 gives for a multipart upload ID it does not know (or no longer knows). */
export function noSuchUpload(uploadId) {
  return new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );
}

/** 400 InvalidArgument naming the argument and the value S3 refused. */
export function invalidArgument(message, name, value) {
  return new S3Error('InvalidArgument', message, {
    ArgumentName: name,
    ArgumentValue: String(value ?? ''),
  });
}

/** 400 InvalidRequest with S3's message. */
export function invalidRequest(message) {
  return new S3Error('InvalidRequest', message);
}

/** 400 MalformedXML, as S3 words it. */
export function malformedXml() {
  return new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema.',
  );
}
