// Starting the embedded database: enough free space, or a plain message saying what to do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertFreeSpace } from '../../src/db/node.js';
import { StartupProblem } from '../../src/lib/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'cs-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('free space at start', () => {
  it('refuses with a plain message that says how much is free, how much is needed and what to do', () => {
    expect(() => assertFreeSpace(dir, 1)).not.toThrow();
    const tooMuch = 2 ** 60;
    expect(() => assertFreeSpace(dir, tooMuch)).toThrow(StartupProblem);
    expect(() => assertFreeSpace(dir, tooMuch)).toThrow(new RegExp(`Only \\d+ MB free on the disk of ${dir}: the embedded database needs at least \\d+ MB to start\\.\\nFree some space`));
  });
});
