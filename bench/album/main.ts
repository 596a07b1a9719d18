// The album bench page: one amplify-s3-album over the objects that album-bench.mjs seeded, in a
// production (AOT) build. measure.ts watches it from before bootstrap; album-bench.mjs reads the
// figures with `page.evaluate(() => window.albumBench.result())`.
import { bootstrapApplication } from '@angular/platform-browser';
import { provideAmplifyStorage, withCredentialsProvider } from 'ngx-amplify-storage';
import { AlbumPage } from './album-page';
import { startMeasuring } from './measure';

const params = new URLSearchParams(location.search);
startMeasuring();

bootstrapApplication(AlbumPage, {
  providers: [
    provideAmplifyStorage(
      {
        bucket: params.get('bucket') ?? '',
        region: params.get('region') ?? 'us-east-1',
        endpoint: params.get('endpoint') ?? '',
        forcePathStyle: true,
      },
      // Plain s3rver takes its built-in key; no identity pool is involved in what is measured.
      withCredentialsProvider(() => ({
        getIdentity: async () => ({
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          identityId: 'bench',
        }),
      })),
    ),
  ],
}).catch((error) => console.error(error));
