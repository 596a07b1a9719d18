import { Injectable, Signal, inject } from '@angular/core';
import { Subject } from 'rxjs';
import { intlSignal } from '../i18n/intl-signal';
import { AccessLevel } from '../keys/access-level';
import type { BrowserAction } from './browser-access';

/**
 * Every user-facing string of `amplify-storage-browser`, with English defaults, apart from
 * StorageIntl so that apps without the browser do not ship them (as Angular Material keeps one
 * Intl per component). Apps translate the browser by providing a subclass, and call
 * `changes.next()` after changing a string at run time. Sizes come from StorageIntl's `formatSize`.
 */
@Injectable({ providedIn: 'root' })
export class StorageBrowserIntl {
  /** Emits when a string changed at run time, so the storage browser re-renders. */
  readonly changes = new Subject<void>();

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

/** The actions whose buttons the storage browser labels (`browserActionName`): its actions, and a folder upload. */
export type BrowserActionName = BrowserAction | 'uploadFolder';

/**
 * The app's StorageBrowserIntl as a signal that notifies on each `changes` (see `injectStorageIntl`).
 * Call in an injection context.
 */
export function injectStorageBrowserIntl(): Signal<StorageBrowserIntl> {
  return intlSignal(inject(StorageBrowserIntl));
}
