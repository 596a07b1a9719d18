import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { localBackendOfPage, provideLocalBackend } from './local-backend';

// Zoneless: Angular 21 needs no zone.js, and this app does not load it.
export const appConfig: ApplicationConfig = {
  providers: [provideBrowserGlobalErrorListeners(), provideLocalBackend(localBackendOfPage())],
};
