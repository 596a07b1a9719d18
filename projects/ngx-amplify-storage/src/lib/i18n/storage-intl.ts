import { Injectable } from '@angular/core';
import { Subject } from 'rxjs';

/**
 * Every user-facing string of the library's components, with English defaults. Apps translate the
 * components by providing a subclass (or one per locale), as with Angular Material's
 * `MatPaginatorIntl`, and call `changes.next()` after changing a string at run time.
 */
@Injectable({ providedIn: 'root' })
export class StorageIntl {
  /** Emits when a string changed at run time, so components showing it re-render. */
  readonly changes = new Subject<void>();

  // Strings of the pickers, S3Image, S3Text and the album go in this first section.

  // Strings of the storage browser go in this last section.
}
