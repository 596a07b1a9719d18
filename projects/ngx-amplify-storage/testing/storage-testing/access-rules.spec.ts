import { placeOf, testingAccessAllowed } from './access-rules';

const ME = 'us-east-1:me';
const YOU = 'us-east-1:you';

describe('testing backend access rules (the identity pool policies)', () => {
  it('lets everyone read, write and list public keys', () => {
    for (const action of ['read', 'write', 'list'] as const) {
      expect(testingAccessAllowed(action, 'public/a.txt', ME)).toBeTrue();
      expect(testingAccessAllowed(action, 'public/a.txt', undefined)).toBeTrue();
    }
  });

  it('lets anyone read and list protected keys, and only the owner write them', () => {
    expect(testingAccessAllowed('read', `protected/${YOU}/a.txt`, ME)).toBeTrue();
    expect(testingAccessAllowed('list', 'protected/', ME)).toBeTrue();
    expect(testingAccessAllowed('write', `protected/${YOU}/a.txt`, ME)).toBeFalse();
    expect(testingAccessAllowed('write', `protected/${ME}/a.txt`, ME)).toBeTrue();
    expect(testingAccessAllowed('write', `protected/${ME}/a.txt`, undefined)).toBeFalse();
  });

  it('keeps private keys to their owner, listing included', () => {
    expect(testingAccessAllowed('read', `private/${ME}/a.txt`, ME)).toBeTrue();
    expect(testingAccessAllowed('write', `private/${ME}/a.txt`, ME)).toBeTrue();
    expect(testingAccessAllowed('read', `private/${YOU}/a.txt`, ME)).toBeFalse();
    expect(testingAccessAllowed('list', `private/${YOU}/`, ME)).toBeFalse();
    expect(testingAccessAllowed('list', 'private/', ME)).toBeFalse();
  });

  it('refuses keys outside every level', () => {
    expect(testingAccessAllowed('read', 'elsewhere/a.txt', ME)).toBeFalse();
    expect(
      placeOf('elsewhere/a.txt', {
        public: 'public/',
        protected: 'protected/',
        private: 'private/',
      }),
    ).toBeUndefined();
  });

  it('follows custom prefixes, an empty public prefix not swallowing the others', () => {
    const prefixes = { public: '', protected: 'shared/', private: 'vault/' };
    expect(placeOf('photos/a.png', prefixes)).toEqual({ level: 'public' });
    expect(placeOf(`vault/${ME}/a.png`, prefixes)).toEqual({ level: 'private', owner: ME });
    expect(testingAccessAllowed('read', `vault/${YOU}/a.png`, ME, prefixes)).toBeFalse();
    expect(testingAccessAllowed('write', `shared/${YOU}/a.png`, ME, prefixes)).toBeFalse();
    expect(testingAccessAllowed('write', 'anything.png', ME, prefixes)).toBeTrue();
  });
});
