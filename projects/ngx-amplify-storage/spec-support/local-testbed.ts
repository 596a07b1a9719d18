// The TestBed most component specs start from: the library on the local backend, zoneless.
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { StorageSettings } from '../src/lib/config/storage-config';
import { CognitoCredentials } from '../src/lib/credentials/cognito-credentials';
import {
  StorageFeature,
  provideAmplifyStorage,
  withTransferOptions,
} from '../src/lib/provide-amplify-storage';
import { StorageService } from '../src/lib/service/storage.service';
import { TransferOptions } from '../src/lib/transfer/transfer-options';
import { faultySettings, localSettings, loginsFor } from './local-backend';

/** What localTestBed gives a spec. */
export interface LocalTestBed {
  storage: StorageService;
  /** The Cognito credentials, to sign in and out. */
  cognito: CognitoCredentials;
  /** Signs `user` in through the Cognito stand-in; resolves to their identity id. */
  signIn(user: string): Promise<string>;
}

/** Configures TestBed with the library on the local backend (and `features`), zoneless; call in beforeEach. */
export function localTestBed(...features: StorageFeature[]): LocalTestBed {
  return testBedOn(localSettings(), ...features);
}

/** Configures TestBed with the library on `settings` (and `features`), zoneless. */
export function testBedOn(settings: StorageSettings, ...features: StorageFeature[]): LocalTestBed {
  TestBed.configureTestingModule({
    providers: [provideZonelessChangeDetection(), provideAmplifyStorage(settings, ...features)],
  });
  const storage = TestBed.inject(StorageService);
  const cognito = TestBed.inject(CognitoCredentials);
  return {
    storage,
    cognito,
    signIn: async (user) => {
      cognito.setLogins(loginsFor(user));
      return (await firstValueFrom(storage.identityId())) as string;
    },
  };
}

/**
 * A fresh app on the fault proxy, as after a page load (TestBed reset first, so a spec may load
 * several in turn), with `transfers` and `user` signed in; for the transfer specs.
 */
export function faultyApp(
  transfers: Partial<TransferOptions> = {},
  user = 'alice',
): StorageService {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [provideAmplifyStorage(faultySettings(), withTransferOptions(transfers))],
  });
  TestBed.inject(CognitoCredentials).setLogins(loginsFor(user));
  return TestBed.inject(StorageService);
}
