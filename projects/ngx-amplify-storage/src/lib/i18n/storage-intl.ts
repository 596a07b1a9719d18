import { Injectable } from '@angular/core';
import { Subject } from 'rxjs';
import { formatBytes } from './format-bytes';

/** Where a picked file stands, as its row says it (the same words as FileUploadStatus). */
export interface FileStatusLabels {
  /** Picked, when the picker only picks. */
  picked: string;
  /** While `processFile` runs on it. */
  processing: string;
  /** Waiting for an upload slot. */
  queued: string;
  /** While its bytes are sent. */
  uploading: string;
  /** Stored. */
  done: string;
  /** Cancelled by the user. */
  cancelled: string;
  /** Failed; the row adds why (see `failedBecause`). */
  failed: string;
}

/**
 * Every user-facing string of the pickers, S3Image, S3Text and the album, with English defaults
 * (the storage browser's are in StorageBrowserIntl). Apps translate the components by providing a
 * subclass (or one per locale), as with Angular Material's `MatPaginatorIntl`, and call
 * `changes.next()` after changing a string at run time.
 * Messages with values are functions; they receive the values already formatted (sizes by `formatSize`).
 */
@Injectable({ providedIn: 'root' })
export class StorageIntl {
  /** Emits when a string changed at run time, so components showing it re-render. */
  readonly changes = new Subject<void>();

  /** `amplify-picker`'s button, when several files may be picked. */
  chooseFiles = 'Choose files';
  /** `amplify-picker`'s button, when one file may be picked. */
  chooseFile = 'Choose a file';
  /** `amplify-photo-picker`'s button, when several photos may be picked. */
  choosePhotos = 'Choose photos';
  /** `amplify-photo-picker`'s button, when one photo may be picked. */
  choosePhoto = 'Choose a photo';
  /** `amplify-text-picker`'s button, when several files may be picked. */
  chooseTextFiles = 'Choose text files';
  /** `amplify-text-picker`'s button, when one file may be picked. */
  chooseTextFile = 'Choose a text file';
  /** The hint under the button, when several files may be dropped. */
  dropFiles = 'Or drop files here.';
  /** The hint under the button, when one file may be dropped. */
  dropFile = 'Or drop a file here.';
  /** The hint while files are dragged over the drop zone. */
  dropToAdd = 'Drop to add.';
  /** The accepted file types, under the button (`accept` as given, e.g. `image/*`). */
  acceptedTypes = (accept: string): string => `Accepted: ${accept}.`;
  /** A size in bytes as every text shows it (limits, rejections, file rows, the storage browser), e.g. `1.5 MB`. */
  formatSize = (bytes: number): string => formatBytes(bytes);
  /** The size limit, under the button. */
  sizeLimit = (size: string): string => `Up to ${size} each.`;
  /** The count limit of a picker that takes one file per pick. */
  oneFileAtATime = 'One file at a time.';
  /** The count limit, under the button. */
  countLimit = (count: number): string => `At most ${count} files at a time.`;
  /** A picked file that is not of an accepted type. */
  notAccepted = (name: string, accept: string): string =>
    `${name} is not an accepted file type (${accept}).`;
  /** A picked file with no content. */
  emptyFile = (name: string): string => `${name} is empty (0 bytes).`;
  /** A picked file over the size limit. */
  tooLarge = (name: string, size: string, limit: string): string =>
    `${name} is ${size}; the limit is ${limit}.`;
  /** A picked file over the count limit. */
  tooMany = (name: string, count: number): string =>
    `${name} was not added: at most ${count} files at a time.`;
  /** Accessible name of the list of picked files. */
  pickedFiles = 'Picked files';
  /** Accessible name of one file's progress bar. */
  uploadProgress = (name: string): string => `Upload of ${name}`;
  /** Each file's status, as its row shows it. */
  fileStatus: FileStatusLabels = {
    picked: 'Picked',
    processing: 'Processing',
    queued: 'Queued',
    uploading: 'Uploading',
    done: 'Done',
    cancelled: 'Cancelled',
    failed: 'Failed',
  };
  /** A failed row's status with the reason (`failed` is `fileStatus.failed`). */
  failedBecause = (failed: string, reason: string): string => `${failed}: ${reason}`;
  /** Why an upload failed: `processFile` could not prepare the file. */
  processingFailed = (name: string): string =>
    `${name} could not be prepared for upload. Nothing was uploaded.`;
  /** Why an upload failed: the user may not store files there. */
  uploadDenied = 'You are not allowed to upload here.';
  /** Why an upload failed: the storage server did not answer. */
  uploadUnreachable = 'The storage server did not answer. Try again.';
  /** Why an upload failed: the file's name or folder cannot be a storage key. */
  uploadBadName = (name: string): string => `${name} cannot be stored under this name.`;
  /** Why an upload failed, for any other reason. */
  uploadFailed = 'The upload failed. Try again.';
  /** The Cancel button of an upload. */
  cancel = 'Cancel';
  /** Accessible name of the Cancel button of an upload. */
  cancelUpload = (name: string): string => `Cancel upload of ${name}`;
  /** A file the photo or text picker could not read for its preview. */
  unreadableFile = (name: string): string => `${name} could not be read; pick it again.`;
  /** Text alternative of the photo picker's preview. */
  photoPreview = (name: string): string => `Preview of ${name}`;
  /** Accessible name of the text picker's preview. */
  textPreview = (name: string): string => `Contents of ${name}`;
  /** `amplify-s3-image` while it loads. */
  loadingImage = 'Loading image…';
  /** `amplify-s3-image` while it uploads its `body` or picked file. */
  uploadingImage = 'Uploading image…';
  /** `amplify-s3-text` while it loads. */
  loadingText = 'Loading text…';
  /** `amplify-s3-text` while it uploads its `body` or picked file. */
  uploadingText = 'Uploading text…';
  /** An object that is not there (`name` is its key, or the album's path). */
  notFound = (name: string): string => `${name} was not found. It may have been deleted or moved.`;
  /** An object the user may not see. */
  accessDenied = (name: string): string => `You do not have access to ${name}.`;
  /** An album (at the root of its level) the user may not list. */
  accessDeniedToAlbum = 'You do not have access to this album.';
  /** An object that could not be loaded because the storage server did not answer. */
  unreachable = (name: string): string =>
    `${name} could not be loaded: the storage server did not answer.`;
  /** An object that could not be loaded, for any other reason. */
  loadFailed = (name: string): string => `${name} could not be loaded.`;
  /** An existing object that the browser cannot show as an image. */
  notAnImage = (name: string): string => `${name} exists but could not be shown as an image.`;
  /** An existing object that cannot be shown as text. */
  notText = (name: string): string => `${name} exists but could not be shown as text.`;
  /** What the album's messages call an album at the root of its level (for `notFound` and the like). */
  thisAlbum = 'This album';
  /** Accessible name of the album's grid, and its first breadcrumb at the root; the `label` input wins. */
  albumLabel = 'Files';
  /** Accessible name of the album's breadcrumb trail. */
  folders = 'Folders';
  /** The album's status line while it lists. */
  loadingFiles = 'Loading files…';
  /** The album's status line once listed: how many files (and folders, when browsing folders). */
  fileCount = (files: number, folders: number): string => {
    const count = files === 1 ? '1 file' : `${files} files`;
    if (folders === 0) return count;
    return `${folders === 1 ? '1 folder' : `${folders} folders`}, ${count}`;
  };
  /** The album's button that lists again after a failure. */
  tryAgain = 'Try again';
  /** An album with no files. */
  noFiles = 'No files here yet.';
  /** An album whose `filter` left no files. */
  noMatches = 'No files match.';
  /** The badge of a tile for a file without an extension. */
  fileBadge = 'FILE';
}
