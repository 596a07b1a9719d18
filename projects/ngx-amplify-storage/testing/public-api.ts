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
export * from './s3-album-tile-harness';
export * from './preview-picker-harness';
export * from './storage-browser-harness';

// The app testing kit: StorageService on an in-memory S3.
export {
  provideStorageTesting,
  STORAGE_TESTING_CONFIG,
  type StorageTestingOptions,
} from './storage-testing/provide-storage-testing';
export {
  StorageTestingController,
  type TestingObject,
  type TestingObjectLocation,
  type TestingSeedOptions,
} from './storage-testing/storage-testing-controller';
export type { TestingRequest } from './storage-testing/testing-transport';
export type {
  TestingFaultCode,
  TestingFaultOptions,
  TestingFaultTarget,
} from './storage-testing/faults';
export type { S3Operation } from './storage-testing/s3-wire';
export { TESTING_IDENTITY_ID } from './storage-testing/testing-credentials';
export {
  testingAccessAllowed,
  type TestingAction,
  type LevelPrefixes,
} from './storage-testing/access-rules';
