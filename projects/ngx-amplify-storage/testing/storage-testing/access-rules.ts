import { AccessLevel, CustomPrefix } from 'ngx-amplify-storage';

/** What a request does to a key (or, for a listing, to a prefix). */
export type TestingAction = 'read' | 'write' | 'list';

/** The three level prefixes in force, custom ones included. */
export type LevelPrefixes = Required<CustomPrefix>;

/** Amplify's prefixes, when no custom prefix is configured. */
export const DEFAULT_LEVEL_PREFIXES: LevelPrefixes = {
  public: 'public/',
  protected: 'protected/',
  private: 'private/',
};

/** Where a full key lies: its level, and for protected and private keys the owner's identity ID. */
export interface KeyPlace {
  level: AccessLevel;
  /** Owner of a protected or private key; undefined for public keys and bare level prefixes. */
  owner?: string;
}

/**
 * The level a full key lies in. Private and protected are tried before public, so that an empty
 * public prefix (every key) does not swallow the others; undefined for a key in no level.
 */
export function placeOf(fullKey: string, prefixes: LevelPrefixes): KeyPlace | undefined {
  for (const level of ['private', 'protected'] as const) {
    const prefix = prefixes[level];
    if (fullKey.startsWith(prefix) && (prefix !== '' || fullKey.includes('/'))) {
      const rest = fullKey.slice(prefix.length);
      const slash = rest.indexOf('/');
      return slash > 0 ? { level, owner: rest.slice(0, slash) } : { level };
    }
  }
  return fullKey.startsWith(prefixes.public) ? { level: 'public' } : undefined;
}

/**
 * Whether `identityId` may do `action` on `fullKey`, as the identity pool's policies decide on
 * AWS (infra/policies): public keys are everyone's; protected keys are read and listed by anyone
 * but written only by their owner; private keys are the owner's alone. Listing a bare `protected/`
 * prefix is allowed, as the policies allow; anything outside the levels is refused.
 */
export function testingAccessAllowed(
  action: TestingAction,
  fullKey: string,
  identityId: string | undefined,
  prefixes: LevelPrefixes = DEFAULT_LEVEL_PREFIXES,
): boolean {
  const place = placeOf(fullKey, prefixes);
  if (place === undefined) return false;
  const owns = identityId !== undefined && place.owner === identityId;
  switch (place.level) {
    case 'public':
      return true;
    case 'protected':
      return action === 'write' ? owns : true;
    case 'private':
      return owns;
  }
}
