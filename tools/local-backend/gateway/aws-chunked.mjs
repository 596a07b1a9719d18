// Decodes `Content-Encoding: aws-chunked` request bodies, the framing S3 clients use to stream an
// upload of known length with per-chunk signatures and/or a trailing checksum:
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
//   [<trailer name>:<value>\r\n][x-amz-trailer-signature:<sig>\r\n]\r\n
// Signed forms chain each chunk's signature to the previous one, starting from the request's
// seed signature (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
// The decoder passes on plain bytes, holding the last piece back until every signature and the
// decoded length are verified, so the S3 server never receives a whole body that fails them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Transform } from 'node:stream';
import { S3Error } from '../sigv4.mjs';

const MAX_LINE_BYTES = 4096;
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
export const STREAMING_FORMS = new Set([
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
]);
export const TRAILER_NAMES = new Set([
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
]);

const incomplete = (why) =>
  new S3Error('IncompleteBody', `The request body is not valid aws-chunked encoding: ${why}.`, 400);
const signatureMismatch = () =>
  new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
  );

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sameHex = (a, b) =>
  typeof b === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A Transform from an aws-chunked body to its plain bytes.
 * @param {object} options
 * @param {string} options.payload the x-amz-content-sha256 value (one of STREAMING_FORMS)
 * @param {number} options.decodedLength x-amz-decoded-content-length
 * @param {string} [options.trailer] the one trailer the request announced (x-amz-trailer)
 * @param {{ signingKey: Buffer, longDate: string, scope: string, seedSignature: string }} [options.signing]
 *   for the signed forms
 * After 'end', `decoder.trailers` holds the trailer ({ name: value }) if there was one.
 */
export function createAwsChunkedDecoder({ payload, decodedLength, trailer, signing }) {
  const signed = payload !== STREAMING_UNSIGNED_TRAILER;
  const withTrailer = payload !== STREAMING_SIGNED;
  let previousSignature = signing?.seedSignature;
  let buffer = Buffer.alloc(0);
  let state = 'size'; // size -> data -> data-end -> (size | trailer) -> done
  let chunkSize = 0;
  let chunkSignature;
  let chunkParts = [];
  let chunkReceived = 0;
  let decoded = 0;
  let held; // the last verified piece, sent only once the whole body checks out
  const trailers = {};
  let trailerSignature;

  const chunkStringToSign = (dataHash) =>
    [
      'AWS4-HMAC-SHA256-PAYLOAD',
      signing.longDate,
      signing.scope,
      previousSignature,
      EMPTY_SHA256,
      dataHash,
    ].join('\n');

  function verifyChunk(data) {
    if (!signed) return;
    const dataHash = createHash('sha256').update(data).digest('hex');
    const expected = hmac(signing.signingKey, chunkStringToSign(dataHash)).toString('hex');
    if (!sameHex(expected, chunkSignature)) throw signatureMismatch();
    previousSignature = expected;
  }

  function readLine() {
    const end = buffer.indexOf('\r\n');
    if (end === -1) {
      if (buffer.length > MAX_LINE_BYTES) throw incomplete('a chunk header line is too long');
      return undefined;
    }
    const line = buffer.subarray(0, end).toString('latin1');
    buffer = buffer.subarray(end + 2);
    return line;
  }

  function parseSizeLine(line) {
    const m = signed
      ? /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/.exec(line)
      : /^([0-9a-fA-F]{1,16})$/.exec(line);
    if (!m) throw incomplete(`bad chunk header '${line.slice(0, 100)}'`);
    chunkSize = parseInt(m[1], 16);
    chunkSignature = m[2];
    if (chunkSize > MAX_CHUNK_BYTES) throw incomplete('a chunk is larger than 64 MiB');
  }

  function parseTrailerLine(line) {
    const colon = line.indexOf(':');
    if (colon < 1) throw incomplete(`bad trailer line '${line.slice(0, 100)}'`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (signed && name === 'x-amz-trailer-signature') {
      if (trailerSignature !== undefined) throw incomplete('two trailer signatures');
      trailerSignature = value;
      return;
    }
    if (name !== trailer || name in trailers) {
      throw incomplete(`trailer '${name}' was not announced in x-amz-trailer`);
    }
    trailers[name] = value;
  }

  function verifyTrailer() {
    if (trailer !== undefined && trailers[trailer] === undefined) {
      throw incomplete(`the announced trailer ${trailer} is missing`);
    }
    if (!signed || !withTrailer) return;
    const canonical = Object.entries(trailers)
      .map(([name, value]) => `${name}:${value}\n`)
      .join('');
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      signing.longDate,
      signing.scope,
      previousSignature,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    const expected = hmac(signing.signingKey, stringToSign).toString('hex');
    if (!sameHex(expected, trailerSignature)) throw signatureMismatch();
  }

  /** Consumes what the buffer holds; pushes verified data (one piece held back). */
  function step(push) {
    for (;;) {
      if (state === 'size') {
        const line = readLine();
        if (line === undefined) return;
        parseSizeLine(line);
        chunkParts = [];
        chunkReceived = 0;
        if (chunkSize === 0) {
          verifyChunk(Buffer.alloc(0));
          state = withTrailer ? 'trailer' : 'final-crlf';
        } else state = 'data';
      } else if (state === 'data') {
        if (buffer.length === 0) return;
        const take = Math.min(buffer.length, chunkSize - chunkReceived);
        chunkParts.push(buffer.subarray(0, take));
        buffer = buffer.subarray(take);
        chunkReceived += take;
        if (chunkReceived < chunkSize) {
          if (!signed) {
            // Nothing to verify per chunk: pass the data on as it comes.
            const parts = chunkParts;
            chunkParts = [];
            for (const part of parts) push(part);
          }
          return;
        }
        const data = Buffer.concat(chunkParts);
        verifyChunk(data);
        decoded += chunkSize;
        if (decoded > decodedLength)
          throw incomplete('more bytes than x-amz-decoded-content-length');
        push(data);
        state = 'data-end';
      } else if (state === 'data-end') {
        if (buffer.length < 2) return;
        if (buffer[0] !== 0x0d || buffer[1] !== 0x0a)
          throw incomplete('a chunk does not end with CRLF');
        buffer = buffer.subarray(2);
        state = 'size';
      } else if (state === 'trailer') {
        const line = readLine();
        if (line === undefined) return;
        if (line === '') {
          state = 'done';
        } else parseTrailerLine(line);
      } else if (state === 'final-crlf') {
        const line = readLine();
        if (line === undefined) return;
        if (line !== '') throw incomplete('data after the final chunk');
        state = 'done';
      } else {
        if (buffer.length) throw incomplete('data after the final chunk');
        return;
      }
    }
  }

  const decoder = new Transform({
    transform(chunk, _encoding, callback) {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      try {
        step((data) => {
          if (held) this.push(held);
          held = data;
        });
        callback();
      } catch (err) {
        callback(err);
      }
    },
    flush(callback) {
      try {
        if (state !== 'done') throw incomplete('the body ended before its final chunk');
        if (decoded !== decodedLength) {
          throw incomplete(
            `${decoded} bytes decoded where x-amz-decoded-content-length says ${decodedLength}`,
          );
        }
        verifyTrailer();
        decoder.trailers = trailers;
        callback(null, held);
      } catch (err) {
        callback(err);
      }
    },
  });
  decoder.trailers = undefined;
  return decoder;
}
