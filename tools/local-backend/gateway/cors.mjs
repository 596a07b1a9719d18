// Which web origins may call the local backend from a browser, as a bucket's CORS rules say it
// on S3. The default is the demo's dev server; a page from any other origin gets no
// Access-Control-Allow-Origin, so the browser keeps its requests to loopback from reading answers
// (and, preflighted, from being sent at all).

/** The demo's `ng serve` origins, the default of startLocalBackend({ corsOrigins }). */
export const DEFAULT_CORS_ORIGINS = Object.freeze([
  'http://localhost:4200',
  'http://127.0.0.1:4200',
]);

/**
 * Checks a list of allowed origins: each `scheme://host[:port]`, without path, or with one '*'
 * as S3's AllowedOrigin allows (e.g. `http://localhost:*`). A bare '*' is refused: it is what
 * let any web page reach the local backend.
 */
export function checkCorsOrigins(origins) {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new Error(
      'corsOrigins must be a non-empty array of origins such as http://localhost:4200',
    );
  }
  for (const origin of origins) {
    const ok =
      typeof origin === 'string' &&
      /^https?:\/\/[^/\s?#]+$/.test(origin) &&
      (origin.match(/\*/g) ?? []).length <= 1;
    if (!ok) {
      throw new Error(
        `corsOrigins: '${origin}' is not an origin (scheme://host[:port], at most one '*', no path); ` +
          "'*' alone would let every web page call the local backend",
      );
    }
  }
  return [...new Set(origins)];
}

/** A matcher for one origin pattern, as S3 matches AllowedOrigin (one '*' wildcard). */
const patternOf = (origin) =>
  new RegExp(
    `^${origin
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** A predicate telling whether a request's Origin header is one of `origins`. */
export function originMatcher(origins) {
  const patterns = origins.map(patternOf);
  return (origin) => typeof origin === 'string' && patterns.some((p) => p.test(origin));
}

const escapeXml = (text) =>
  text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);

/**
 * What the local bucket exposes to browsers: the policy Amplify documents for its storage
 * buckets, plus every header the library reads that browsers hide by default (as
 * infra/storage.yaml) and the one metadata header the demo and the specs read.
 */
export const EXPOSE_HEADERS = [
  'x-amz-server-side-encryption',
  'x-amz-request-id',
  'x-amz-id-2',
  'ETag',
  'Content-Range',
  'Content-Disposition',
  'Content-Encoding',
  'x-amz-meta-description',
];

/**
 * The bucket CORS configuration for these origins, exposing EXPOSE_HEADERS unless `exposeHeaders`
 * says otherwise (a browser sees only the headers listed here).
 */
export function corsConfigurationXml(origins, { exposeHeaders } = {}) {
  const expose = exposeHeaders ?? EXPOSE_HEADERS;
  return (
    '<CORSConfiguration><CORSRule>' +
    origins.map((o) => `<AllowedOrigin>${escapeXml(o)}</AllowedOrigin>`).join('') +
    ['GET', 'HEAD', 'PUT', 'POST', 'DELETE']
      .map((m) => `<AllowedMethod>${m}</AllowedMethod>`)
      .join('') +
    '<AllowedHeader>*</AllowedHeader>' +
    expose.map((h) => `<ExposeHeader>${escapeXml(h)}</ExposeHeader>`).join('') +
    '<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>'
  );
}
