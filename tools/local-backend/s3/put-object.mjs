// PutObject, handled here rather than by s3rver, which stores any body without checking
// Content-MD5 or checksums, never returns checksums, and cannot read an HTTP trailer.
import { createRequire } from 'node:module';
import { checksumHeaders } from './checksums.mjs';
import { commitObject } from './object-files.mjs';
import { bodyExpectations, receiveBody } from './receive-body.mjs';

const require = createRequire(import.meta.url);
const S3Object = require('s3rver/lib/models/object.js');

/** Handles PUT /<bucket>/<key> without a copy source: verifies, stores, answers as S3 does. */
export async function putObject(ctx, { bucket, key }) {
  const expected = bodyExpectations(ctx.headers);
  // s3rver's model picks the metadata S3 keeps and refuses an unknown storage class.
  const { metadata } = new S3Object(bucket, key, null, ctx.headers);
  const objectPath = ctx.store.getResourcePath(bucket, key, 'object');
  const received = await receiveBody(ctx.req, objectPath, expected);
  const checksum = { ...received.checksum, type: 'FULL_OBJECT' };
  await commitObject(ctx.store, {
    bucket,
    key,
    partialPath: received.partialPath,
    metadata,
    etag: received.md5Hex,
    checksum,
  });
  ctx.logger.info('Stored object "%s" in bucket "%s" successfully', key, bucket);
  ctx.set(checksumHeaders(checksum));
  ctx.etag = received.md5Hex;
  ctx.body = '';
}
