import { MAX_URL_EXPIRES_SECONDS, assertExpires, effectiveUrlExpiry } from './url-expiry';

describe('URL expiry', () => {
  const now = Date.UTC(2026, 10, 28, 12);

  it('gives the requested seconds when nothing caps them', () => {
    expect(effectiveUrlExpiry(900, undefined, now)).toBe(900);
  });

  it('caps at 7 days', () => {
    expect(effectiveUrlExpiry(30 * 24 * 3600, undefined, now)).toBe(MAX_URL_EXPIRES_SECONDS);
  });

  it("caps at the credentials' expiry", () => {
    expect(effectiveUrlExpiry(3600, new Date(now + 600_000), now)).toBe(600);
    expect(effectiveUrlExpiry(300, new Date(now + 600_000), now)).toBe(300);
  });

  it('rejects expires that is not a positive number', () => {
    for (const expires of [0, -1, NaN, Infinity, '900', null]) {
      expect(() => assertExpires(expires)).toThrowMatching(
        (e) => e.code === 'InvalidExpires' && e.field === 'expires' && /above 0/.test(e.message),
      );
    }
    expect(assertExpires(0.5)).toBe(0.5);
  });
});
