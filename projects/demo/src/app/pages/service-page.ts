import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { DemoSession } from '../demo-session';
import { EventLog } from '../event-log';
import { FileTable } from '../file-table';
import { FolderTools } from '../folder-tools';
import { ObjectTools } from '../object-tools';
import { UploadPanel } from '../upload-panel';

/**
 * StorageService without the components: uploads, the file table, an object's properties,
 * metadata and copy, folders, and the tracking events of every call.
 */
@Component({
  selector: 'app-service-page',
  imports: [UploadPanel, FileTable, ObjectTools, FolderTools, EventLog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './service-page.html',
})
export class ServicePage {
  protected readonly session = inject(DemoSession);
}
