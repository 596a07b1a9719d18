// The storage browser bench page: one amplify-storage-browser opening the folder that the album
// bench seeded, in a production (AOT) build. measure.ts watches it from before bootstrap.
import { bootstrapBenchPage } from '../lib/component-page';
import { BrowserPage } from './browser-page';
import { startMeasuring } from './measure';

startMeasuring();
bootstrapBenchPage(BrowserPage);
