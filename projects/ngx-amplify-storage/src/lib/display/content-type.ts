/** How a display component shows an object: as a picture, as text, or as a plain file tile. */
export type DisplayKind = 'image' | 'text' | 'other';

/** The MIME type assumed when a key's extension is unknown (S3's own default). */
export const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

// Only formats that browsers decode in an <img>: a TIFF or HEIC key would show a broken image.
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  apng: 'image/apng',
  avif: 'image/avif',
  bmp: 'image/bmp',
  gif: 'image/gif',
  ico: 'image/x-icon',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  jfif: 'image/jpeg',
  pjpeg: 'image/jpeg',
  png: 'image/png',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

const TEXT_TYPES: Readonly<Record<string, string>> = {
  conf: 'text/plain',
  css: 'text/css',
  csv: 'text/csv',
  htm: 'text/html',
  html: 'text/html',
  ini: 'text/plain',
  js: 'text/javascript',
  json: 'application/json',
  log: 'text/plain',
  markdown: 'text/markdown',
  md: 'text/markdown',
  mjs: 'text/javascript',
  text: 'text/plain',
  ts: 'text/plain',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  xml: 'application/xml',
  yaml: 'application/yaml',
  yml: 'application/yaml',
};

const OTHER_TYPES: Readonly<Record<string, string>> = {
  gz: 'application/gzip',
  heic: 'image/heic',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  zip: 'application/zip',
};

/**
 * The one list of text files the library picks and shows (TextPicker's default, S3Text's and the
 * album's pickers): text/* plus readable types that browsers often report without a type.
 */
export const TEXT_ACCEPT = 'text/*,.txt,.md,.csv,.tsv,.json,.xml,.yaml,.yml,.log';

/** What the image pickers (PhotoPicker's default, S3Image's and the album's) accept. */
export const IMAGE_ACCEPT = 'image/*';

// Text types outside text/* that are still meant for people to read.
const READABLE_APPLICATION_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/yaml',
  'application/javascript',
]);

/** The last segment of a key: `photos/2024/cat.jpg` → `cat.jpg`. */
export function fileNameOf(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The lower-case extension of a key's file name, without the dot; empty when there is none. */
export function extensionOf(key: string): string {
  const name = fileNameOf(key);
  const dot = name.lastIndexOf('.');
  // A leading dot (`.env`) names a hidden file, not an extension.
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The MIME type a key's extension stands for, or `application/octet-stream` when unknown. */
export function contentTypeFromKey(key: string): string {
  const extension = extensionOf(key);
  return (
    IMAGE_TYPES[extension] ??
    TEXT_TYPES[extension] ??
    OTHER_TYPES[extension] ??
    UNKNOWN_CONTENT_TYPE
  );
}

/** Whether a MIME type is shown as an image, as text, or as a file tile. */
export function displayKindOf(contentType: string): DisplayKind {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (Object.values(IMAGE_TYPES).includes(type)) return 'image';
  if (type.startsWith('text/') || READABLE_APPLICATION_TYPES.has(type)) return 'text';
  return 'other';
}

/**
 * The type to store an uploaded body under: a Blob's or File's own type, else the one the key's
 * extension stands for, else undefined to leave the choice to the service (text/plain for strings).
 */
export function uploadContentType(body: unknown, key: string): string | undefined {
  if (body instanceof Blob && body.type !== '') return body.type;
  const fromKey = contentTypeFromKey(key);
  return fromKey === UNKNOWN_CONTENT_TYPE ? undefined : fromKey;
}
