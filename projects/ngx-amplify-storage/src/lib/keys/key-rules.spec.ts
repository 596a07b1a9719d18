import { StorageError } from '../errors/storage-error';
import {
  MAX_KEY_BYTES,
  assertAccessLevel,
  assertCustomPrefix,
  assertIdentityId,
  assertKey,
  assertPath,
  levelPrefix,
  objectKey,
  relativeKey,
} from './key-rules';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as StorageError).code;
  }
}

describe('key rules', () => {
  describe('levelPrefix', () => {
    it('puts public keys under public/', () => {
      expect(levelPrefix('public', undefined)).toBe('public/');
      expect(levelPrefix('public', 'us-east-1:abc')).toBe('public/');
    });

    it('puts protected and private keys under the identity ID', () => {
      expect(levelPrefix('protected', 'us-east-1:abc')).toBe('protected/us-east-1:abc/');
      expect(levelPrefix('private', 'us-east-1:abc')).toBe('private/us-east-1:abc/');
    });

    it('uses custom prefixes, including the empty string', () => {
      const custom = { public: '', protected: 'shared/', private: 'mine/' };
      expect(levelPrefix('public', undefined, custom)).toBe('');
      expect(levelPrefix('protected', 'id1', custom)).toBe('shared/id1/');
      expect(levelPrefix('private', 'id1', custom)).toBe('mine/id1/');
      expect(levelPrefix('private', 'id1', { private: '' })).toBe('id1/');
      expect(levelPrefix('protected', 'id1', { private: '' })).toBe('protected/id1/');
    });

    it('fails with NoIdentity when a protected or private key has no identity', () => {
      expect(codeOf(() => levelPrefix('private', undefined))).toBe('NoIdentity');
      expect(codeOf(() => levelPrefix('protected', undefined))).toBe('NoIdentity');
    });
  });

  describe('assertKey', () => {
    it('accepts ordinary keys, unicode and spaces', () => {
      for (const key of [
        'a',
        'photos/cat.jpg',
        'día de campo/ñ.png',
        'a b.txt',
        'x..y',
        '...',
        'a%20b',
        'a.b/c',
      ]) {
        expect(assertKey(key)).toBe(key);
      }
    });

    it('rejects an empty key or a non-string, naming the field', () => {
      expect(() => assertKey('')).toThrowMatching(
        (e) => e.code === 'InvalidKey' && /empty/.test(e.message) && e.field === 'key',
      );
      expect(codeOf(() => assertKey(undefined))).toBe('InvalidKey');
      expect(codeOf(() => assertKey(42))).toBe('InvalidKey');
    });

    const unsafe: [string, RegExp][] = [
      ['../private/x', /'\.\.'/],
      ['a/../b', /'\.\.'/],
      ['a/..', /'\.\.'/],
      ['./a', /'\.'/],
      ['/etc/passwd', /starts with '\/'/],
      ['a//b', /'\/\/'/],
      ['a\u0000b', /control character/],
      ['line\nbreak', /control character/],
      ['tab\there', /control character/],
      ['del\u007f', /control character/],
      ['%2e%2e/x', /percent-decoded/],
      ['a/%2E%2E/b', /percent-decoded/],
      ['%2Fetc', /percent-decoded/],
      ['a%2F%2Fb', /percent-decoded/],
      ['a%00b', /percent-decoded/],
      ['..%2Fprivate', /percent-decoded/],
    ];
    for (const [key, reason] of unsafe) {
      it(`rejects ${JSON.stringify(key)}`, () => {
        expect(() => assertKey(key)).toThrowMatching(
          (e) => e.code === 'InvalidKey' && reason.test(e.message),
        );
      });
    }
  });

  describe('assertPath', () => {
    it('allows the empty path, which lists a whole level', () => {
      expect(assertPath('')).toBe('');
      expect(assertPath('photos/')).toBe('photos/');
    });

    it('applies the key rules to paths', () => {
      expect(codeOf(() => assertPath('../'))).toBe('InvalidKey');
      expect(codeOf(() => assertPath('/photos'))).toBe('InvalidKey');
      expect(codeOf(() => assertPath(null))).toBe('InvalidKey');
    });
  });

  describe('assertIdentityId', () => {
    it('accepts a Cognito identity ID', () => {
      expect(assertIdentityId('us-east-1:7d1c0b5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e')).toBe(
        'us-east-1:7d1c0b5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
      );
    });

    for (const [identityId, reason] of [
      ['', /is empty/],
      ['a/b', /contains '\/'/],
      ['..', /contains '\.\.'/],
      ['us-east-1:..', /contains '\.\.'/],
      ['a%2Fb', /contains '\/'/],
      ['%2e%2e', /contains '\.\.'/],
      ['a\u0001', /control character/],
      ['a%00', /control character/],
      ['us-east-1:%0Ax', /control character/],
    ] as [string, RegExp][]) {
      it(`rejects ${JSON.stringify(identityId)}`, () => {
        expect(() => assertIdentityId(identityId)).toThrowMatching(
          (e) =>
            e.code === 'InvalidIdentityId' && reason.test(e.message) && e.field === 'identityId',
        );
      });
    }

    it('rejects a non-string', () => {
      expect(codeOf(() => assertIdentityId(7))).toBe('InvalidIdentityId');
    });
  });

  describe('assertAccessLevel', () => {
    it('accepts the three levels and rejects anything else', () => {
      expect(assertAccessLevel('public')).toBe('public');
      expect(assertAccessLevel('protected')).toBe('protected');
      expect(assertAccessLevel('private')).toBe('private');
      for (const level of ['Public', 'guest', '', undefined, 1]) {
        expect(() => assertAccessLevel(level)).toThrowMatching(
          (e) => e.code === 'InvalidLevel' && /'public', 'protected' or 'private'/.test(e.message),
        );
      }
    });
  });

  describe('assertCustomPrefix', () => {
    it('accepts empty strings and rejects escaping prefixes and unknown levels', () => {
      expect(assertCustomPrefix({ public: '', private: 'p/' })).toEqual({
        public: '',
        private: 'p/',
      });
      expect(codeOf(() => assertCustomPrefix({ public: '../' }))).toBe('InvalidKey');
      for (const prefix of ['/root/', 'a//', 'a\nb/', '%2e%2e/', '%2Fx/']) {
        expect(codeOf(() => assertCustomPrefix({ private: prefix })))
          .withContext(prefix)
          .toBe('InvalidKey');
      }
      expect(codeOf(() => assertCustomPrefix({ shared: 'x/' }))).toBe('InvalidLevel');
      expect(codeOf(() => assertCustomPrefix('public/'))).toBe('InvalidConfig');
    });
  });

  describe('objectKey and relativeKey', () => {
    it('joins prefix and key, and strips the prefix back', () => {
      expect(objectKey('public/', 'a/b.txt')).toBe('public/a/b.txt');
      expect(relativeKey('public/', 'public/a/b.txt')).toBe('a/b.txt');
      expect(relativeKey('', 'a')).toBe('a');
    });

    it('allows exactly 1024 UTF-8 bytes with the prefix and rejects one more', () => {
      const prefix = 'public/';
      const fits = 'k'.repeat(MAX_KEY_BYTES - prefix.length);
      expect(objectKey(prefix, fits).length).toBe(MAX_KEY_BYTES);
      expect(() => objectKey(prefix, fits + 'k')).toThrowMatching(
        (e) => e.code === 'KeyTooLong' && /1025 UTF-8 bytes/.test(e.message),
      );
    });

    it('counts bytes, not characters', () => {
      // 'é' is two bytes in UTF-8: 509 of them plus the prefix is 1025 bytes but only 516 characters.
      expect(codeOf(() => objectKey('public/', 'é'.repeat(509)))).toBe('KeyTooLong');
    });
  });
});
