// The same app without the library: the baseline that `npm run bench` subtracts.
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { BENCH_TEMPLATE } from './bench-template';

@Component({
  selector: 'bench-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: BENCH_TEMPLATE,
})
export class StorageApp {
  protected readonly status = signal('idle');

  upload(): void {
    this.status.set('put');
  }

  link(): void {
    this.status.set('get');
  }

  listAll(): void {
    this.status.set('list');
  }
}
