import { Pipe, PipeTransform } from '@angular/core';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `1536 | bytes` → `1.5 KB`. */
@Pipe({ name: 'bytes' })
export class BytesPipe implements PipeTransform {
  transform(size: number | undefined): string {
    if (size === undefined) return '?';
    let unit = 0;
    while (size >= 1024 && unit < UNITS.length - 1) {
      size /= 1024;
      unit++;
    }
    return `${unit === 0 ? size : size.toFixed(1)} ${UNITS[unit]}`;
  }
}
