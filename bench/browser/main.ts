// The storage browser bench page: one amplify-storage-browser opening the folder that the album
// bench seeded, in a production (AOT) build. measure.ts watches it from before bootstrap.
import { bootstrapApplication } from '@angular/platform-browser';
import { provideAmplifyStorage, withCredentialsProvider } from 'ngx-amplify-storage';
import { BrowserPage } from './browser-page';
import { startMeasuring } from './measure';

const params = new URLSearchParams(location.search);
startMeasuring();

bootstrapApplication(BrowserPage, {
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
