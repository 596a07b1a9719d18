/**
 * RFC 3986 percent-encoding, as SigV4 signs paths and queries: encodeURIComponent plus the five
 * characters it leaves alone (! ' ( ) *). Used for presigned URLs and for the query strings the
 * transport sends, which must match what the SDK signed.
 */
export function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
