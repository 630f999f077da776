import { createHash } from 'node:crypto';

/**
 * Hex SHA-256 of a secret (session tokens, calendar tokens): stored only hashed. node:crypto runs on
 * Node and on workerd (nodejs_compat) and hashes in place, where Web Crypto's digest goes through a
 * worker thread on Node: this runs on every signed-in request.
 */
export async function sha256Hex(value: string): Promise<string> {
  return createHash('sha256').update(value).digest('hex');
}
