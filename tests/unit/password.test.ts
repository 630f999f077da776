import { beforeAll, describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../src/auth/password.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../src/auth/password-rules.js';

describe('hashPassword / verifyPassword', () => {
  // One real hash shared by the tests that only verify (each hash costs a few hundred milliseconds).
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword('a good long passphrase');
  });

  it('round-trips, and the stored string names its parameters', async () => {
    expect(stored).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword(stored, 'a good long passphrase')).toBe(true);
  });

  it('rejects a wrong password', async () => {
    expect(await verifyPassword(stored, 'a good long passphrasE')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(b, 'same password here')).toBe(true);
  });

  it('normalises Unicode (NFKC) so the same password typed differently verifies', async () => {
    const stored = await hashPassword('ｐａｓｓｗｏｒｄ全角测试'); // full-width letters
    expect(await verifyPassword(stored, 'password全角测试')).toBe(true);
  });

  it('verifies with the parameters stored in the string (older, cheaper hashes keep working)', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('legacy password 1', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword(stored, 'legacy password 1')).toBe(true);
    expect(await verifyPassword(stored, 'legacy password 2')).toBe(false);
  });

  it.each([
    ['empty string', ''],
    ['garbage', 'not a hash at all'],
    ['another algorithm', '$2b$10$abcdefghijklmnopqrstuuJ0xDhxHn1sSjpEC5eLBVvR0PnmqIsbO'],
    ['missing parts', 'scrypt$16384$8$5$c2FsdHNhbHRzYWx0c2FsdA=='],
    ['empty key', 'scrypt$16384$8$5$c2FsdHNhbHRzYWx0c2FsdA==$'],
    ['key of the wrong length', 'scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$c2hvcnQ='],
  ])('returns false for a malformed stored string (%s)', async (_name, stored) => {
    expect(await verifyPassword(stored, 'whatever password')).toBe(false);
  });

  // A corrupted stored hash must not turn a sign-in into a 500.
  it.each([
    ['non-numeric parameters', 'scrypt$abc$8$5$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U='],
    ['N not a power of two', 'scrypt$3$8$5$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U='],
  ])('returns false (does not throw) for malformed parameters (%s)', async (_name, stored) => {
    expect(await verifyPassword(stored, 'whatever password')).toBe(false);
  });

  it('gives the dummy hash a real, verifiable format (so unknown users cost the same)', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(await dummyPasswordHash()).toBe(dummy);
    expect(await verifyPassword(dummy, 'correct-horse-battery')).toBe(false);
  });
});

describe('password rules', () => {
  it('requires at least 10 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('Tq8#vLm2x')).toBe('password.tooShort'); // 9
    expect(passwordProblem('Tq8#vLm2xZ')).toBeNull(); // 10
    expect(passwordProblem('')).toBe('password.tooShort');
  });

  it.each(['1234567890', 'password123', 'Password123', 'QWERTYUIOP', 'woaini1314', 'zhenjiang123', 'administrator', 'campussafety'])(
    'refuses the common password %s',
    (password) => {
      expect(passwordProblem(password)).toBe('password.tooCommon');
    },
  );

  it('refuses one repeated character', () => {
    expect(passwordProblem('zzzzzzzzzzzz')).toBe('password.tooCommon');
    expect(passwordProblem('############')).toBe('password.tooCommon');
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordProblem('li.ming-2026!', 'li.ming')).toBe('password.containsUsername');
    expect(passwordProblem('XX-LI.MING-2026', 'li.ming')).toBe('password.containsUsername');
    expect(passwordProblem('Tq8#vLm2xZ-abc', 'officer7')).toBeNull();
  });

  it('ignores usernames shorter than three characters', () => {
    expect(passwordProblem('my-ab-password-x', 'ab')).toBeNull();
  });

  it('checks length before commonness and commonness before the username', () => {
    expect(passwordProblem('admin1', 'admin')).toBe('password.tooShort');
    expect(passwordProblem('administrator', 'admin')).toBe('password.tooCommon');
  });

  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('violet-river-7-lantern', 'zhangsan')).toBeNull();
    expect(passwordProblem('校园安全隐患排查二〇二六', 'zhangsan')).toBeNull();
  });
});
