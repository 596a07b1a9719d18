import { needsRenewal } from './credentials-provider';

describe('needsRenewal', () => {
  const issuedAt = Date.UTC(2026, 10, 28, 12);
  const hour = new Date(issuedAt + 3600_000);

  it('keeps credentials without an expiry', () => {
    expect(needsRenewal(undefined, issuedAt + 10 * 3600_000, issuedAt)).toBeFalse();
  });

  it('renews in the five minutes before expiry, not before', () => {
    expect(needsRenewal(hour, issuedAt + 54 * 60_000, issuedAt)).toBeFalse();
    expect(needsRenewal(hour, issuedAt + 55 * 60_000, issuedAt)).toBeTrue();
    expect(needsRenewal(hour, issuedAt + 2 * 3600_000, issuedAt)).toBeTrue();
  });

  it('renews short-lived credentials after half their life', () => {
    const twoMinutes = new Date(issuedAt + 120_000);
    expect(needsRenewal(twoMinutes, issuedAt + 59_000, issuedAt)).toBeFalse();
    expect(needsRenewal(twoMinutes, issuedAt + 60_000, issuedAt)).toBeTrue();
  });
});
