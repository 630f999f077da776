// The installed postgres.js carries the install-time patch (docs/decisions/0024): without it a dropped
// connection can crash the server. Fails after an install that skipped scripts, or an upgrade.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../src/db/postgres.js';

const builds = ['src', 'cjs/src', 'cf/src'];

describe('postgres.js as installed', () => {
  it.each(builds)('%s/connection.js guards a write after its connection closed and forgets the pending write on close', (dir) => {
    const text = readFileSync(join(process.cwd(), 'node_modules/postgres', dir, 'connection.js'), 'utf8');
    expect(text).toMatch(/function nextWrite\(fn\) \{\n\s+if \(!socket\) \{/);
    expect(text.match(/ clearImmediate\(nextWriteTimer\)\n\s+chunk = nextWriteTimer = null \/\* campus-safety patch 0024/g)).toHaveLength(2);
  });

  it('reconnects after at most half a second, however many attempts failed', () => {
    expect([1, 2, 3, 4, 10, 50].map(reconnectDelay)).toEqual([0.1, 0.2, 0.4, 0.5, 0.5, 0.5]);
  });
});
