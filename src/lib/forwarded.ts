import { isIP } from 'node:net';

/**
 * The client's address from X-Forwarded-For behind `hops` proxies of our own. Each proxy appends the
 * address that connected to it, so the last `hops` entries are written by our proxies and everything
 * to their left came from the client (and may be forged). The entry `hops` from the right is the
 * address our outermost proxy saw: the client. Too few entries (the request skipped a proxy) or an
 * entry that is not an address: the connection's own address is used.
 */
export function forwardedClient(header: string | undefined, hops: number, socketAddress: string | undefined): string | undefined {
  if (!header) return socketAddress;
  const entries = header.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length < hops) return socketAddress;
  const address = withoutPort(entries[entries.length - hops]!);
  return isIP(address) ? address : socketAddress;
}

/** "203.0.113.7:5123" → "203.0.113.7", "[2001:db8::1]:443" → "2001:db8::1"; a bare address unchanged. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? v4[1]! : entry;
}

/**
 * The Node entry's client address: the socket's, or with TRUST_PROXY the forwarded one (see above).
 * `socketAddress` reads the connection (getConnInfo on Node).
 */
export function nodeClientAddress<C extends { req: { header(name: string): string | undefined } }>(
  config: { trustProxy: boolean; trustProxyHops: number },
  socketAddress: (c: C) => string | undefined,
): (c: C) => string | undefined {
  return (c) => {
    const socket = socketAddress(c);
    return config.trustProxy ? forwardedClient(c.req.header('x-forwarded-for'), config.trustProxyHops, socket) : socket;
  };
}
