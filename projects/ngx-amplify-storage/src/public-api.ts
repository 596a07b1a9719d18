/*
 * The public API of ngx-amplify-storage: every name here is a semver commitment, and
 * api/ngx-amplify-storage.api.md records it (`npm run api:update` after a deliberate change).
 * Internals stay out; what the secondary entry points need is in private-export.ts.
 */

// Set-up
export {
  AmplifyStorageModule,
  StorageFeature,
  provideAmplifyStorage,
  withCredentialsProvider,
  withMaxConcurrentTransfers,
  withMaxRequestsPerHost,
  withTracking,
  withTransferOptions,
} from './lib/provide-amplify-storage';
export type {
  AmplifyStorageConfig,
  AwsExportsConfig,
  ManualStorageConfig,
  StorageConfig,
  StorageSettings,
} from './lib/config/storage-config';
export { ACCESS_LEVELS, type AccessLevel, type CustomPrefix } from './lib/keys/access-level';

// Credentials
export { CognitoCredentials, type CognitoLogins } from './lib/credentials/cognito-credentials';
export type {
  AwsCredentials,
  StorageCredentialsProvider,
  StorageIdentity,
} from './lib/credentials/credentials-provider';

// The service
export { StorageService } from './lib/service/storage.service';
export { StorageVault, type VaultCopyEnd, type VaultOptions } from './lib/service/storage-vault';
export {
  transferResult,
  type CopyEnd,
  type CopyOptions,
  type DownloadEvent,
  type DownloadOptions,
  type DownloadResult,
  type GetUrlOptions,
  type GetUrlResult,
  type LevelOptions,
  type ListItem,
  type ListOptions,
  type ListResult,
  type ObjectProperties,
  type PutEvent,
  type PutOptions,
  type PutResult,
  type ReadOptions,
  type RemoveOptions,
  type RemovePrefixEvent,
  type RemovePrefixOptions,
  type RemoveResult,
  type StorageBody,
  type StorageProgressEvent,
  type StorageQueueEvent,
} from './lib/service/storage-types';
export { TransferControl, type TransferCommand } from './lib/transfer/transfer-control';
export type { TransferOptions } from './lib/transfer/transfer-options';
export type { RetryPolicy } from './lib/transfer/retry-policy';
export {
  RESUMABLE_UPLOAD_STORE,
  type CompletedPart,
  type ResumableUpload,
  type ResumeStore,
} from './lib/transfer/resume-store';
export { STORAGE_TRANSPORT, type StorageTransport } from './lib/transport/storage-transport';
export type {
  SdkHttpRequest,
  SdkHttpResponse,
  TransferProgress,
} from './lib/transport/browser-http-handler';

// Signals
export { storageUrl, type StorageUrlOptions } from './lib/signals/storage-url';
export { storageList, type StorageListOptions } from './lib/signals/storage-list';
export type {
  StorageParam,
  StorageResource,
  StorageResourceOptions,
} from './lib/signals/storage-resource';

// Text shown to users
export { StorageIntl, type FileStatusLabels } from './lib/i18n/storage-intl';
export { formatBytes } from './lib/i18n/format-bytes';

// Errors
export { StorageError, isStorageError, type StorageErrorCode } from './lib/errors/storage-error';

// Tracking
export type { StorageEvent, StorageMethod } from './lib/tracking/storage-event';
export type { StorageEventSink } from './lib/tracking/event-sink';

// Pickers and files
export { Picker } from './lib/pickers/picker';
export { PhotoPicker } from './lib/pickers/photo-picker';
export { TextPicker } from './lib/pickers/text-picker';
export type { PickerPreview } from './lib/pickers/preview-picker';
export type { PickerValue } from './lib/pickers/picker-value';
export type { FileUploadStatus, UploadedFile } from './lib/pickers/file-upload';
export {
  type FileRestrictions,
  type PickedFileInfo,
  type RejectedFile,
} from './lib/pickers/file-rules';
export type { FileToKey } from './lib/pickers/file-key';
export type { ProcessFile } from './lib/pickers/process-file';
export {
  resizeImage,
  type ResizeImageOptions,
  type ResizedImageType,
} from './lib/image/resize-image';

// Displays
export { S3Image, type S3ImageSelection } from './lib/display/s3-image';
export { S3Text } from './lib/display/s3-text';
export type { DisplayKind } from './lib/display/content-type';
export { S3Album } from './lib/album/s3-album';
export {
  ALBUM_TEMPLATES,
  AlbumEmptyTemplate,
  AlbumErrorTemplate,
  AlbumLoadingTemplate,
  AlbumTileTemplate,
  type AlbumEmptyContext,
  type AlbumErrorContext,
  type AlbumTileContext,
} from './lib/album/album-templates';
export type { DisplayError, DisplayErrorCode } from './lib/display/display-error';
export type { AlbumSelectionMode } from './lib/album/album-selection';
export {
  byKey,
  largestFirst,
  newestFirst,
  oldestFirst,
  type AlbumFilter,
  type AlbumItem,
  type AlbumSort,
  type SelectedAlbumItem,
} from './lib/album/album-item';

// The storage browser
export { StorageBrowser } from './lib/browser/storage-browser';
export type {
  BrowserAction,
  BrowserChange,
  BrowserLocation,
  BrowserView,
} from './lib/browser/browser-access';
// The browser's strings, apart from StorageIntl so that apps without the browser do not ship them.
export { StorageBrowserIntl, type BrowserActionName } from './lib/browser/storage-browser-intl';

// For the secondary entry points only: not public API.
export {
  ɵDEFAULT_RETRY_POLICY,
  type ɵRetryDecision,
  ɵSTORAGE_CREDENTIALS_PROVIDER,
  ɵSTORAGE_EVENT_SINKS,
  ɵStorageConfigStore,
  ɵassertLimit,
  ɵclassifyFailure,
  ɵlevelPrefix,
  ɵobjectKey,
  ɵretryDelay,
} from './private-export';
