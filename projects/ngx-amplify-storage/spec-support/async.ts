// The specs' one set of asynchronous helpers: wait for a state, catch an expected failure, and
// (rarely, and only with a comment saying why) wait for time itself.
import { Observable, lastValueFrom } from 'rxjs';
import { StorageError } from '../src/lib/errors/storage-error';

/** How often the waits below look again. */
const POLL_MS = 25;

/**
 * Waits `ms` milliseconds. Only for what cannot be waited on as a state (a spec that uses it
 * says why next to the call); "nothing happened within N ms" is not a test.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Reads `read()` until `done` holds for its value, and returns that value; fails after
 * `timeoutMs` naming `what` and the last value seen.
 */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last seen ${shown(value)}.`,
      );
    }
    await sleep(POLL_MS);
    value = await read();
  }
  return value;
}

/** Resolves once `check` returns true; fails after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  await until(check, (ok) => ok, what, timeoutMs);
}

/** The error an Observable or Promise fails with; fails the spec if it succeeds instead. */
export async function errorOf(
  source: Observable<unknown> | Promise<unknown>,
): Promise<StorageError> {
  try {
    await (source instanceof Observable ? lastValueFrom(source) : source);
  } catch (error) {
    return error as StorageError;
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}

function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
