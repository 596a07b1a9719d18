// AWS Signature Version 4 for S3 requests, server side: reads the signature a request carries
// (Authorization header or presigned query string) and recomputes it with the AWS SDK's own signer
// (@smithy/signature-v4: its canonical headers, canonical request, string to sign, signing key),
// so that the local gateway accepts exactly what S3 would. Errors are S3Errors with S3's codes,
// status codes and wording.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  ALGORITHM_IDENTIFIER,
  SignatureV4,
  UNSIGNED_PAYLOAD,
  createScope,
  getCanonicalHeaders,
} from '@smithy/signature-v4';

export const MAX_SKEW_MS = 15 * 60 * 1000;
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 3600;

/** An error S3 would answer with: code, message, HTTP status and the extra XML elements. */
export class S3Error extends Error {
  constructor(code, message, status, detail = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
}

export const accessDenied = (message = 'Access Denied', detail) =>
  new S3Error('AccessDenied', message, 403, detail);

/** The Hash interface the SDK signer takes (sha256 or, with a secret, HMAC-SHA256), on node:crypto. */
export class Sha256 {
  constructor(secret) {
    this.hash =
      secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data) {
    this.hash.update(toBuffer(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** RFC 3986 encoding, as SigV4 wants it (what the SDK's escapeUri does). */
export function escapeUri(text) {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Percent-decodes strictly: a malformed escape or invalid UTF-8 is InvalidURI, never kept raw. */
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: text });
  }
}

/**
 * The parts of an incoming request that signing looks at.
 * @param {import('node:http').IncomingMessage} req
 */
export function describeRequest(req) {
  const url = req.url.startsWith('/')
    ? req.url
    : new URL(req.url).pathname + new URL(req.url).search;
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  // Query values are percent-decoded; '+' stays a plus (SigV4 clients encode spaces as %20).
  const query = {};
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    if (!Object.hasOwn(query, name)) query[name] = value;
    else query[name] = [].concat(query[name], value);
  }
  // Repeated headers are joined with ',' as SigV4 specifies (Node would join most with ', ').
  const headers = {};
  const duplicates = [];
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    headers[name] = values.join(',');
    if (values.length > 1) duplicates.push(name);
  }
  const segments = rawPath.split('/').map(decode);
  return {
    method: req.method,
    rawPath,
    // S3 signs the URI-encoded form of the decoded path, segment by segment.
    canonicalPath: segments.map(escapeUri).join('/'),
    query,
    headers,
    duplicates,
    bucket: segments[1] || undefined,
    key: segments.length > 2 ? segments.slice(2).join('/') : '',
  };
}

const queryValue = (query, name) => {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
};

const CREDENTIAL_PATTERN = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/([^/]+)$/;
const LONG_DATE_PATTERN = /^\d{8}T\d{6}Z$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const STREAMING_PAYLOADS = new Set([
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

export function parseLongDate(longDate) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(longDate);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

const toLongDate = (ms) =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function checkScope({ kind, credential, longDate, region }) {
  const malformed = (message, detail) =>
    kind === 'header'
      ? new S3Error(
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; ${message}`,
          400,
          detail,
        )
      : new S3Error(
          'AuthorizationQueryParametersError',
          `Error parsing the X-Amz-Credential parameter; ${message}`,
          400,
          detail,
        );
  const m = CREDENTIAL_PATTERN.exec(credential);
  if (!m)
    throw malformed(
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  const [, accessKeyId, shortDate, scopeRegion, service, terminator] = m;
  if (terminator !== 'aws4_request')
    throw malformed(`incorrect terminal "${terminator}". This endpoint uses "aws4_request".`);
  if (service !== 's3')
    throw malformed(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (scopeRegion !== region)
    throw malformed(`the region '${scopeRegion}' is wrong; expecting '${region}'`, {
      Region: region,
    });
  if (shortDate !== longDate.slice(0, 8))
    throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
  return { accessKeyId, shortDate, region: scopeRegion };
}

/**
 * Reads how a request is signed. Returns { kind: 'anonymous' } for an unsigned request, or
 * { kind: 'header' | 'query', accessKeyId, shortDate, longDate, region, signedHeaders, signature,
 *   sessionToken, payloadHash, expiresSeconds? }. Throws an S3Error for malformed authentication.
 */
export function parseAuthentication(request, { region }) {
  const { headers, query } = request;
  const queryNames = Object.keys(query);
  const hasQueryV4 = queryNames.some((n) =>
    ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'].includes(n),
  );
  const hasQueryV2 = queryNames.includes('Signature') || queryNames.includes('AWSAccessKeyId');
  const authorization = headers.authorization;
  if ([authorization !== undefined, hasQueryV4, hasQueryV2].filter(Boolean).length > 1) {
    throw new S3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query ' +
        'string parameter or the Authorization header should be specified',
      400,
      { ArgumentName: 'Authorization', ArgumentValue: authorization ?? 'null' },
    );
  }
  if (
    hasQueryV2 ||
    (authorization !== undefined && !authorization.startsWith(`${ALGORITHM_IDENTIFIER} `))
  ) {
    throw new S3Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      400,
    );
  }

  let auth;
  if (authorization !== undefined) {
    const fields = {};
    for (const part of authorization.slice(ALGORITHM_IDENTIFIER.length + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq !== -1) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    if (!fields.Credential || !fields.SignedHeaders || !fields.Signature) {
      throw new S3Error(
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed; the authorization header requires three ' +
          'components: Credential, SignedHeaders, and Signature.',
        400,
      );
    }
    let longDate = headers['x-amz-date'];
    if (longDate === undefined && headers.date !== undefined) {
      const ms = Date.parse(headers.date);
      if (!Number.isNaN(ms)) longDate = toLongDate(ms);
    }
    if (longDate === undefined || !LONG_DATE_PATTERN.test(longDate)) {
      throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    }
    const payloadHash = headers['x-amz-content-sha256'];
    if (payloadHash === undefined) {
      throw new S3Error(
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
        400,
      );
    }
    auth = {
      kind: 'header',
      longDate,
      ...checkScope({ kind: 'header', credential: fields.Credential, longDate, region }),
      signedHeaders: fields.SignedHeaders.split(';'),
      signature: fields.Signature,
      sessionToken: headers['x-amz-security-token'],
      payloadHash,
    };
  } else if (hasQueryV4) {
    const param = (name) => queryValue(query, name);
    const required = [
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Signature',
      'X-Amz-Date',
      'X-Amz-SignedHeaders',
      'X-Amz-Expires',
    ];
    const queryError = (message) => new S3Error('AuthorizationQueryParametersError', message, 400);
    if (required.some((name) => param(name) === undefined)) {
      throw queryError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, ' +
          'X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    if (param('X-Amz-Algorithm') !== ALGORITHM_IDENTIFIER) {
      throw queryError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    }
    const longDate = param('X-Amz-Date');
    if (!LONG_DATE_PATTERN.test(longDate)) {
      throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
    const expires = param('X-Amz-Expires');
    if (!/^-?\d+$/.test(expires)) throw queryError('X-Amz-Expires should be a number');
    if (Number(expires) < 0) throw queryError('X-Amz-Expires must be non-negative');
    if (Number(expires) > MAX_PRESIGNED_EXPIRES_SECONDS) {
      throw queryError('X-Amz-Expires must be less than a week (in seconds) that is; 604800');
    }
    auth = {
      kind: 'query',
      longDate,
      ...checkScope({ kind: 'query', credential: param('X-Amz-Credential'), longDate, region }),
      signedHeaders: param('X-Amz-SignedHeaders').split(';'),
      signature: param('X-Amz-Signature'),
      sessionToken: param('X-Amz-Security-Token'),
      // Presigned URLs sign UNSIGNED-PAYLOAD, unless the signer hoisted a hash into the query.
      payloadHash: param('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD,
      expiresSeconds: Number(expires),
    };
  } else {
    return { kind: 'anonymous' };
  }

  if (!auth.signedHeaders.includes('host')) {
    throw accessDenied('There were headers present in the request which were not signed', {
      HeadersNotSigned: 'host',
    });
  }
  const unsigned = Object.keys(headers).filter(
    (name) => name.startsWith('x-amz-') && !auth.signedHeaders.includes(name),
  );
  if (unsigned.length) {
    throw accessDenied('There were headers present in the request which were not signed', {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
  if (auth.payloadHash.startsWith('STREAMING-AWS4-ECDSA-')) {
    // SigV4a chunk signatures (ECDSA) are not verified here.
    throw new S3Error(
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
      { Header: 'x-amz-content-sha256' },
    );
  }
  if (
    auth.payloadHash !== UNSIGNED_PAYLOAD &&
    !HEX_SHA256.test(auth.payloadHash) &&
    !STREAMING_PAYLOADS.has(auth.payloadHash)
  ) {
    throw new S3Error(
      'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, ' +
        'STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, ' +
        'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER ' +
        'or a valid sha256 value.',
      400,
      { ArgumentName: 'x-amz-content-sha256', ArgumentValue: auth.payloadHash },
    );
  }
  return auth;
}

/**
 * Checks the request time: header-signed requests must be within 15 minutes of the server's
 * clock; presigned URLs must not be used before their X-Amz-Date (less 15 minutes of allowed
 * skew) nor after X-Amz-Date + X-Amz-Expires.
 */
export function checkRequestTime(auth, now = Date.now()) {
  const signedAt = parseLongDate(auth.longDate);
  if (auth.kind === 'header') {
    if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
      throw new S3Error(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        403,
        {
          RequestTime: auth.longDate,
          ServerTime: isoSeconds(now),
          MaxAllowedSkewMilliseconds: MAX_SKEW_MS,
        },
      );
    }
    return;
  }
  if (signedAt - now > MAX_SKEW_MS) throw accessDenied('Request is not valid yet');
  const expiresAt = signedAt + auth.expiresSeconds * 1000;
  if (now > expiresAt) {
    throw accessDenied('Request has expired', {
      'X-Amz-Expires': auth.expiresSeconds,
      Expires: isoSeconds(expiresAt),
      ServerTime: isoSeconds(now),
    });
  }
}

/**
 * Recomputes the request's signature with the SDK signer for the given secret.
 * @returns {Promise<{ signature: string, canonicalRequest: string, stringToSign: string }>}
 */
export async function computeSignature(request, auth, { secret, sessionToken }) {
  const credentials = { accessKeyId: auth.accessKeyId, secretAccessKey: secret, sessionToken };
  const signer = new SignatureV4({
    credentials,
    region: auth.region,
    service: 's3',
    sha256: Sha256,
    // S3 signs the path as sent, without the second round of encoding other services use.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = new Set(auth.signedHeaders);
  const headers = {};
  for (const name of signed)
    if (request.headers[name] !== undefined) headers[name] = request.headers[name];
  const canonicalHeaders = getCanonicalHeaders({ headers }, undefined, signed);
  // A signed header missing from the request would silently drop out of the signed-header list;
  // keep it, with an empty value, so the request stays as the signer described it.
  for (const name of signed) canonicalHeaders[name] ??= '';
  const canonicalRequest = signer.createCanonicalRequest(
    { method: request.method, path: request.canonicalPath, query: request.query },
    canonicalHeaders,
    auth.payloadHash,
  );
  const scope = createScope(auth.shortDate, auth.region, 's3');
  const stringToSign = await signer.createStringToSign(
    auth.longDate,
    scope,
    canonicalRequest,
    ALGORITHM_IDENTIFIER,
  );
  const signature = await signer.getSignature(
    auth.longDate,
    scope,
    signer.getSigningKey(credentials, auth.region, auth.shortDate, 's3'),
    canonicalRequest,
  );
  return { signature, canonicalRequest, stringToSign };
}

/** Throws SignatureDoesNotMatch (with S3's diagnostic elements) unless the signature is right. */
export async function verifySignature(request, auth, { secret, sessionToken }) {
  const expected = await computeSignature(request, auth, { secret, sessionToken });
  const a = Buffer.from(expected.signature);
  const b = Buffer.from(String(auth.signature));
  if (a.length === b.length && timingSafeEqual(a, b)) return;
  const hexBytes = (text) =>
    [...Buffer.from(text, 'utf8')].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
    {
      AWSAccessKeyId: auth.accessKeyId,
      StringToSign: expected.stringToSign,
      SignatureProvided: auth.signature,
      StringToSignBytes: hexBytes(expected.stringToSign),
      CanonicalRequest: expected.canonicalRequest,
      CanonicalRequestBytes: hexBytes(expected.canonicalRequest),
    },
  );
}

export { HEX_SHA256, UNSIGNED_PAYLOAD };
