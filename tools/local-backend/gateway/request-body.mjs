// What the gateway sends upstream as a request's body, per the operation's body kind:
//   'stream'   object data: plain bytes with Content-Length (a signed hash verified on the way),
//              or an aws-chunked body decoded (chunk signatures verified), a trailing checksum
//              passed on as an HTTP trailer;
//   'delete'   DeleteObjects XML: parsed, every key authorized, written again canonically;
//   'complete' CompleteMultipartUpload XML: parsed and written again canonically.
import { createHash, createHmac } from 'node:crypto';
import { S3Error } from '../sigv4.mjs';
import {
  STREAMING_FORMS,
  STREAMING_SIGNED,
  TRAILER_NAMES,
  createAwsChunkedDecoder,
} from './aws-chunked.mjs';
import { HEX_SHA256, sha256Verifier, verifyWholeBody } from './body-checks.mjs';
import { checkStorableNames } from './names.mjs';
import {
  formatCompleteBody,
  formatDeleteBody,
  keysAsS3rverReads,
  parseCompleteBody,
  parseDeleteBody,
  xmlEscape,
} from './xml-bodies.mjs';

const MAX_OBJECT_BYTES = 5 * 1024 ** 3;
const MAX_XML_BODY_BYTES = 8 * 1024 * 1024; // 1000 keys of 1024 bytes, escaped, fit easily
const BODY_CHECKSUM_HEADERS = [
  'content-md5',
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
  'x-amz-checksum-algorithm',
];

const missingLength = () =>
  new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
const invalidRequest = (message) => new S3Error('InvalidRequest', message, 400);

/** A Content-Length (or x-amz-decoded-content-length) value as a number, or an S3 error. */
function lengthOf(value, name) {
  if (value === undefined) throw missingLength();
  if (!/^\d{1,15}$/.test(value)) {
    throw new S3Error('InvalidArgument', `${name} must be a non-negative integer`, 400, {
      ArgumentName: name,
      ArgumentValue: value,
    });
  }
  const length = Number(value);
  if (length > MAX_OBJECT_BYTES) {
    throw new S3Error(
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed object size.',
      400,
      {
        ProposedSize: length,
        MaxSizeAllowed: MAX_OBJECT_BYTES,
      },
    );
  }
  return length;
}

/** The SigV4 signing key, for the chunk signatures of a streaming upload. */
function signingKey(secret, auth) {
  const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, auth.shortDate), auth.region), 's3'), 'aws4_request');
}

function streamingBody(req, op, auth, secret) {
  const headers = op.headers;
  if (auth.kind !== 'header')
    throw invalidRequest('A presigned URL cannot carry a streaming (aws-chunked) body.');
  const decodedLength = lengthOf(
    headers['x-amz-decoded-content-length'],
    'x-amz-decoded-content-length',
  );
  const trailer = headers['x-amz-trailer']?.trim().toLowerCase();
  if (auth.payloadHash === STREAMING_SIGNED ? trailer !== undefined : !TRAILER_NAMES.has(trailer)) {
    throw invalidRequest(
      auth.payloadHash === STREAMING_SIGNED
        ? `${STREAMING_SIGNED} takes no x-amz-trailer; use ${STREAMING_SIGNED}-TRAILER.`
        : `${auth.payloadHash} needs x-amz-trailer naming one x-amz-checksum-* header.`,
    );
  }
  const decoder = createAwsChunkedDecoder({
    payload: auth.payloadHash,
    decodedLength,
    trailer,
    signing: {
      signingKey: signingKey(secret, auth),
      longDate: auth.longDate,
      scope: `${auth.shortDate}/${auth.region}/s3/aws4_request`,
      seedSignature: auth.signature,
    },
  });
  req.pipe(decoder);
  if (trailer === undefined)
    return { data: decoder, headers: { 'content-length': String(decodedLength) } };
  return {
    data: decoder,
    headers: {
      'transfer-encoding': 'chunked',
      trailer,
      'x-amz-trailer': trailer,
      'x-amz-decoded-content-length': String(decodedLength),
    },
    trailers: () => ({ [trailer]: decoder.trailers[trailer] }),
  };
}

function plainBody(req, op, auth) {
  const headers = op.headers;
  if ((headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked')) {
    throw invalidRequest('Content-Encoding aws-chunked needs a STREAMING-* x-amz-content-sha256.');
  }
  if (
    headers['x-amz-trailer'] !== undefined ||
    headers['x-amz-decoded-content-length'] !== undefined
  ) {
    throw invalidRequest(
      'x-amz-trailer and x-amz-decoded-content-length belong to aws-chunked uploads only.',
    );
  }
  const length = lengthOf(headers['content-length'], 'Content-Length');
  const data = HEX_SHA256.test(auth.payloadHash) ? req.pipe(sha256Verifier(auth.payloadHash)) : req;
  if (data !== req) req.on('error', (err) => data.destroy(err));
  return { data, headers: { 'content-length': String(length) } };
}

async function readWhole(req, headers) {
  lengthOf(headers['content-length'], 'Content-Length');
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_XML_BODY_BYTES)
      throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Headers for a rewritten XML body: its own length and MD5, none of the client's body checksums. */
function xmlHeaders(data, { keepChecksums = false } = {}) {
  const dropped = keepChecksums ? [] : BODY_CHECKSUM_HEADERS;
  return {
    ...Object.fromEntries(dropped.map((name) => [name, undefined])),
    'content-type': 'application/xml',
    'content-length': String(data.length),
    'content-md5': createHash('md5').update(data).digest('base64'),
  };
}

async function deleteBody(req, op, auth, authorizeKey) {
  const original = await readWhole(req, op.headers);
  verifyWholeBody(original, { payloadHash: auth.payloadHash, headers: op.headers });
  const { quiet, objects } = parseDeleteBody(original);
  const allowed = [];
  const denied = [];
  for (const object of objects) {
    checkStorableNames({ key: object.key });
    if (object.versionId !== undefined && object.versionId !== 'null') {
      throw new S3Error('InvalidArgument', 'Invalid version id specified', 400, {
        ArgumentName: 'versionId',
        ArgumentValue: object.versionId,
      });
    }
    const action = object.versionId !== undefined ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
    const ok = authorizeKey({ action, resource: `arn:aws:s3:::${op.bucket}/${object.key}` });
    (ok ? allowed : denied).push(object);
  }
  // S3 reports a denied key in the 200 answer and deletes the others.
  const deniedXml = denied
    .map(
      (o) =>
        `<Error><Key>${xmlEscape(o.key)}</Key>${o.versionId !== undefined ? `<VersionId>${xmlEscape(o.versionId)}</VersionId>` : ''}` +
        '<Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    )
    .join('');
  if (allowed.length === 0) {
    return {
      answer:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${deniedXml}</DeleteResult>`,
    };
  }
  // The unversioned bucket's only version is the object itself: versionId "null" is dropped.
  const data = formatDeleteBody({ quiet, objects: allowed.map(({ key }) => ({ key })) });
  const readBack = keysAsS3rverReads(data);
  allowed.forEach(({ key }, i) => {
    if (readBack[i] !== key) {
      throw new S3Error(
        'InvalidArgument',
        'The local S3 server would read this key differently (it trims spaces and reads numbers); ' +
          'delete it with DeleteObject instead.',
        400,
        { ArgumentName: 'Key', ArgumentValue: key },
      );
    }
  });
  return { data, headers: xmlHeaders(data), deniedXml: deniedXml || undefined };
}

async function completeBody(req, op, auth) {
  const original = await readWhole(req, op.headers);
  // The checksum headers of a completion are the whole object's; only Content-MD5 covers the body.
  verifyWholeBody(original, {
    payloadHash: auth.payloadHash,
    headers: { 'content-md5': op.headers['content-md5'] },
  });
  const data = formatCompleteBody(parseCompleteBody(original));
  return { data, headers: { ...xmlHeaders(data, { keepChecksums: true }) } };
}

/**
 * Prepares the upstream body of an operation. Resolves to { data?, headers?, trailers?, answer?,
 * deniedXml? }: `answer` is a complete response when nothing is to go upstream.
 */
export async function prepareBody(req, op, auth, { secret, authorizeKey }) {
  switch (op.body) {
    case 'stream':
      return STREAMING_FORMS.has(auth.payloadHash)
        ? streamingBody(req, op, auth, secret)
        : plainBody(req, op, auth);
    case 'delete':
      if (STREAMING_FORMS.has(auth.payloadHash))
        throw invalidRequest('DeleteObjects takes no aws-chunked body.');
      return deleteBody(req, op, auth, authorizeKey);
    case 'complete':
      if (STREAMING_FORMS.has(auth.payloadHash))
        throw invalidRequest('CompleteMultipartUpload takes no aws-chunked body.');
      return completeBody(req, op, auth);
    default:
      return {};
  }
}
