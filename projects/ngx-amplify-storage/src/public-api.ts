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
export * from './lib/tracking/storage-event';
export * from './lib/service/storage-vault';
export * from './lib/service/storage.service';
export * from './lib/provide-amplify-storage';
export * from './lib/upload/file-rules';
export * from './lib/upload/transfer-queue';
export * from './lib/upload/process-file';
export * from './lib/transfer/part-plan';
export * from './lib/transfer/retry-policy';
export * from './lib/transfer/transfer-control';
export * from './lib/transfer/transfer-options';
export { Picker } from './lib/pickers/picker';
export { PhotoPicker } from './lib/pickers/photo-picker';
export { TextPicker } from './lib/pickers/text-picker';
export { PickerBase } from './lib/pickers/picker-base';
export { PreviewPicker, type PickerPreview } from './lib/pickers/preview-picker';
export type { UploadedFile, FileUploadStatus } from './lib/pickers/file-upload';
export {
  resizeImage,
  fitWithin,
  type ResizeImageOptions,
  type ResizedImageType,
  type ImageSize,
} from './lib/image/resize-image';
export * from './lib/display/content-type';
export * from './lib/display/url-renewal';
export * from './lib/display/display-error';
export type { AlbumCrumb, AlbumEntry, AlbumFolder } from './lib/album/album-folder';
export * from './lib/album/album-item';
export { S3Image, type S3ImageSelection } from './lib/display/s3-image';
export { S3Text, TEXT_PICKER_ACCEPT } from './lib/display/s3-text';
export { S3Album } from './lib/album/s3-album';
export type { AlbumSelectionMode } from './lib/album/album-selection';
export type { AlbumListStatus } from './lib/album/album-listing';
export * from './lib/tracking/event-sink';
