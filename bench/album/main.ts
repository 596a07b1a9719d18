// The album bench page: one amplify-s3-album over the objects that album-bench.mjs seeded, in a
// production (AOT) build. measure.ts watches it from before bootstrap; album-bench.mjs reads the
// figures with `page.evaluate(() => window.albumBench.result())`.
import { bootstrapBenchPage } from '../lib/component-page';
import { AlbumPage } from './album-page';
import { startMeasuring } from './measure';

startMeasuring();
bootstrapBenchPage(AlbumPage);
