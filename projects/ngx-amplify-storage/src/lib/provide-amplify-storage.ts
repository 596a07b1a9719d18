import {
  EnvironmentProviders,
  ModuleWithProviders,
  NgModule,
  Provider,
  makeEnvironmentProviders,
} from '@angular/core';
import { AmplifyStorageConfig } from './config/storage-config';
import { STORAGE_CONFIG } from './config/storage-config-store';
import { S3Album } from './album/s3-album';
import {
  AlbumEmptyTemplate,
  AlbumErrorTemplate,
  AlbumLoadingTemplate,
  AlbumTileTemplate,
} from './album/album-templates';
import { S3Image } from './display/s3-image';
import { StorageBrowser } from './browser/storage-browser';
import { S3Text } from './display/s3-text';
import { PhotoPicker } from './pickers/photo-picker';
import { Picker } from './pickers/picker';
import { TextPicker } from './pickers/text-picker';
import {
  STORAGE_CREDENTIALS_PROVIDER,
  StorageCredentialsProvider,
} from './credentials/credentials-provider';
import { assertLimit } from './pickers/file-rules';
import { MAX_CONCURRENT_TRANSFERS, MAX_REQUESTS_PER_HOST } from './transfer/transfer-limits';
import { StorageError } from './errors/storage-error';
import { STORAGE_EVENT_SINKS, StorageEventSink } from './tracking/event-sink';
import {
  DEFAULT_TRANSFER_OPTIONS,
  MIN_PART_SIZE,
  TRANSFER_OPTIONS,
  TransferOptions,
} from './transfer/transfer-options';

/** The kinds of feature; each may be given once. */
export type StorageFeatureKind =
  'credentials' | 'concurrency' | 'requests' | 'transfers' | 'tracking';

/**
 * An optional part of the set-up, made by a `withX()` function and passed to
 * `provideAmplifyStorage` or `AmplifyStorageModule.forRoot`. Opaque: what it holds is not API.
 */
export abstract class StorageFeature {
  // A private member makes the type nominal, so that no plain object passes for a feature.
  private readonly storageFeature = true;
}

/** A feature as the library reads it. */
class KnownFeature extends StorageFeature {
  constructor(
    readonly kind: StorageFeatureKind,
    readonly providers: Provider[],
  ) {
    super();
  }
}

/** The function that makes each kind of feature, to name it in errors. */
const FEATURE_MAKERS: Record<StorageFeatureKind, string> = {
  credentials: 'withCredentialsProvider()',
  concurrency: 'withMaxConcurrentTransfers()',
  requests: 'withMaxRequestsPerHost()',
  transfers: 'withTransferOptions()',
  tracking: 'withTracking()',
};

/**
 * Why `kinds` cannot be used together, or undefined when they can: each feature may be given
 * once, since a second one would silently replace the first (as provideHttpClient, it throws).
 */
export function featureConflict(kinds: readonly StorageFeatureKind[]): string | undefined {
  const seen = new Set<StorageFeatureKind>();
  for (const kind of kinds) {
    if (seen.has(kind)) {
      const maker = FEATURE_MAKERS[kind];
      return `${maker} was given more than once; the last would silently replace the others. Pass a single ${maker} with everything it needs${kind === 'tracking' ? ' (it takes any number of sinks)' : ''}.`;
    }
    seen.add(kind);
  }
  return undefined;
}

/** The features' providers, after checking that each was made by a withX() function and (in dev mode) that none conflict. */
function featureProviders(features: readonly StorageFeature[]): Provider[] {
  const known = features.map((feature, index) => {
    if (feature instanceof KnownFeature) return feature;
    throw new StorageError(
      'InvalidConfig',
      `Feature ${index + 1} of provideAmplifyStorage is not one of the library's: make features with withCredentialsProvider(), withMaxRequestsPerHost(), withMaxConcurrentTransfers(), withTransferOptions() or withTracking().`,
    );
  });
  if (typeof ngDevMode === 'undefined' || ngDevMode) {
    const conflict = featureConflict(known.map((feature) => feature.kind));
    if (conflict !== undefined) throw new StorageError('InvalidConfig', conflict);
  }
  return known.flatMap((feature) => feature.providers);
}

/**
 * Supplies credentials from the app's own auth system instead of a Cognito identity pool.
 * `factory` runs in an injection context, so it may `inject()` the app's services.
 */
export function withCredentialsProvider(factory: () => StorageCredentialsProvider): StorageFeature {
  return new KnownFeature('credentials', [
    { provide: STORAGE_CREDENTIALS_PROVIDER, useFactory: factory },
  ]);
}

/**
 * Sets how many HTTP requests may be in flight to one host across the app (default 6, the
 * browser's own per-host limit). Calls take turns: a small file never waits behind the queued
 * parts of a large upload.
 */
export function withMaxRequestsPerHost(limit: number): StorageFeature {
  return new KnownFeature('requests', [
    { provide: MAX_REQUESTS_PER_HOST, useValue: assertLimit(limit, 'maxRequestsPerHost') },
  ]);
}

/**
 * Sets how many uploads and downloads may run at once across the app (by default no limit of
 * its own: requests are limited per host, see withMaxRequestsPerHost). Transfers past the limit
 * wait whole, with a `queued` event, before sending anything.
 */
export function withMaxConcurrentTransfers(limit: number): StorageFeature {
  return new KnownFeature('concurrency', [
    { provide: MAX_CONCURRENT_TRANSFERS, useValue: assertLimit(limit, 'maxConcurrentTransfers') },
  ]);
}

/** Changes how transfers are cut up and retried: multipart threshold, part size and concurrency, download ranges, retries, resume expiry. */
export function withTransferOptions(options: Partial<TransferOptions>): StorageFeature {
  const merged: TransferOptions = {
    ...DEFAULT_TRANSFER_OPTIONS,
    ...options,
    retry: { ...DEFAULT_TRANSFER_OPTIONS.retry, ...options.retry },
  };
  assertLimit(merged.partConcurrency, 'partConcurrency');
  assertLimit(merged.retry.maxAttempts, 'retry.maxAttempts');
  assertLimit(merged.rangedDownloadThreshold, 'rangedDownloadThreshold');
  assertLimit(merged.downloadChunkSize, 'downloadChunkSize');
  if (merged.partSize < MIN_PART_SIZE || merged.multipartThreshold < MIN_PART_SIZE) {
    throw new StorageError(
      'InvalidOption',
      `partSize and multipartThreshold must be at least ${MIN_PART_SIZE} bytes (5 MiB), S3's smallest part.`,
      {
        field: 'partSize',
      },
    );
  }
  return new KnownFeature('transfers', [{ provide: TRANSFER_OPTIONS, useValue: merged }]);
}

/**
 * Sends tracking events to `sinks` (each a sink, or a factory run in an injection context, e.g.
 * one that injects a Kinesis sink). Events are made for calls with `track` on.
 */
export function withTracking(
  ...sinks: (StorageEventSink | (() => StorageEventSink))[]
): StorageFeature {
  return new KnownFeature('tracking', [
    {
      provide: STORAGE_EVENT_SINKS,
      useFactory: () => sinks.map((sink) => (typeof sink === 'function' ? sink() : sink)),
    },
  ]);
}

/** The providers of a configuration and its features. */
function storageProviders(
  config: AmplifyStorageConfig | undefined,
  features: StorageFeature[],
): Provider[] {
  return [{ provide: STORAGE_CONFIG, useValue: config }, ...featureProviders(features)];
}

/** Configures storage for a standalone app: `providers: [provideAmplifyStorage(awsExports)]`. */
export function provideAmplifyStorage(
  config?: AmplifyStorageConfig,
  ...features: StorageFeature[]
): EnvironmentProviders {
  return makeEnvironmentProviders(storageProviders(config, features));
}

// Listed one by one, never spread: esbuild keeps a top-level spread (it may run an iterator), and
// with it every component, in the initial bundle of apps that use none of them (bench: +47 kB).
const COMPONENTS = [
  Picker,
  PhotoPicker,
  TextPicker,
  S3Image,
  S3Text,
  S3Album,
  StorageBrowser,
  AlbumTileTemplate,
  AlbumEmptyTemplate,
  AlbumLoadingTemplate,
  AlbumErrorTemplate,
];

/**
 * Storage for NgModule apps: import `AmplifyStorageModule.forRoot(config)` once, in the root
 * module, and `AmplifyStorageModule` wherever the components are used.
 */
@NgModule({ imports: COMPONENTS, exports: COMPONENTS })
export class AmplifyStorageModule {
  /** Configures storage for the whole app. */
  static forRoot(
    config?: AmplifyStorageConfig,
    ...features: StorageFeature[]
  ): ModuleWithProviders<AmplifyStorageModule> {
    return { ngModule: AmplifyStorageModule, providers: storageProviders(config, features) };
  }
}
