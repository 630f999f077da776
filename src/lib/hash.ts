/** Hex SHA-256 via Web Crypto (Node and workerd alike): secrets in URLs and cookies are stored only hashed. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
