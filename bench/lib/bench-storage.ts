// What the two bench pages (bench/page, bench/transfers) set up the same way: the library through
// Angular DI against the bench's plain s3rver, and the direct SDK client it is compared with.
import { type EnvironmentInjector } from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import { S3Client } from '@aws-sdk/client-s3';
import {
  StorageService,
  provideAmplifyStorage,
  type StorageFeature,
  withCredentialsProvider,
  type StorageCredentialsProvider,
} from '../../projects/ngx-amplify-storage/src/public-api';

/** Where the bench's S3 server is, as the bench script passes it to the page. */
export interface Backend {
  s3Endpoint: string;
  bucket: string;
  region: string;
}

/** s3rver's built-in key pair: the only fixed key the local server accepts, so both sides sign with it. */
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An app injector with the library configured for `backend`, fixed credentials and `features`
 * (e.g. `withTransferOptions(...)`), and its StorageService.
 */
export async function benchStorage(
  backend: Backend,
  ...features: StorageFeature[]
): Promise<{ injector: EnvironmentInjector; storage: StorageService }> {
  const fixed: StorageCredentialsProvider = {
    getIdentity: () => Promise.resolve({ credentials: { ...CREDENTIALS }, identityId: undefined }),
  };
  const app = await createApplication({
    providers: [
      provideAmplifyStorage(
        {
          bucket: backend.bucket,
          region: backend.region,
          endpoint: backend.s3Endpoint,
          forcePathStyle: true,
        },
        withCredentialsProvider(() => fixed),
        ...features,
      ),
    ],
  });
  const injector: EnvironmentInjector = app.injector;
  return { injector, storage: injector.get(StorageService) };
}

/** The direct SDK client, configured like the library's own client (minus its transport). */
export function directClient(
  backend: Backend,
  extra: Partial<ConstructorParameters<typeof S3Client>[0]> = {},
): S3Client {
  return new S3Client({
    region: backend.region,
    endpoint: backend.s3Endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...extra,
  });
}
