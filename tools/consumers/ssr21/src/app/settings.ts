import { StorageSettings } from 'ngx-amplify-storage';

/** The id of the script element that carries the local backend's settings into the page. */
export const SETTINGS_ELEMENT_ID = 'storage-settings';

/**
 * The local backend's endpoints are known only when the test runs: the server render gets them
 * as an argument and writes them into the page, where the browser reads them before bootstrapping.
 */
export function settingsScript(settings: StorageSettings): string {
  // `<` escaped so that no value can close the script element.
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return `<script id="${SETTINGS_ELEMENT_ID}" type="application/json">${json}</script>`;
}
