import { ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { SETTINGS_ELEMENT_ID } from './app/settings';

const settings = JSON.parse(document.getElementById(SETTINGS_ELEMENT_ID)?.textContent ?? 'null');
bootstrapApplication(App, appConfig(settings))
  .then((app) => {
    // The test reads whether the app is stable (zone.js: no pending timer or request in the zone).
    (window as unknown as { appRef: ApplicationRef }).appRef = app;
  })
  .catch((error) => console.error(error));
