import { bootstrapApplication } from '@angular/platform-browser';
import { StorageApp } from './plain-app';

bootstrapApplication(StorageApp, { providers: [] }).catch((error) => console.error(error));
