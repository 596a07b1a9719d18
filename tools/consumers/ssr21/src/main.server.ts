import { BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { mergeApplicationConfig } from '@angular/core';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { StorageSettings } from 'ngx-amplify-storage';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { settingsScript } from './app/settings';

// The backend's settings of the render under way (renders run one at a time in the test).
let settings: StorageSettings | undefined;

/** Bootstraps the app on the server, as the CLI's server build expects its default export to. */
export default function bootstrap(context: BootstrapContext) {
  if (!settings) throw new Error('Call render(document, url, settings), not the bootstrap alone.');
  // The server's own providers: the DOM emulation and the transfer state that carries the
  // hydration annotations (ng-state) to the browser.
  const config = mergeApplicationConfig(appConfig(settings), {
    providers: [provideServerRendering()],
  });
  return bootstrapApplication(App, config, context);
}

/** Renders `url` of the app into `document` (the built index.html), as an SSR server would. */
export async function render(
  document: string,
  url: string,
  backend: StorageSettings,
): Promise<string> {
  settings = backend;
  try {
    return await renderApplication(bootstrap, {
      document: document.replace('</head>', `${settingsScript(backend)}</head>`),
      url,
    });
  } finally {
    settings = undefined;
  }
}
