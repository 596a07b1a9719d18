import {
  EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideEnvironmentInitializer,
} from '@angular/core';
import {
  AmplifyStorageConfig,
  RESUMABLE_UPLOAD_STORE,
  STORAGE_TRANSPORT,
  ɵSTORAGE_CREDENTIALS_PROVIDER as STORAGE_CREDENTIALS_PROVIDER,
  ɵStorageConfigStore as StorageConfigStore,
} from 'ngx-amplify-storage';
import { DEFAULT_LEVEL_PREFIXES } from './access-rules';
import { MemoryResumeStore } from './memory-resume-store';
import { StorageTestingController } from './storage-testing-controller';
import { TestingCredentials } from './testing-credentials';
import { TestingTransport } from './testing-transport';

/** Options of provideStorageTesting(). */
export interface StorageTestingOptions {
  /** Configuration merged over the app's (or the testing defaults), e.g. `{ level: 'private' }` or a customPrefix. */
  config?: AmplifyStorageConfig;
  /** The identity signed in at the start; null for none. Default a Cognito-style test ID. */
  identityId?: string | null;
}

/** The configuration used when the app gives none: a bucket no request can reach. */
export const STORAGE_TESTING_CONFIG = {
  bucket: 'testing-bucket',
  region: 'us-east-1',
  endpoint: 'https://s3.testing.invalid',
  forcePathStyle: true,
} as const;

/**
 * Runs StorageService, and the components on it, against an in-memory S3 in specs: no network,
 * no Cognito. The real service runs on top (queue, progress events, retries, errors, tracking);
 * the backend enforces the access levels per identity. Inspect and drive it with
 * `TestBed.inject(StorageTestingController)`. List it after `provideAmplifyStorage()`, if any.
 */
export function provideStorageTesting(options: StorageTestingOptions = {}): EnvironmentProviders {
  return makeEnvironmentProviders([
    StorageTestingController,
    { provide: TestingCredentials, useFactory: () => new TestingCredentials() },
    {
      provide: TestingTransport,
      useFactory: () => {
        const configStore = inject(StorageConfigStore);
        // Read at each request: the app may configure() another bucket or prefixes mid-spec.
        return new TestingTransport(inject(TestingCredentials), () => {
          const config = configStore.config();
          return {
            bucket: config.bucket,
            prefixes: { ...DEFAULT_LEVEL_PREFIXES, ...config.customPrefix },
          };
        });
      },
    },
    { provide: STORAGE_TRANSPORT, useExisting: TestingTransport },
    { provide: STORAGE_CREDENTIALS_PROVIDER, useExisting: TestingCredentials },
    { provide: RESUMABLE_UPLOAD_STORE, useFactory: () => new MemoryResumeStore() },
    provideEnvironmentInitializer(() => {
      const store = inject(StorageConfigStore);
      if (!store.settings().bucket) store.configure(STORAGE_TESTING_CONFIG);
      if (options.config) store.configure(options.config);
      const controller = inject(StorageTestingController);
      if (options.identityId !== undefined) controller.signInAs(options.identityId ?? undefined);
    }),
  ]);
}
