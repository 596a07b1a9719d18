// What a small put does not need, in a chunk of its own that storage-engine.ts loads on the first
// call of any of it: the other operations with the presigner (SHA-256, HMAC) and ranged downloads,
// and multipart uploads with the IndexedDB resume store (issue 13: initial plus lazy bytes after
// one put). One chunk rather than two: esbuild makes a chunk for every set of entries sharing
// files, and two lazy entries beside the engine cut the shared code into more, smaller files.
export { copy } from './operations/copy';
export { download } from './operations/download';
export { getProperties } from './operations/get-properties';
export { getUrl } from './operations/get-url';
export { list } from './operations/list';
export { removeKey } from './operations/remove';
export { removePrefix } from './operations/remove-prefix';
export { updateMetadata } from './operations/update-metadata';
export { multipartUploads } from './multipart-uploads';
