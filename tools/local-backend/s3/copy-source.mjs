// x-amz-copy-source, parsed as S3 parses it: "[/]<bucket>/<key>[?versionId=<id>]", bucket and key
// fully URL-decoded, nothing else after the '?'. s3rver used decodeURI on the whole header (so
// "%3A" stayed encoded and "?versionId=" became part of the key) and split it by hand.
import { S3Error, invalidArgument } from './errors.mjs';
import { assertBucketName, assertStorableKey } from './confine.mjs';

function decodeOrRefuse(text, header) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidArgument(
      'The x-amz-copy-source header is not validly URL-encoded.',
      'x-amz-copy-source',
      header,
    );
  }
}

/** { bucket, key } of a copy source header, or a thrown S3 error naming what is wrong with it. */
export function parseCopySource(header) {
  const text = String(header);
  const queryAt = text.indexOf('?');
  const pathPart = (queryAt === -1 ? text : text.slice(0, queryAt)).replace(/^\//, '');
  if (queryAt !== -1) {
    const params = new URLSearchParams(text.slice(queryAt + 1));
    const names = [...params.keys()];
    if (names.some((name) => name !== 'versionId') || names.length !== 1)
      throw invalidArgument(
        'The x-amz-copy-source header may only carry a versionId after "?".',
        'x-amz-copy-source',
        text,
      );
    // No versioning here: every object is the "null" version.
    if (params.get('versionId') !== 'null')
      throw new S3Error('NoSuchVersion', 'The specified version does not exist.', {
        VersionId: params.get('versionId'),
      });
  }
  const slash = pathPart.indexOf('/');
  if (slash <= 0 || slash === pathPart.length - 1)
    throw invalidArgument(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      'x-amz-copy-source',
      text,
    );
  const bucket = decodeOrRefuse(pathPart.slice(0, slash), text);
  const key = decodeOrRefuse(pathPart.slice(slash + 1), text);
  assertBucketName(bucket);
  assertStorableKey(key);
  return { bucket, key };
}

/** The header value s3rver's decodeURI turns back into exactly `/<bucket>/<key>`. */
export function copySourceForS3rver({ bucket, key }) {
  return encodeURI(`/${bucket}/${key}`);
}

/**
 * The byte range of x-amz-copy-source-range ("bytes=first-last", both required) within an
 * object of `size` bytes: { start, end } inclusive, or undefined without the header.
 */
export function parseCopySourceRange(header, size) {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(String(header));
  if (!match || Number(match[1]) > Number(match[2]))
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    );
  const [start, end] = [Number(match[1]), Number(match[2])];
  if (end >= size)
    throw invalidArgument(
      `Range specified is not valid for source object of size: ${size}`,
      'x-amz-copy-source-range',
      header,
    );
  return { start, end };
}
