import { bootstrapApplication } from '@angular/platform-browser';
import { provideAmplifyStorage } from 'ngx-amplify-storage';
import { BENCH_CONFIG } from './bench-config';
import { StorageApp } from './storage-app';

bootstrapApplication(StorageApp, { providers: [provideAmplifyStorage(BENCH_CONFIG)] }).catch(
  (error) => console.error(error),
);
