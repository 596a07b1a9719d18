/*
 * What the secondary entry points (`ngx-amplify-storage/kinesis`, `/testing`) need from the core
 * and apps must not use: exported under a ɵ prefix, as Angular shares internals between its own
 * packages (packages/common/http/src/private_export.ts). They may change in any release.
 */
export {
  DEFAULT_RETRY_POLICY as ɵDEFAULT_RETRY_POLICY,
  classifyFailure as ɵclassifyFailure,
  retryDelay as ɵretryDelay,
  type RetryDecision as ɵRetryDecision,
} from './lib/transfer/retry-policy';
export { STORAGE_CREDENTIALS_PROVIDER as ɵSTORAGE_CREDENTIALS_PROVIDER } from './lib/credentials/credentials-provider';
export { STORAGE_EVENT_SINKS as ɵSTORAGE_EVENT_SINKS } from './lib/tracking/event-sink';
export { assertLimit as ɵassertLimit } from './lib/pickers/file-rules';
export { StorageConfigStore as ɵStorageConfigStore } from './lib/config/storage-config-store';
export { levelPrefix as ɵlevelPrefix, objectKey as ɵobjectKey } from './lib/keys/key-rules';
