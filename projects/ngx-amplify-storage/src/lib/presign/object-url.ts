import { uriEscape } from '../keys/uri-escape';

// Apart from the presigner (presign-url.ts), so that what needs only an object's address (the
// session's request limit per host) does not load SHA-256 and HMAC with it.

/** Where an S3 object lives, as the client would address it. */
export interface ObjectLocation {
  /** Bucket name. */
  bucket: string;
  /** Full object key, prefix included. */
  key: string;
  /** Region of the bucket. */
  region: string;
  /** Endpoint of an S3-compatible server; AWS when absent. */
  endpoint?: string;
  /** Put the bucket in the path instead of the host name. */
  forcePathStyle: boolean;
}

/** The URL of an object, split into origin and encoded path, the way the AWS SDK addresses it. */
export function objectUrl(location: ObjectLocation): {
  origin: string;
  host: string;
  path: string;
} {
  const endpoint = parsedEndpoint(
    location.endpoint ?? `https://s3.${location.region}.amazonaws.com`,
  );
  const encodedKey = location.key.split('/').map(uriEscape).join('/');
  const basePath = endpoint.basePath;
  // Bucket names with dots break TLS host-name matching, so S3 addresses them by path.
  const pathStyle = location.forcePathStyle || location.bucket.includes('.');
  const host = pathStyle ? endpoint.host : `${location.bucket}.${endpoint.host}`;
  const path = pathStyle
    ? `${basePath}/${location.bucket}/${encodedKey}`
    : `${basePath}/${encodedKey}`;
  return { origin: `${endpoint.protocol}//${host}`, host, path };
}

// An app talks to one endpoint: the last one parsed is kept, since URL parsing is a good part of a
// presigned URL's cost.
let lastEndpoint: { url: string; protocol: string; host: string; basePath: string } | undefined;

function parsedEndpoint(url: string): { protocol: string; host: string; basePath: string } {
  if (lastEndpoint?.url !== url) {
    const endpoint = new URL(url);
    lastEndpoint = {
      url,
      protocol: endpoint.protocol,
      host: endpoint.host,
      basePath: endpoint.pathname.replace(/\/+$/, ''),
    };
  }
  return lastEndpoint;
}
