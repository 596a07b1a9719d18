import type { SdkHttpRequest, SdkHttpResponse } from 'ngx-amplify-storage';
import { ObjectHeaders, StoredObject } from './in-memory-bucket';

/** The S3 operations StorageService sends, as the testing backend tells them apart. */
export type S3Operation =
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'DeleteObjects'
  | 'ListObjectsV2'
  | 'CopyObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload';

/** A request as the testing backend reads it. */
export interface S3Request {
  operation: S3Operation;
  bucket: string;
  /** The full key (decoded); '' for bucket-level operations. */
  key: string;
  query: Record<string, string>;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
}

/** Which operation a request is, from its method, query and headers (as S3 routes them). */
export function operationOf(
  method: string,
  query: Record<string, string>,
  headers: Record<string, string>,
): S3Operation {
  switch (method) {
    case 'GET':
      return query['list-type'] === '2' ? 'ListObjectsV2' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if ('uploadId' in query) return 'UploadPart';
      return 'x-amz-copy-source' in headers ? 'CopyObject' : 'PutObject';
    case 'POST':
      if ('uploads' in query) return 'CreateMultipartUpload';
      return 'uploadId' in query ? 'CompleteMultipartUpload' : 'DeleteObjects';
    default:
      return 'uploadId' in query ? 'AbortMultipartUpload' : 'DeleteObject';
  }
}

/**
 * Reads a request the SDK hands its handler: the bucket from the host name (virtual-hosted) or
 * the first path segment (path-style), and the key decoded from the rest of the path.
 */
export function parseS3Request(request: SdkHttpRequest, bucket: string): S3Request {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.query ?? {}))
    query[name] = Array.isArray(value) ? value.join(',') : (value ?? '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const segments = request.path.replace(/^\//, '').split('/');
  const virtualHosted = request.hostname.startsWith(`${bucket}.`);
  const bucketName = virtualHosted ? bucket : decodeURIComponent(segments.shift() ?? '');
  return {
    operation: operationOf(request.method.toUpperCase(), query, headers),
    bucket: bucketName,
    key: segments.map(decodeURIComponent).join('/'),
    query,
    headers,
  };
}

/**
 * The identity's access key ID of a SigV4 request, if any: from its Authorization header, or from
 * `X-Amz-Credential` of a presigned URL (downloads are sent as presigned GETs).
 */
export function accessKeyOf(
  headers: Record<string, string>,
  query: Record<string, string> = {},
): string | undefined {
  const fromHeader = /Credential=([^/,\s]+)\//.exec(headers['authorization'] ?? '')?.[1];
  return fromHeader ?? /^([^/]+)\//.exec(query['X-Amz-Credential'] ?? '')?.[1];
}

/** The headers of a write (PutObject, CreateMultipartUpload, CopyObject with REPLACE). */
export function objectHeadersOf(headers: Record<string, string>): ObjectHeaders {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  return {
    contentType: headers['content-type'] ?? 'application/octet-stream',
    contentDisposition: headers['content-disposition'],
    cacheControl: headers['cache-control'],
    expires: headers['expires'],
    metadata,
  };
}

/** The response headers S3 sends with an object (GetObject, HeadObject). */
export function objectResponseHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    'content-length': String(object.body.length),
    etag: object.eTag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition;
  if (object.cacheControl) headers['cache-control'] = object.cacheControl;
  if (object.expires) headers['expires'] = object.expires;
  for (const [name, value] of Object.entries(object.metadata))
    headers[`x-amz-meta-${name}`] = value;
  return headers;
}

/** Escapes text for an XML element. */
export function xmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<Name>text</Name>` with the text escaped. */
export function element(name: string, text: string | number | boolean): string {
  return `<${name}>${xmlText(String(text))}</${name}>`;
}

const encoder = new TextEncoder();

/** A response with an XML body in S3's namespace. */
export function xmlResponse(
  status: number,
  root: string,
  inner: string,
  headers: Record<string, string> = {},
): SdkHttpResponse {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: encoder.encode(xml),
  };
}

/** An S3 error response; HEAD answers carry no body, as S3's do. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  head = false,
): SdkHttpResponse {
  if (head) return { statusCode: status, headers: {}, body: new Uint8Array() };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/xml' },
    body: encoder.encode(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${element('Code', code)}${element('Message', message)}${element('RequestId', 'TESTING')}</Error>`,
    ),
  };
}

/** The text of every `<name>` element in an XML body (DeleteObjects' keys, a part list). */
export function xmlElements(xml: string, name: string): Element[] {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(document.getElementsByTagName(name));
}

/** The text of the first `<name>` child of `parent`, or ''. */
export function childText(parent: Element, name: string): string {
  return parent.getElementsByTagName(name)[0]?.textContent ?? '';
}

/** A request body as bytes, whatever shape the SDK gave it. */
export async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  throw new TypeError(`The testing backend cannot read a request body of type ${typeof body}.`);
}
