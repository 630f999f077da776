import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/db/data-dir-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = () => join(dir, LOCK_FILE);
const writeOwner = (owner: object) => writeFileSync(lockFile(), JSON.stringify(owner));

/** A process that is certainly alive and is not this one: a child sleeping until killed. */
async function withOtherProcess(fn: (pid: number) => void | Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    await fn(child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

describe('the embedded database has one owner', () => {
  it('writes its pid into the lock file and removes it on release', () => {
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(lock.replaced).toBeNull();
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses while the owner named in the lock is running, with a message that says what to do', async () => {
    await withOtherProcess((pid) => {
      writeOwner({ pid, host: hostname() });
      const taking = () => lockDataDir(dir);
      expect(taking).toThrow(DataDirLockedError);
      expect(taking).toThrow(new RegExp(`in use by another process \\(pid ${pid}\\)[\\s\\S]*own DATA_DIR[\\s\\S]*delete ${lockFile()}`));
      expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(pid);
    });
  });

  it('takes over a stale lock: the process is gone', async () => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    writeOwner({ pid: child.pid, host: hostname() });
    const lock = lockDataDir(dir);
    expect(lock.replaced?.pid).toBe(child.pid);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (started later) or to a previous boot', async () => {
    await withOtherProcess((pid) => {
      writeOwner({ pid, host: hostname(), startTicks: '1' });
      const lock = lockDataDir(dir);
      expect(lock.replaced?.pid).toBe(pid);
      lock.release();
      writeOwner({ pid, host: hostname(), bootId: 'another-boot' });
      if (existsSync('/proc/sys/kernel/random/boot_id')) lockDataDir(dir).release();
    });
  });

  it('takes over a lock naming its own pid (a restarted container gets the same pid again)', () => {
    writeOwner({ pid: process.pid, host: hostname() });
    const lock = lockDataDir(dir);
    expect(lock.replaced?.pid).toBe(process.pid);
    lock.release();
  });

  it('treats a lock from another host as held (it cannot be checked from here)', () => {
    writeOwner({ pid: 1, host: 'some-other-host' });
    expect(() => lockDataDir(dir)).toThrow(/pid 1 on some-other-host/);
  });

  it('takes over an unreadable lock left by a crash between creating and writing it', () => {
    writeFileSync(lockFile(), '');
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('release never removes a lock another process has taken over since', () => {
    const lock = lockDataDir(dir);
    writeOwner({ pid: process.pid + 1, host: hostname() });
    lock.release();
    expect(existsSync(lockFile())).toBe(true);
  });
});
