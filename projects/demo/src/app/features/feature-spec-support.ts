// What the feature demos' specs share: the backend tools/run-tests.mjs started, and waiting on a state.
import { ComponentFixture } from '@angular/core/testing';
import { LocalBackend } from '../local-backend';

/** The local backend Karma was given; fails at once when the specs run without it. */
export function karmaBackend(): LocalBackend {
  const backend = (
    window as unknown as { __karma__: { config: { backend?: Omit<LocalBackend, 'users'> } } }
  ).__karma__.config.backend;
  if (!backend)
    throw new Error('No local backend: run the tests with `npm test`, which starts it.');
  return { ...backend, users: ['alice', 'bob'] };
}

/** Renders and checks `condition` until it holds; fails after 15 s naming `what`. */
export async function until(
  fixture: ComponentFixture<unknown>,
  what: string,
  condition: () => boolean,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await fixture.whenStable();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
