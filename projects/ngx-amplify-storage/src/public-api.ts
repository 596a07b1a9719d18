/*
 * Public API Surface of ngx-amplify-storage
 */
export * from './lib/errors/storage-error';
export * from './lib/keys/access-level';
export * from './lib/keys/key-rules';
export * from './lib/config/storage-config';
export { STORAGE_CONFIG, StorageConfigStore } from './lib/config/storage-config-store';
export * from './lib/credentials/credentials-provider';
export * from './lib/credentials/cognito-credentials';
export { presignGetUrl, objectUrl, type ObjectLocation } from './lib/presign/presign-url';
export * from './lib/presign/url-expiry';
export type { TransferProgress } from './lib/transport/browser-http-handler';
export * from './lib/service/storage-types';
export * from './lib/service/storage-event';
export * from './lib/service/storage-vault';
export * from './lib/service/storage.service';
export * from './lib/provide-amplify-storage';
export * from './lib/upload/file-rules';
export * from './lib/upload/transfer-queue';
export * from './lib/transfer/part-plan';
export * from './lib/transfer/retry-policy';
export * from './lib/transfer/transfer-control';
export * from './lib/transfer/transfer-options';
