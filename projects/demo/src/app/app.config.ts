import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { TitleStrategy, provideRouter } from '@angular/router';
import { routes } from './app.routes';
import { DemoTitleStrategy } from './demo-title';
import { localBackendOfPage, provideLocalBackend } from './local-backend';

// Zoneless: Angular 21 needs no zone.js, and this app does not load it.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes),
    { provide: TitleStrategy, useClass: DemoTitleStrategy },
    provideLocalBackend(localBackendOfPage()),
  ],
};
