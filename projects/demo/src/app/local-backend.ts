import { EnvironmentProviders, InjectionToken, makeEnvironmentProviders } from '@angular/core';
import { provideAmplifyStorage } from 'ngx-amplify-storage';

/**
 * Where the local backend that `npm start` runs (tools/start-demo.mjs) listens, and what it
 * knows: one bucket, a Cognito identity pool stand-in, and two users who sign in by name.
 */
export interface LocalBackend {
  s3Endpoint: string;
  identityEndpoint: string;
  bucket: string;
  region: string;
  identityPoolId: string;
  /** The name under which the local identity service accepts logins; the token is the user name. */
  loginProvider: string;
  users: readonly string[];
}

export const LOCAL_BACKEND: LocalBackend = {
  s3Endpoint: 'http://127.0.0.1:4568',
  identityEndpoint: 'http://127.0.0.1:4569',
  bucket: 'ngx-amplify-storage-local',
  region: 'us-east-1',
  identityPoolId: 'us-east-1:0c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  loginProvider: 'local.ngx-amplify-storage',
  users: ['alice', 'bob'],
};

/**
 * The settings in force: LOCAL_BACKEND, with whatever a server wrote into the page as
 * `<meta name="local-backend" content='{"s3Endpoint": "http://127.0.0.1:…", …}'>`. The end-to-end
 * tests (e2e/) serve the production build that way, against a backend on free ports.
 */
export function localBackendOfPage(page: Document = document): LocalBackend {
  const content = page.querySelector<HTMLMetaElement>('meta[name="local-backend"]')?.content;
  return content
    ? { ...LOCAL_BACKEND, ...(JSON.parse(content) as Partial<LocalBackend>) }
    : LOCAL_BACKEND;
}

/** The backend the demo talks to; its users and login provider drive the user switcher. */
export const DEMO_BACKEND = new InjectionToken<LocalBackend>('DEMO_BACKEND', {
  providedIn: 'root',
  factory: () => LOCAL_BACKEND,
});

/**
 * Storage set up for the local backend. A real app passes its Amplify configuration instead,
 * `provideAmplifyStorage(awsExports)`, and builds its `logins` from its own sign-in; the endpoint
 * settings below exist only to reach local servers. Specs pass the backend they started.
 */
export function provideLocalBackend(backend: LocalBackend = LOCAL_BACKEND): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideAmplifyStorage({
      bucket: backend.bucket,
      region: backend.region,
      endpoint: backend.s3Endpoint,
      forcePathStyle: true,
      identityPoolId: backend.identityPoolId,
      identityEndpoint: backend.identityEndpoint,
      // Every call emits a StorageEvent on StorageService.events$, which the event log shows. A
      // real app would also send them somewhere: provideAmplifyStorage(config, withTracking(sink)).
      track: true,
    }),
    { provide: DEMO_BACKEND, useValue: backend },
  ]);
}
