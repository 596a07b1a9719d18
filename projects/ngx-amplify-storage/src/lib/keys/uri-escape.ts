/** Text made only of RFC 3986's unreserved characters, which escaping leaves as they are. */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/**
 * RFC 3986 percent-encoding, as SigV4 signs paths and queries: encodeURIComponent plus the five
 * characters it leaves alone (! ' ( ) *). Used for presigned URLs and for the query strings the
 * transport sends, which must match what the SDK signed.
 */
export function uriEscape(text: string): string {
  // Most names and values (keys, dates, parameter names) need no escaping: skip the two passes.
  if (UNRESERVED.test(text)) return text;
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
