import { Injectable } from '@angular/core';
import { Subject } from 'rxjs';
import { AccessLevel } from '../keys/access-level';
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
 * Every user-facing string of the library's components, with English defaults. Apps translate the
 * components by providing a subclass (or one per locale), as with Angular Material's
 * `MatPaginatorIntl`, and call `changes.next()` after changing a string at run time.
 * Messages with values are functions; they receive the values already formatted (sizes by `formatSize`).
 */
@Injectable({ providedIn: 'root' })
export class StorageIntl {
  /** Emits when a string changed at run time, so components showing it re-render. */
  readonly changes = new Subject<void>();

  // Strings of the pickers, S3Image, S3Text and the album go in this first section.

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

  // Strings of the storage browser go in this last section.

  /** Accessible name of the storage browser's region. */
  browserLabel = 'Storage browser';
  /** Label of the location chooser. */
  browserLocation = 'Location';
  /** Names of the locations: the levels, and another user's protected files. */
  browserLocationName(place: AccessLevel | 'other', guest: boolean): string {
    switch (place) {
      case 'public':
        return 'Public files';
      case 'protected':
        return guest ? 'Protected files (read only)' : 'My protected files';
      case 'private':
        return 'My private files';
      case 'other':
        return "Another user's protected files";
    }
  }
  /** Label of the field where the owner's identity ID is typed. */
  browserIdentityId = "Owner's identity ID";
  /** The button that opens the typed identity's files. */
  browserOpen = 'Open';
  /** The current user's own identity ID, shown so that it can be shared. */
  browserOwnIdentity = (identityId: string) => `Your identity ID: ${identityId}`;
  /** The error when the typed identity ID is empty or has a slash. */
  browserBadIdentity =
    "Type the owner's identity ID, such as us-east-1:0f9a…, without spaces or slashes.";
  /** Name of the breadcrumb trail's first crumb: the top of the level. */
  browserTop = 'All files';
  /** Accessible name of the breadcrumb trail. */
  browserFolders = 'Folders';
  /** Label of the filter field. */
  browserFilter = 'Filter by name';
  /** Label of the sort chooser. */
  browserSort = 'Sort by';
  /** One sort order in the sort chooser. */
  browserSortName = (field: 'name' | 'size' | 'date', direction: 'asc' | 'desc') =>
    ({
      name: direction === 'asc' ? 'Name, A to Z' : 'Name, Z to A',
      size: direction === 'asc' ? 'Size, smallest first' : 'Size, largest first',
      date: direction === 'asc' ? 'Date, oldest first' : 'Date, newest first',
    })[field];
  /** Accessible name of the view switch, and its two views. */
  browserView = 'View';
  /** The list view. */
  browserListView = 'List';
  /** The grid view. */
  browserGridView = 'Grid';
  /** Accessible name of the list of files and folders. */
  browserItems = 'Files and folders';
  /** Accessible name of the action buttons. */
  browserActions = 'Actions';
  /** The label of each action's button. */
  browserActionName = (action: BrowserActionName) =>
    ({
      upload: 'Upload files',
      uploadFolder: 'Upload folder',
      createFolder: 'New folder',
      download: 'Download',
      copy: 'Copy',
      move: 'Move',
      rename: 'Rename',
      delete: 'Delete',
      properties: 'Properties',
      link: 'Get link',
    })[action];
  /** Column headings of the list view. */
  browserColumns = { name: 'Name', size: 'Size', modified: 'Modified' };
  /** What a folder is called in the list's size column. */
  browserFolderKind = 'Folder';
  /** While the folder is listed. */
  browserLoading = 'Loading…';
  /** The status line once listed. */
  browserCount = (folders: number, files: number) =>
    `${folders === 1 ? '1 folder' : `${folders} folders`}, ${files === 1 ? '1 file' : `${files} files`}`;
  /** How many entries are selected. */
  browserSelected = (count: number) => (count === 1 ? '1 selected' : `${count} selected`);
  /** An empty folder. */
  browserEmpty = 'This folder is empty.';
  /** A filter that matches nothing. */
  browserNoMatch = (filter: string) => `Nothing in this folder matches “${filter}”.`;
  /** The hint on the drop zone. */
  browserDropHint = 'Drop files or folders here to upload them to this folder.';
  /** A drop whose files or folders the browser would not let the page read. */
  browserDropUnreadable =
    'The dropped files could not be read, so nothing was uploaded. Use “Upload files” or “Upload folder” instead.';
  /** Accessible name of the upload list. */
  browserUploads = 'Uploads';
  /** Buttons of an upload under way. */
  browserPause = 'Pause';
  /** Resumes a paused upload. */
  browserResume = 'Resume';
  /** Cancels an upload or a folder deletion, or closes a form. */
  browserCancel = 'Cancel';
  /** Removes finished uploads from the list. */
  browserClearFinished = 'Clear finished';
  /** Where an upload stands. */
  browserTransferState = (
    state: 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed',
  ) =>
    ({
      queued: 'Waiting',
      running: 'Uploading',
      paused: 'Paused',
      done: 'Done',
      cancelled: 'Cancelled',
      failed: 'Failed',
    })[state];
  /** Accessible name of an upload's progress bar and buttons. */
  browserProgressOf = (name: string) => `Progress of ${name}`;
  /** Label of the new folder's name field. */
  browserFolderName = 'Folder name';
  /** Label of the rename field. */
  browserNewName = 'New name';
  /** Label of the destination level of a copy or move. */
  browserToLevel = 'To';
  /** Label of the destination folder of a copy or move. */
  browserToFolder = 'Folder (empty for the top)';
  /** The error for a name that cannot be used. */
  browserNameProblem = (problem: 'empty' | 'slash' | 'dots' | 'exists') =>
    ({
      empty: 'Type a name.',
      slash: 'A name cannot contain “/”.',
      dots: 'A name cannot be “.” or “..”.',
      exists: 'Something with this name is already here; choose another name.',
    })[problem];
  /** The error for a destination folder that cannot be used. */
  browserBadFolder = 'Type a folder such as photos/2024, without empty, “.” or “..” parts.';
  /** The question before deleting. */
  browserConfirmDelete = (names: readonly string[]) =>
    names.length === 1
      ? `Delete “${names[0]}”? This cannot be undone.`
      : `Delete these ${names.length} items? This cannot be undone.`;
  /** Progress of a folder deletion. */
  browserDeleting = (name: string, deleted: number, found: number) =>
    `Deleting ${name}: ${deleted} of ${found} objects deleted…`;
  /** The heading of the properties panel. */
  browserPropertiesOf = (name: string) => `Properties of ${name}`;
  /** Names of the properties shown. */
  browserPropertyNames = {
    key: 'Key',
    size: 'Size',
    type: 'Type',
    modified: 'Modified',
    eTag: 'ETag',
    metadata: 'Metadata',
  };
  /** When an object has no user metadata. */
  browserNoMetadata = 'None';
  /** The heading of the link panel. */
  browserLinkOf = (name: string) => `Link to ${name}`;
  /** Until when the link works. */
  browserLinkExpires = (expiresAt: Date) => `Works until ${expiresAt.toLocaleString()}.`;
  /** Copies the link to the clipboard. */
  browserCopyLink = 'Copy link';
  /** Closes a panel. */
  browserClose = 'Close';
  /** Success messages, after an action on `count` items. */
  browserDone = (action: BrowserActionName, count: number) => {
    const items = count === 1 ? '1 item' : `${count} items`;
    return {
      upload: `Uploaded ${items}.`,
      uploadFolder: `Uploaded ${items}.`,
      createFolder: 'Folder created.',
      download: `Downloaded ${items}.`,
      copy: `Copied ${items}.`,
      move: `Moved ${items}.`,
      rename: 'Renamed.',
      delete: `Deleted ${items}.`,
      properties: '',
      link: 'Link copied.',
    }[action];
  };
  /** The message when the server refused an action (or a listing) here. */
  browserRefused = (what: string) =>
    `The server refused: you do not have permission to ${what} here.`;
  /** The verb of each refused action, for `browserRefused`. */
  browserVerb = (action: BrowserActionName | 'list') =>
    ({
      list: 'list this folder',
      upload: 'upload',
      uploadFolder: 'upload',
      createFolder: 'create folders',
      download: 'download this',
      copy: 'copy this',
      move: 'move this',
      rename: 'rename this',
      delete: 'delete this',
      properties: 'read this',
      link: 'read this',
    })[action];
  /** The message when an object is gone. */
  browserNotFound = (name: string) => `${name} was not found; it may have been deleted or moved.`;
  /** The message when the server did not answer. */
  browserNetwork = 'The storage server did not answer; check the connection and try again.';
  /** After the user stopped a folder deletion. */
  browserCancelled = 'Stopped. What was already deleted stays deleted.';
  /** Dismisses a message. */
  browserDismiss = 'Dismiss';
}

/** The actions whose buttons the storage browser labels (`browserActionName`). */
export type BrowserActionName =
  | 'upload'
  | 'uploadFolder'
  | 'createFolder'
  | 'download'
  | 'copy'
  | 'move'
  | 'rename'
  | 'delete'
  | 'properties'
  | 'link';
