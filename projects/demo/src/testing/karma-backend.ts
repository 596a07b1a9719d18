import { LocalBackend } from '../app/local-backend';

/** The local backend that tools/run-tests.mjs started for the demo's specs, from Karma's config. */
export function karmaBackend(): LocalBackend {
  const backend = (
    window as unknown as { __karma__: { config: { backend?: Omit<LocalBackend, 'users'> } } }
  ).__karma__.config.backend;
  if (!backend)
    throw new Error('No local backend: run the tests with `npm test`, which starts it.');
  return { ...backend, users: ['alice', 'bob'] };
}
