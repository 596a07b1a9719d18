// What the component bench pages (bench/album, bench/browser) set up the same way: one component
// as an app places it, bootstrapped in a production build against the bench's plain s3rver, whose
// address comes in the page's query string (`?endpoint=…&bucket=…&region=…&path=…`).
import { Type } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideAmplifyStorage, withCredentialsProvider } from 'ngx-amplify-storage';

/** The page's query string. */
export const pageParams = new URLSearchParams(location.search);

/** Bootstraps `page` (selector `bench-page`, the element of bench/lib/index.html) with the library configured for the bench's s3rver. */
export function bootstrapBenchPage(page: Type<unknown>): void {
  bootstrapApplication(page, {
    providers: [
      provideAmplifyStorage(
        {
          bucket: pageParams.get('bucket') ?? '',
          region: pageParams.get('region') ?? 'us-east-1',
          endpoint: pageParams.get('endpoint') ?? '',
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
}
