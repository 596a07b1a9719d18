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

/** An object's URL in parts: what a presigned URL and a request sent through the transport need. */
export interface ObjectUrl {
  /** `https://bucket.s3.us-east-1.amazonaws.com`. */
  origin: string;
  /** `https:` or `http:`. */
  protocol: string;
  /** Host name and port, as signed. */
  host: string;
  /** Host name alone. */
  hostname: string;
  /** The port, when the endpoint names one. */
  port: number | undefined;
  /** The encoded path: the key, after the bucket where the bucket is in the path. */
  path: string;
}

/**
 * The URL of an object, split into parts, the way the AWS SDK addresses it. The empty key
 * addresses the bucket (a listing).
 */
export function objectUrl(location: ObjectLocation): ObjectUrl {
  const endpoint = parsedEndpoint(
    location.endpoint ?? `https://s3.${location.region}.amazonaws.com`,
  );
  const encodedKey = location.key.split('/').map(uriEscape).join('/');
  const basePath = endpoint.basePath;
  // Bucket names with dots break TLS host-name matching, so S3 addresses them by path.
  const pathStyle = location.forcePathStyle || location.bucket.includes('.');
  const host = pathStyle ? endpoint.host : `${location.bucket}.${endpoint.host}`;
  const hostname = pathStyle ? endpoint.hostname : `${location.bucket}.${endpoint.hostname}`;
  const path = pathStyle
    ? `${basePath}/${location.bucket}/${encodedKey}`
    : `${basePath}/${encodedKey}`;
  const { protocol, port } = endpoint;
  return { origin: `${protocol}//${host}`, protocol, host, hostname, port, path };
}

// An app talks to one endpoint: the last one parsed is kept, since URL parsing is a good part of a
// presigned URL's cost.
interface ParsedEndpoint {
  url: string;
  protocol: string;
  host: string;
  hostname: string;
  port: number | undefined;
  basePath: string;
}

let lastEndpoint: ParsedEndpoint | undefined;

function parsedEndpoint(url: string): ParsedEndpoint {
  if (lastEndpoint?.url !== url) {
    const endpoint = new URL(url);
    lastEndpoint = {
      url,
      protocol: endpoint.protocol,
      host: endpoint.host,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      basePath: endpoint.pathname.replace(/\/+$/, ''),
    };
  }
  return lastEndpoint;
}
