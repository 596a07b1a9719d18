import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  AmplifyStorageConfig,
  StorageConfig,
  StorageSettings,
  mergeStorageConfig,
  toStorageSettings,
  validateStorageConfig,
} from './storage-config';

/** The configuration given to `provideAmplifyStorage()` or `AmplifyStorageModule.forRoot()`. */
export const STORAGE_CONFIG = /* @__PURE__ */ new InjectionToken<AmplifyStorageConfig | undefined>(
  'STORAGE_CONFIG',
  {
    providedIn: 'root',
    factory: () => undefined,
  },
);

/** Holds the configuration in force; `configure()` merges into it. */
@Injectable({ providedIn: 'root' })
export class StorageConfigStore {
  private readonly current = signal<StorageSettings>({});
  private readonly valid = signal<StorageConfig | undefined>(undefined);

  constructor() {
    const initial = inject(STORAGE_CONFIG);
    // Validate at start-up, so that a malformed aws-exports fails before the first call.
    if (initial !== undefined) this.configure(initial);
  }

  /** Merges `update` into the configuration; throws InvalidConfig or NoBucket and keeps the old one if the result is invalid. */
  configure(update: AmplifyStorageConfig): StorageConfig {
    const merged = mergeStorageConfig(this.current(), update);
    this.current.set({ ...this.current(), ...toStorageSettings(update) });
    this.valid.set(merged);
    return merged;
  }

  /** The settings merged so far, valid or not yet complete. */
  settings(): StorageSettings {
    return this.current();
  }

  /** The validated configuration; throws NoBucket when nothing usable was configured. */
  config(): StorageConfig {
    return this.valid() ?? validateStorageConfig(this.current());
  }
}
