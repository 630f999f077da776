import { describe, expect, it } from 'vitest';
import { forwardedClient } from '../../src/lib/forwarded.js';

const SOCKET = '10.0.0.2';

describe('the client address behind trusted proxies (X-Forwarded-For)', () => {
  it.each([
    ['one proxy: the entry it appended', '203.0.113.7', 1, '203.0.113.7'],
    ['one proxy: a forged first entry is ignored', '6.6.6.6, 203.0.113.7', 1, '203.0.113.7'],
    ['one proxy: any number of forged entries', '1.1.1.1, 2.2.2.2, 3.3.3.3, 203.0.113.7', 1, '203.0.113.7'],
    ['two proxies: the second entry from the right', '6.6.6.6, 203.0.113.7, 10.1.1.1', 2, '203.0.113.7'],
    ['three proxies', '203.0.113.7, 10.1.1.1, 10.1.1.2', 3, '203.0.113.7'],
    ['spaces and empty entries', ' 6.6.6.6 ,, 203.0.113.7 ', 1, '203.0.113.7'],
    ['IPv6', '6.6.6.6, 2001:db8::7', 1, '2001:db8::7'],
    ['IPv6 with brackets and port', '[2001:db8::7]:443', 1, '2001:db8::7'],
    ['IPv4 with a port', '203.0.113.7:5123', 1, '203.0.113.7'],
  ])('%s', (_name, header, hops, expected) => {
    expect(forwardedClient(header, hops, SOCKET)).toBe(expected);
  });

  it.each([
    ['no header', undefined, 1],
    ['an empty header', '', 1],
    ['fewer entries than proxies (a proxy was skipped)', '6.6.6.6', 2],
    ['not an address where the proxy writes one', '6.6.6.6, evil', 1],
    ['a header injection attempt', '6.6.6.6, 1.2.3.4\r\nX-Evil: 1', 1],
  ])('falls back to the connection with %s', (_name, header, hops) => {
    expect(forwardedClient(header, hops, SOCKET)).toBe(SOCKET);
  });
});
