// Conditional requests as S3 evaluates them (RFC 7232 order): If-Match, else If-Unmodified-Since,
// can fail with 412; then If-None-Match, else If-Modified-Since, give 304 on GET and HEAD. So
// If-Match true + If-Unmodified-Since false is a 200, and If-None-Match false + If-Modified-Since
// true a 304, as S3 documents. For copies (x-amz-copy-source-if-*) every failure is a 412.
import { S3Error } from './errors.mjs';

/** Whether an If-Match / If-None-Match header (a list of entity tags, or *) names `etag`. */
export function etagListMatches(header, etag) {
  const bare = (tag) =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

// An unparsable date is ignored, as S3 ignores it.
function dateOf(header) {
  if (header === undefined) return undefined;
  const time = Date.parse(header);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * How S3 answers `conditions` ({ ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince },
 * header values) for an object with `etag` and `lastModified` (a Date):
 * undefined to go on, or { status: 304 | 412, condition } naming the header that decided.
 */
export function evaluateConditions(conditions, { etag, lastModified }) {
  const modified = Math.floor(lastModified.getTime() / 1000) * 1000;
  const { ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince } = conditions;
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, etag)) return { status: 412, condition: 'If-Match' };
  } else {
    const since = dateOf(ifUnmodifiedSince);
    if (since !== undefined && modified > since)
      return { status: 412, condition: 'If-Unmodified-Since' };
  }
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, etag)) return { status: 304, condition: 'If-None-Match' };
  } else {
    const since = dateOf(ifModifiedSince);
    if (since !== undefined && modified <= since)
      return { status: 304, condition: 'If-Modified-Since' };
  }
  return undefined;
}

/** The GET/HEAD conditions of a request's headers. */
export function readConditions(headers) {
  return {
    ifMatch: headers['if-match'],
    ifNoneMatch: headers['if-none-match'],
    ifModifiedSince: headers['if-modified-since'],
    ifUnmodifiedSince: headers['if-unmodified-since'],
  };
}

/** The copy-source conditions of a request's headers. */
export function copySourceConditions(headers) {
  return {
    ifMatch: headers['x-amz-copy-source-if-match'],
    ifNoneMatch: headers['x-amz-copy-source-if-none-match'],
    ifModifiedSince: headers['x-amz-copy-source-if-modified-since'],
    ifUnmodifiedSince: headers['x-amz-copy-source-if-unmodified-since'],
  };
}

/** S3's 412 PreconditionFailed naming the condition that failed. */
export function preconditionFailed(condition) {
  return new S3Error(
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    { Condition: condition },
  );
}

/** Throws 412 unless the copy source (its metadata from the store) meets the request's x-amz-copy-source-if-*. */
export function assertCopySourceConditions(headers, metadata) {
  const outcome = evaluateConditions(copySourceConditions(headers), objectVersion(metadata));
  if (outcome) throw preconditionFailed(`x-amz-copy-source-${outcome.condition}`.toLowerCase());
}

/** { etag, lastModified } of s3rver metadata. */
export function objectVersion(metadata) {
  return { etag: metadata.etag, lastModified: new Date(metadata['last-modified']) };
}

const CONDITION_HEADERS = ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'];

/**
 * Answers a GET or HEAD whose conditions fail (304 with ETag and Last-Modified, or 412) and
 * returns true; otherwise removes the condition headers, which s3rver would evaluate its own
 * way (its If-Modified-Since ran even with If-None-Match), and returns false.
 */
export function answerReadConditions(ctx, metadata) {
  const outcome = evaluateConditions(readConditions(ctx.headers), objectVersion(metadata));
  if (outcome?.status === 412) throw preconditionFailed(outcome.condition);
  if (outcome?.status === 304) {
    ctx.status = 304;
    ctx.set('ETag', metadata.etag);
    ctx.set('Last-Modified', metadata['last-modified']);
    return true;
  }
  for (const name of CONDITION_HEADERS) delete ctx.headers[name];
  return false;
}
