// What the storage browser specs share: mounting the browser with its harness, and picking files
// with its "Upload files" button as the file dialog would.
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { BrowserChange } from '../src/lib/browser/browser-access';
import { StorageBrowser } from '../src/lib/browser/storage-browser';
import { StorageBrowserHarness } from '../testing/storage-browser-harness';
import { until } from './async';

/** A storage browser in the page, its harness, and the `changed` events it emitted. */
export interface MountedBrowser {
  fixture: ComponentFixture<StorageBrowser>;
  browser: StorageBrowserHarness;
  changes: BrowserChange[];
}

/** Puts a storage browser 700 px wide into the page, with `inputs` set (e.g. `location`, `folder`). */
export async function mountBrowser(inputs: Record<string, unknown>): Promise<MountedBrowser> {
  const fixture = TestBed.createComponent(StorageBrowser);
  const host = fixture.nativeElement as HTMLElement;
  host.style.width = '700px';
  host.style.setProperty('--amplify-browser-height', '320px');
  document.body.appendChild(host);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  const changes: BrowserChange[] = [];
  fixture.componentInstance.changed.subscribe((change) => changes.push(change));
  const browser = await TestbedHarnessEnvironment.harnessForFixture(fixture, StorageBrowserHarness);
  return { fixture, browser, changes };
}

/** Picks `files` with the browser's "Upload files" button's input, as the file dialog would. */
export function pickFiles(fixture: ComponentFixture<StorageBrowser>, files: File[]): void {
  const host = fixture.nativeElement as HTMLElement;
  const input = host.querySelector<HTMLInputElement>('input[type=file]:not([webkitdirectory])');
  if (!input) throw new Error('The browser offers no upload here.');
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

/** Waits until the browser lists `count` uploads, every one in `state`. */
export async function uploadsAre(
  browser: StorageBrowserHarness,
  count: number,
  state: string,
): Promise<void> {
  await until(
    async () => (await browser.getUploads()).map((upload) => upload.state),
    (states) => states.length === count && states.every((s) => s === state),
    `${count} uploads to be ${state}`,
  );
}
