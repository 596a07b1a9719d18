/*
 * ngx-amplify-storage/testing: component harnesses, so that apps can test their own use of the
 * components without depending on their DOM.
 */
export * from './picker-harness';
export * from './photo-picker-harness';
export * from './text-picker-harness';
export * from './s3-object-display-harness';
export * from './s3-image-harness';
export * from './s3-text-harness';
export * from './s3-album-harness';
export * from './preview-picker-harness';
export * from './storage-browser-harness';
