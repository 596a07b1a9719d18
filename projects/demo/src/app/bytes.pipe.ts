import { Pipe, PipeTransform } from '@angular/core';
import { formatBytes } from 'ngx-amplify-storage';

/** `1536 | bytes` → `1.5 KB`: decimal units, as the library's components show sizes. */
@Pipe({ name: 'bytes' })
export class BytesPipe implements PipeTransform {
  transform(size: number | undefined): string {
    return size === undefined ? '?' : formatBytes(size);
  }
}
