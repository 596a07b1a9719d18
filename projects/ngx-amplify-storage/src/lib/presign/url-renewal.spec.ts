import {
  MIN_URL_RENEWAL_DELAY_MS,
  isUrlFresh,
  urlRenewalDelay,
  urlRenewalTime,
} from './url-expiry';

describe('URL renewal timing', () => {
  const issuedAt = 1_000_000;

  it('renews a 900 s URL well before it expires', () => {
    const expiresAt = issuedAt + 900_000;
    const delay = urlRenewalDelay(issuedAt, expiresAt, issuedAt);
    expect(delay).toBeGreaterThan(0.8 * 899_000);
    expect(delay).toBeLessThan(0.9 * 900_000);
  });

  it('renews before the whole-second signing time can make the URL die early', () => {
    // A URL signed at x.999 s carries x s, so it may die up to 1 s before expiresAt.
    for (const seconds of [2, 3, 10, 60]) {
      const expiresAt = issuedAt + seconds * 1000;
      expect(urlRenewalTime(issuedAt, expiresAt))
        .withContext(`${seconds} s`)
        .toBeLessThan(expiresAt - 1000);
    }
  });

  it('counts from now, so that a later check waits less', () => {
    const expiresAt = issuedAt + 100_000;
    const atIssue = urlRenewalDelay(issuedAt, expiresAt, issuedAt);
    expect(urlRenewalDelay(issuedAt, expiresAt, issuedAt + 10_000)).toBe(atIssue - 10_000);
  });

  it('never waits less than the minimum, even for a 1 s URL or one already due', () => {
    expect(urlRenewalDelay(issuedAt, issuedAt + 1000, issuedAt)).toBe(MIN_URL_RENEWAL_DELAY_MS);
    expect(urlRenewalDelay(issuedAt, issuedAt + 60_000, issuedAt + 59_000)).toBe(
      MIN_URL_RENEWAL_DELAY_MS,
    );
    expect(urlRenewalDelay(issuedAt, issuedAt - 5000, issuedAt)).toBe(MIN_URL_RENEWAL_DELAY_MS);
  });

  it('keeps a 7-day URL within what setTimeout accepts', () => {
    const delay = urlRenewalDelay(issuedAt, issuedAt + 7 * 24 * 3600_000, issuedAt);
    expect(delay).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(delay).toBeGreaterThan(5 * 24 * 3600_000);
  });

  it('treats a URL as fresh until its renewal time', () => {
    const expiresAt = issuedAt + 11_000;
    expect(isUrlFresh(issuedAt, expiresAt, issuedAt)).toBeTrue();
    expect(isUrlFresh(issuedAt, expiresAt, issuedAt + 8_400)).toBeTrue();
    expect(isUrlFresh(issuedAt, expiresAt, issuedAt + 8_600)).toBeFalse();
  });
});
