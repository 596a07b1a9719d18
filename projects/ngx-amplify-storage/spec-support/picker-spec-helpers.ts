// What the picker specs share: a signed-in TestBed, files to pick, and waiting on a harness.
import { Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ComponentHarness, ComponentHarnessConstructor } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { StorageSettings } from '../src/lib/config/storage-config';
import { StorageFeature } from '../src/lib/provide-amplify-storage';
import { localSettings } from './local-backend';
import { testBedOn } from './local-testbed';

/** Settings that reach the S3 server through the 16 MiB/s link (local-backend.ts's, by the name the picker and service specs use). */
export { slowLinkSettings as slowLink } from './local-backend';

/** A file of `size` bytes of a repeating pattern. */
export function fileOf(name: string, size: number, type = 'application/octet-stream'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return new File([bytes], name, { type });
}

/** A text file. */
export function textFile(name: string, text: string, type = 'text/plain'): File {
  return new File([text], name, { type });
}

/** Everything a picker spec starts from. */
export interface PickerTestBed<C, H extends ComponentHarness> {
  fixture: ComponentFixture<C>;
  harness: H;
  /** Alice's identity ID, for protected and private keys. */
  identityId: string;
}

/**
 * Sets up storage against the local backend signed in as alice, creates `component` with
 * `inputs`, and returns it with its harness.
 */
export async function setUpPicker<C, H extends ComponentHarness>(
  component: Type<C>,
  harnessType: ComponentHarnessConstructor<H>,
  inputs: Record<string, unknown>,
  settings: StorageSettings = localSettings(),
  ...features: StorageFeature[]
): Promise<PickerTestBed<C, H>> {
  const identityId = await testBedOn(settings, ...features).signIn('alice');
  const fixture = TestBed.createComponent(component);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  const harness = await TestbedHarnessEnvironment.harnessForFixture(fixture, harnessType);
  return { fixture, harness, identityId };
}

/**
 * Requests the page has made whose URL contains `text` (a uniquePath, say). Unlike a count of all
 * requests, this ignores the tail of earlier specs' downloads, whose timing entries land late.
 */
export function requestsMentioning(text: string): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.includes(text));
}
