/** Who may read and write an object: everyone, everyone reads but only the owner writes, or only the owner. */
export type AccessLevel = 'public' | 'protected' | 'private';

/** The three access levels, in order of increasing restriction. */
export const ACCESS_LEVELS: readonly AccessLevel[] = ['public', 'protected', 'private'];

/** Replacement prefixes for the three levels; an empty string stores at the bucket root. */
export interface CustomPrefix {
  /** Prefix of public objects; default `public/`. */
  public?: string;
  /** Prefix before the identity ID of protected objects; default `protected/`. */
  protected?: string;
  /** Prefix before the identity ID of private objects; default `private/`. */
  private?: string;
}

/** The prefixes Amplify uses when no custom prefix is configured. */
export const DEFAULT_PREFIX: Readonly<Required<CustomPrefix>> = {
  public: 'public/',
  protected: 'protected/',
  private: 'private/',
};
