import { EnvironmentProviders, ModuleWithProviders, NgModule, Provider, makeEnvironmentProviders } from '@angular/core';
import { AmplifyStorageConfig } from './config/storage-config';
import { STORAGE_CONFIG } from './config/storage-config-store';
import { S3Album } from './album/s3-album';
import { S3Image } from './display/s3-image';
import { S3Text } from './display/s3-text';
import { PhotoPicker } from './pickers/photo-picker';
import { Picker } from './pickers/picker';
import { TextPicker } from './pickers/text-picker';
import { STORAGE_CREDENTIALS_PROVIDER, StorageCredentialsProvider } from './credentials/credentials-provider';
import { assertLimit } from './upload/file-rules';
import { MAX_CONCURRENT_TRANSFERS } from './upload/transfer-queue';
import { StorageError } from './errors/storage-error';
import { STORAGE_EVENT_SINKS, StorageEventSink } from './tracking/event-sink';
import { MIN_PART_SIZE } from './transfer/part-plan';
import { DEFAULT_TRANSFER_OPTIONS, TRANSFER_OPTIONS, TransferOptions } from './transfer/transfer-options';

/** An optional part of the set-up, made by a `withX()` function. */
export interface StorageFeature {
  /** Which feature this is. */
  readonly kind: 'credentials' | 'concurrency' | 'transfers' | 'tracking';
  /** The providers the feature adds. */
  readonly providers: Provider[];
}

/**
 * Supplies credentials from the app's own auth system instead of a Cognito identity pool.
 * `factory` runs in an injection context, so it may `inject()` the app's services.
 */
export function withCredentialsProvider(factory: () => StorageCredentialsProvider): StorageFeature {
  return { kind: 'credentials', providers: [{ provide: STORAGE_CREDENTIALS_PROVIDER, useFactory: factory }] };
}

/** Sets how many uploads and downloads may run at once across the app (default 4). */
export function withMaxConcurrentTransfers(limit: number): StorageFeature {
  return { kind: 'concurrency', providers: [{ provide: MAX_CONCURRENT_TRANSFERS, useValue: assertLimit(limit, 'maxConcurrentTransfers') }] };
}

/** Changes how transfers are cut up and retried: multipart threshold, part size and concurrency, retries, resume expiry. */
export function withTransferOptions(options: Partial<TransferOptions>): StorageFeature {
  const merged: TransferOptions = { ...DEFAULT_TRANSFER_OPTIONS, ...options, retry: { ...DEFAULT_TRANSFER_OPTIONS.retry, ...options.retry } };
  assertLimit(merged.partConcurrency, 'partConcurrency');
  assertLimit(merged.retry.maxAttempts, 'retry.maxAttempts');
  if (merged.partSize < MIN_PART_SIZE || merged.multipartThreshold < MIN_PART_SIZE) {
    throw new StorageError('InvalidOption', `partSize and multipartThreshold must be at least ${MIN_PART_SIZE} bytes (5 MiB), S3's smallest part.`, {
      field: 'partSize',
    });
  }
  return { kind: 'transfers', providers: [{ provide: TRANSFER_OPTIONS, useValue: merged }] };
}

/**
 * Sends tracking events to `sinks` (each a sink, or a factory run in an injection context, e.g.
 * one that injects a Kinesis sink). Events are made for calls with `track` on.
 */
export function withTracking(...sinks: (StorageEventSink | (() => StorageEventSink))[]): StorageFeature {
  return {
    kind: 'tracking',
    providers: [{ provide: STORAGE_EVENT_SINKS, useFactory: () => sinks.map((sink) => (typeof sink === 'function' ? sink() : sink)) }],
  };
}

function storageProviders(config: AmplifyStorageConfig | undefined, features: StorageFeature[]): Provider[] {
  return [{ provide: STORAGE_CONFIG, useValue: config }, ...features.flatMap((feature) => feature.providers)];
}

/** Configures storage for a standalone app: `providers: [provideAmplifyStorage(awsExports)]`. */
export function provideAmplifyStorage(config?: AmplifyStorageConfig, ...features: StorageFeature[]): EnvironmentProviders {
  return makeEnvironmentProviders(storageProviders(config, features));
}

const COMPONENTS = [Picker, PhotoPicker, TextPicker, S3Image, S3Text, S3Album];

/**
 * Storage for NgModule apps: import `AmplifyStorageModule.forRoot(config)` once, in the root
 * module, and `AmplifyStorageModule` wherever the components are used.
 */
@NgModule({ imports: COMPONENTS, exports: COMPONENTS })
export class AmplifyStorageModule {
  /** Configures storage for the whole app. */
  static forRoot(config?: AmplifyStorageConfig, ...features: StorageFeature[]): ModuleWithProviders<AmplifyStorageModule> {
    return { ngModule: AmplifyStorageModule, providers: storageProviders(config, features) };
  }
}
