import { bootstrapApplication } from '@angular/platform-browser';
import { provideAmplifyStorage } from 'ngx-amplify-storage';
import { WidgetsApp } from './widgets-app';
import { BENCH_CONFIG } from './bench-config';

bootstrapApplication(WidgetsApp, { providers: [provideAmplifyStorage(BENCH_CONFIG)] }).catch(
  (error) => console.error(error),
);
