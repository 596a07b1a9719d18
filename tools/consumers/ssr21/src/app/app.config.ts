import {
  ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZoneChangeDetection,
} from '@angular/core';
import { provideClientHydration } from '@angular/platform-browser';
import { StorageSettings, provideAmplifyStorage } from 'ngx-amplify-storage';

/** The providers shared by the server render and the browser: zone.js, hydration, the library. */
export function appConfig(settings: StorageSettings): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZoneChangeDetection({ eventCoalescing: true }),
      provideClientHydration(),
      provideAmplifyStorage(settings),
    ],
  };
}
