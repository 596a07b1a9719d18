// The features of provideAmplifyStorage: opaque values that each may be given once. Nothing here
// reaches S3; the providers are read back from a real injector.
import { Injector, createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { localSettings } from '../../spec-support/local-backend';
import { StorageError } from './errors/storage-error';
import {
  AmplifyStorageModule,
  StorageFeature,
  featureConflict,
  provideAmplifyStorage,
  withCredentialsProvider,
  withMaxConcurrentTransfers,
  withMaxRequestsPerHost,
  withTracking,
  withTransferOptions,
} from './provide-amplify-storage';
import { STORAGE_EVENT_SINKS, StorageEventSink } from './tracking/event-sink';
import { MAX_CONCURRENT_TRANSFERS, MAX_REQUESTS_PER_HOST } from './transfer/transfer-limits';
import {
  STORAGE_CREDENTIALS_PROVIDER,
  StorageCredentialsProvider,
} from './credentials/credentials-provider';

/** The StorageError `run` throws; fails the spec when it throws nothing or something else. */
function storageErrorOf(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError, but nothing was thrown');
}

const sink: StorageEventSink = { record: () => undefined };

describe('featureConflict', () => {
  it('accepts no features, and each kind once', () => {
    expect(featureConflict([])).toBeUndefined();
    expect(
      featureConflict(['credentials', 'concurrency', 'requests', 'transfers', 'tracking']),
    ).toBeUndefined();
  });

  it('names the feature given twice and what to do instead', () => {
    expect(featureConflict(['tracking', 'concurrency', 'tracking'])).toBe(
      'withTracking() was given more than once; the last would silently replace the others. ' +
        'Pass a single withTracking() with everything it needs (it takes any number of sinks).',
    );
    expect(featureConflict(['transfers', 'transfers'])).toContain(
      'withTransferOptions() was given more than once',
    );
    expect(featureConflict(['credentials', 'credentials'])).toContain('withCredentialsProvider()');
    expect(featureConflict(['concurrency', 'concurrency'])).toContain(
      'withMaxConcurrentTransfers()',
    );
    expect(featureConflict(['requests', 'requests'])).toContain('withMaxRequestsPerHost()');
  });
});

describe('provideAmplifyStorage features', () => {
  /** An environment injector with `providers`, as an app's root injector would be. */
  function injectorWith(providers: Parameters<typeof createEnvironmentInjector>[0]): Injector {
    return createEnvironmentInjector(providers, TestBed.inject(EnvironmentInjector));
  }

  it('provides what each feature configures, when each is given once', () => {
    const credentials: StorageCredentialsProvider = {
      getIdentity: () => Promise.reject(new Error('unused')),
    };
    const injector = injectorWith([
      provideAmplifyStorage(
        localSettings(),
        withCredentialsProvider(() => credentials),
        withMaxConcurrentTransfers(2),
        withMaxRequestsPerHost(3),
        withTransferOptions({ partConcurrency: 3 }),
        withTracking(sink, () => sink),
      ),
    ]);
    expect(injector.get(MAX_CONCURRENT_TRANSFERS)).toBe(2);
    expect(injector.get(MAX_REQUESTS_PER_HOST)).toBe(3);
    expect(injector.get(STORAGE_EVENT_SINKS)).toEqual([sink, sink]);
    expect(injector.get(STORAGE_CREDENTIALS_PROVIDER)).toBe(credentials);
  });

  it('throws in dev mode when withTracking() is given twice, instead of keeping only the last', () => {
    const error = storageErrorOf(() =>
      provideAmplifyStorage(localSettings(), withTracking(sink), withTracking(sink)),
    );
    expect(error.code).toBe('InvalidConfig');
    expect(error.message).toContain('withTracking() was given more than once');
  });

  it('throws in dev mode for a repeated feature given to AmplifyStorageModule.forRoot too', () => {
    const error = storageErrorOf(() =>
      AmplifyStorageModule.forRoot(
        localSettings(),
        withMaxConcurrentTransfers(2),
        withMaxConcurrentTransfers(3),
      ),
    );
    expect(error.code).toBe('InvalidConfig');
    expect(error.message).toContain('withMaxConcurrentTransfers() was given more than once');
  });

  it('rejects a feature that no withX() function made', () => {
    const forged = { kind: 'tracking', providers: [] } as unknown as StorageFeature;
    const error = storageErrorOf(() =>
      provideAmplifyStorage(localSettings(), withTracking(sink), forged),
    );
    expect(error.code).toBe('InvalidConfig');
    expect(error.message).toContain('Feature 2 of provideAmplifyStorage is not one of the library');
  });
});

describe('the request and transfer limits', () => {
  it('default to 6 requests per host, the browser’s own limit, and no cap on whole transfers', () => {
    const injector = createEnvironmentInjector(
      [provideAmplifyStorage(localSettings())],
      TestBed.inject(EnvironmentInjector),
    );
    expect(injector.get(MAX_REQUESTS_PER_HOST)).toBe(6);
    expect(injector.get(MAX_CONCURRENT_TRANSFERS)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a request limit that is not a whole number of 1 or more, naming it', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      const error = storageErrorOf(() => withMaxRequestsPerHost(bad));
      expect(error.code).toBe('InvalidOption');
      expect(error.field).toBe('maxRequestsPerHost');
    }
  });
});
