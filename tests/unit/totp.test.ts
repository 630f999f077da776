import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from '../../src/auth/totp.js';

// RFC 4226 appendix D and RFC 6238 appendix B use the ASCII secret "12345678901234567890" (SHA-1).
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const RFC_SECRET_B32 = base32Encode(RFC_SECRET);

describe('base32', () => {
  it('round-trips and matches RFC 4648 test vectors', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base32Decode(encoded)!)).toBe(plain);
    }
    expect(RFC_SECRET_B32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv====')).toEqual(base32Decode('GEZDGNBV'));
    expect(base32Decode('GEZ1')).toBeNull();
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  it.each([
    [0, '755224'], [1, '287082'], [2, '359152'], [3, '969429'], [4, '338314'],
    [5, '254676'], [6, '287922'], [7, '162583'], [8, '399871'], [9, '520489'],
  ])('counter %i → %s', (counter, code) => {
    expect(hotp(RFC_SECRET, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 appendix B, SHA-1, last 6 of the 8 digits)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('T = %i s → %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET_B32, new Date(seconds * 1000))).toBe(code);
  });
});

describe('matching a typed code', () => {
  const at = new Date(1234567890 * 1000);
  const step = totpStep(at);

  it('accepts the current step and one either side, with spaces', () => {
    expect(matchTotp(RFC_SECRET_B32, '005924', at)).toBe(step);
    expect(matchTotp(RFC_SECRET_B32, '005 924', at)).toBe(step);
    expect(matchTotp(RFC_SECRET_B32, totpCode(RFC_SECRET_B32, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET_B32, totpCode(RFC_SECRET_B32, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
  });

  it('refuses two steps away, a used step, junk and a bad secret', () => {
    expect(matchTotp(RFC_SECRET_B32, totpCode(RFC_SECRET_B32, new Date(at.getTime() - 60_000)), at)).toBeNull();
    expect(matchTotp(RFC_SECRET_B32, '005924', at, step)).toBeNull();
    for (const junk of ['', '12345', '1234567', 'abcdef', '00592４']) expect(matchTotp(RFC_SECRET_B32, junk, at)).toBeNull();
    expect(matchTotp('not base32!', '005924', at)).toBeNull();
  });
});

it('builds the otpauth:// URI authenticator apps read', () => {
  expect(otpauthUri('校园安全', 'sup ervisor', 'ABC')).toBe(
    `otpauth://totp/${encodeURIComponent('校园安全:sup ervisor')}?secret=ABC&issuer=${encodeURIComponent('校园安全')}&algorithm=SHA1&digits=6&period=30`,
  );
});
