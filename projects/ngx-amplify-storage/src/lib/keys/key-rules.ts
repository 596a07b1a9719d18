import { StorageError } from '../errors/storage-error';
import { ACCESS_LEVELS, AccessLevel, CustomPrefix, DEFAULT_PREFIX } from './access-level';

/** S3's limit on the length of a whole object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

// Matching control characters is the point here: keys must not contain them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const utf8 = new TextEncoder();

/** Returns `level` if it is one of the three access levels, else throws InvalidLevel. */
export function assertAccessLevel(level: unknown): AccessLevel {
  if (typeof level === 'string' && (ACCESS_LEVELS as readonly string[]).includes(level)) {
    return level as AccessLevel;
  }
  throw new StorageError(
    'InvalidLevel',
    `Access level ${JSON.stringify(level)} is not valid; use 'public', 'protected' or 'private'.`,
    { field: 'level' },
  );
}

/**
 * Names the first rule that `segmentPath` breaks, or returns undefined.
 * These rules keep a key inside its level's prefix: a key such as `../private/x`
 * or `/x` could otherwise escape it on servers that normalise paths.
 */
function brokenPathRule(path: string): string | undefined {
  if (CONTROL_CHARACTER.test(path)) return 'contains a control character';
  if (path.startsWith('/')) return "starts with '/'";
  if (path.includes('//')) return "contains an empty segment ('//')";
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) {
    return "contains a '.' or '..' segment";
  }
  return undefined;
}

/** Decodes %XX escapes where it can, leaving malformed ones as they are. */
function decodePercentEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The rule broken by `path` either as written or once percent-decoded, if any. */
function pathViolation(path: string): string | undefined {
  const plain = brokenPathRule(path);
  if (plain || !path.includes('%')) return plain;
  const decoded = brokenPathRule(decodePercentEscapes(path));
  return decoded ? `${decoded} once percent-decoded` : undefined;
}

/** Returns `key` if it is a non-empty key that stays inside its prefix, else throws InvalidKey. */
export function assertKey(key: unknown, field = 'key'): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StorageError(
      'InvalidKey',
      `The ${field} is ${typeof key === 'string' ? 'empty' : `a ${typeof key}`}; pass a non-empty string such as 'photos/cat.jpg'.`,
      { field },
    );
  }
  return assertPath(key, field);
}

/** Returns `path` if it is a safe key prefix (the empty string is allowed), else throws InvalidKey. */
export function assertPath(path: unknown, field = 'path'): string {
  if (typeof path !== 'string') {
    throw new StorageError('InvalidKey', `The ${field} must be a string, not a ${typeof path}.`, {
      field,
    });
  }
  const violation = pathViolation(path);
  if (violation) {
    throw new StorageError(
      'InvalidKey',
      `The ${field} ${JSON.stringify(path)} ${violation}; use '/'-separated names without empty, '.' or '..' segments.`,
      { field },
    );
  }
  return path;
}

/** Returns `identityId` if it can safely form one segment of a key, else throws InvalidIdentityId. */
export function assertIdentityId(identityId: unknown): string {
  const problem =
    typeof identityId !== 'string'
      ? `is a ${typeof identityId}, not a string`
      : identityId.length === 0
        ? 'is empty'
        : identityId.includes('/') || decodePercentEscapes(identityId).includes('/')
          ? "contains '/'"
          : identityId.includes('..') || decodePercentEscapes(identityId).includes('..')
            ? "contains '..'"
            : CONTROL_CHARACTER.test(decodePercentEscapes(identityId))
              ? 'contains a control character'
              : undefined;
  if (problem) {
    throw new StorageError(
      'InvalidIdentityId',
      `The identityId ${JSON.stringify(identityId)} ${problem}; pass the owner's Cognito identity ID, such as 'us-east-1:1a2b…'.`,
      { field: 'identityId' },
    );
  }
  return identityId as string;
}

/** Checks each custom prefix the same way as a path, and returns them. */
export function assertCustomPrefix(customPrefix: unknown): CustomPrefix {
  if (typeof customPrefix !== 'object' || customPrefix === null) {
    throw new StorageError(
      'InvalidConfig',
      'customPrefix must be an object such as { public: "public/", protected: "protected/", private: "private/" }.',
      { field: 'customPrefix' },
    );
  }
  for (const [level, prefix] of Object.entries(customPrefix)) {
    assertAccessLevel(level);
    if (prefix !== undefined) assertPath(prefix, `customPrefix.${level}`);
  }
  return customPrefix as CustomPrefix;
}

/**
 * The key prefix of one level: `public/`, `protected/{identityId}/` or `private/{identityId}/`,
 * with the custom prefix (which may be empty) in place of the default.
 */
export function levelPrefix(
  level: AccessLevel,
  identityId: string | undefined,
  customPrefix: CustomPrefix = {},
): string {
  const base = customPrefix[level] ?? DEFAULT_PREFIX[level];
  if (level === 'public') return base;
  if (identityId === undefined) {
    throw new StorageError(
      'NoIdentity',
      `A ${level} key needs the user's identity ID, and none could be had; sign the user in, or configure an identity pool that allows guest identities.`,
      { field: 'identityId' },
    );
  }
  return `${base}${assertIdentityId(identityId)}/`;
}

/** The full S3 key of `key` under `prefix`; throws KeyTooLong past 1024 UTF-8 bytes. */
export function objectKey(prefix: string, key: string): string {
  const fullKey = prefix + key;
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: shorter keys need no encoding to be sure.
  if (fullKey.length * 3 <= MAX_KEY_BYTES) return fullKey;
  const bytes = utf8.encode(fullKey).length;
  if (bytes > MAX_KEY_BYTES) {
    throw new StorageError(
      'KeyTooLong',
      `The key is ${bytes} UTF-8 bytes with its prefix "${prefix}"; S3 allows ${MAX_KEY_BYTES}. Use a shorter key.`,
      { field: 'key' },
    );
  }
  return fullKey;
}

/** The key as the caller named it: `fullKey` without its level prefix. */
export function relativeKey(prefix: string, fullKey: string): string {
  return fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey;
}
