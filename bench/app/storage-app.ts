// The smallest realistic app that uses the library: it injects StorageService and calls
// put, get and list. `npm run bench` builds it to see what the library adds to a bundle.
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { StorageService } from 'ngx-amplify-storage';
import { BENCH_TEMPLATE } from './bench-template';

@Component({
  selector: 'bench-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: BENCH_TEMPLATE,
})
export class StorageApp {
  private readonly storage = inject(StorageService);
  protected readonly status = signal('idle');

  upload(): void {
    this.storage.put('hello.txt', 'hello').subscribe({
      next: (event) => this.status.set(event.type),
      error: (error: Error) => this.status.set(error.message),
    });
  }

  link(): void {
    this.storage.get('hello.txt').subscribe({
      next: ({ url }) => this.status.set(url),
      error: (error: Error) => this.status.set(error.message),
    });
  }

  listAll(): void {
    this.storage.list('').subscribe({
      next: ({ items }) => this.status.set(`${items.length} items`),
      error: (error: Error) => this.status.set(error.message),
    });
  }
}
