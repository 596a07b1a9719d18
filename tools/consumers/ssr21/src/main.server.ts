import { BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import {
  PendingTasks,
  inject,
  mergeApplicationConfig,
  provideEnvironmentInitializer,
} from '@angular/core';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { StorageService, StorageSettings } from 'ngx-amplify-storage';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { settingsScript } from './app/settings';

// The backend's settings of the render under way (renders run one at a time in the test), and the
// URL of the app's own data, which the render waits for as a real app's render waits for its data.
let settings: StorageSettings | undefined;
let dataUrl: string | undefined;

// The StorageService calls the render under way made: the check requires none. Components call the
// service from their effects, which run while the render settles, before renderApplication resolves:
// a count taken then is final, with no wait for requests that must not come.
let serviceCalls: string[] = [];

/**
 * StorageService as the app gets it on the server: the library's own, behind a proxy that records
 * every method called on it (then lets the call through, so a broken library would still go out).
 */
function recordingStorageService() {
  return {
    provide: StorageService,
    useFactory: () =>
      new Proxy(new StorageService(), {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          // Methods only: a signal such as userChanges is read, not called for I/O.
          if (typeof value !== 'function' || !Object.hasOwn(StorageService.prototype, name))
            return value;
          return (...args: unknown[]) => {
            serviceCalls.push(String(name));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }),
  };
}

/** Keeps the render open (the app unstable) until the app's own data has arrived. */
function waitForOwnData(url: string) {
  return provideEnvironmentInitializer(() => {
    const done = inject(PendingTasks).add();
    fetch(url)
      .then((response) => response.text())
      .finally(done);
  });
}

/** Bootstraps the app on the server, as the CLI's server build expects its default export to. */
export default function bootstrap(context: BootstrapContext) {
  if (!settings) throw new Error('Call render(document, url, settings), not the bootstrap alone.');
  // The server's own providers: the DOM emulation and the transfer state that carries the
  // hydration annotations (ng-state) to the browser.
  const config = mergeApplicationConfig(appConfig(settings), {
    providers: [
      provideServerRendering(),
      recordingStorageService(),
      dataUrl ? [waitForOwnData(dataUrl)] : [],
    ],
  });
  return bootstrapApplication(App, config, context);
}

/**
 * Renders `url` of the app into `document` (the built index.html), as an SSR server would; with
 * `ownData`, the render lasts until that URL has answered. Resolves to the HTML and the
 * StorageService methods the render called.
 */
export async function render(
  document: string,
  url: string,
  backend: StorageSettings,
  ownData?: string,
): Promise<{ html: string; serviceCalls: string[] }> {
  settings = backend;
  dataUrl = ownData;
  serviceCalls = [];
  try {
    const html = await renderApplication(bootstrap, {
      document: document.replace('</head>', `${settingsScript(backend)}</head>`),
      url,
    });
    return { html, serviceCalls };
  } finally {
    settings = undefined;
    dataUrl = undefined;
  }
}
