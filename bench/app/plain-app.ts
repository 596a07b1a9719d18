// The same app without the library: the baseline that `npm run bench` subtracts.
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';

@Component({
  selector: 'bench-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button (click)="upload()">put</button>
    <button (click)="link()">get</button>
    <button (click)="listAll()">list</button>
    <p>{{ status() }}</p>
  `,
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
