import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt through node:crypto: native on Node and on workerd (nodejs_compat). N=2^14, r=8, p=5 is OWASP's
 * equal-cost variant of N=2^17,p=1 that fits the 128 MB Worker isolate (16 MiB per hash). The stored
 * string names its parameters, so they can be raised later without breaking old hashes.
 */
const PARAMS = { N: 2 ** 14, r: 8, p: 5 } as const;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [alg, n, r, p, salt, expected] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !expected) return false;
  try {
    const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
    const want = Buffer.from(expected, 'base64');
    return want.length === key.length && timingSafeEqual(want, key);
  } catch {
    // A corrupted stored hash (impossible parameters) matches nothing; it must not break sign-in.
    return false;
  }
}

/** A real hash of nothing, so an unknown username costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  return dummyHash;
}
