import { BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import {
  PendingTasks,
  inject,
  mergeApplicationConfig,
  provideEnvironmentInitializer,
} from '@angular/core';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { StorageSettings } from 'ngx-amplify-storage';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { settingsScript } from './app/settings';

// The backend's settings of the render under way (renders run one at a time in the test), and the
// URL of the app's own data, which the render waits for as a real app's render waits for its data.
let settings: StorageSettings | undefined;
let dataUrl: string | undefined;

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
    providers: [provideServerRendering(), dataUrl ? [waitForOwnData(dataUrl)] : []],
  });
  return bootstrapApplication(App, config, context);
}

/**
 * Renders `url` of the app into `document` (the built index.html), as an SSR server would; with
 * `ownData`, the render lasts until that URL has answered.
 */
export async function render(
  document: string,
  url: string,
  backend: StorageSettings,
  ownData?: string,
): Promise<string> {
  settings = backend;
  dataUrl = ownData;
  try {
    return await renderApplication(bootstrap, {
      document: document.replace('</head>', `${settingsScript(backend)}</head>`),
      url,
    });
  } finally {
    settings = undefined;
    dataUrl = undefined;
  }
}
