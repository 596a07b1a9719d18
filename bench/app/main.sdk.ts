import { bootstrapApplication } from '@angular/platform-browser';
import { SdkApp } from './sdk-app';

bootstrapApplication(SdkApp, { providers: [] }).catch((error) => console.error(error));
