// Node-only: one owner for the embedded database. PGlite has no lock of its own, and two processes
// writing one data directory lose writes and damage the indexes (issue 12). The owner keeps a lock file
// in DATA_DIR naming its pid; a second process refuses to start. A lock whose process is gone (kill -9,
// a power cut, a container restarted) is stale and is taken over. See docs/decisions/0020.
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StartupProblem } from '../lib/errors.js';

export const LOCK_FILE = 'server.lock';

interface Owner {
  pid: number;
  host: string;
  /** Linux: the kernel's boot id and the process's start time, so a reused pid is not taken for the owner */
  bootId?: string;
  startTicks?: string;
  command?: string;
}

export class DataDirLockedError extends StartupProblem {
  constructor(
    readonly lockFile: string,
    readonly owner: Owner,
  ) {
    super(
      `The embedded database in ${lockFile.replace(/[/\\][^/\\]+$/, '')} is in use by another process ` +
        `(pid ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}${owner.command ? `: ${owner.command}` : ''}).\n` +
        'Stop that process first, or give this one its own DATA_DIR. Several server processes need a PostgreSQL server (DATABASE_URL).\n' +
        `If no such process is running, delete ${lockFile}.`,
    );
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot (Linux only). */
function startTicksOf(pid: number): string | undefined {
  const stat = readOptional(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function me(): Owner {
  return {
    pid: process.pid,
    host: hostname(),
    bootId: readOptional('/proc/sys/kernel/random/boot_id'),
    startTicks: startTicksOf(process.pid),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process named by a lock still holds it. Another host's lock cannot be checked: held. */
export function ownerIsAlive(owner: Owner, self: Owner = me()): boolean {
  if (owner.host !== self.host) return true;
  // A container restarted gives the new process the same pid as the old one.
  if (owner.pid === self.pid) return false;
  if (owner.bootId && self.bootId && owner.bootId !== self.bootId) return false;
  if (!isRunning(owner.pid)) return false;
  // The pid is in use: by the owner, or by an unrelated process that got the pid after it died.
  const ticks = startTicksOf(owner.pid);
  return !(owner.startTicks && ticks && owner.startTicks !== ticks);
}

function parseOwner(text: string | undefined): Owner | null {
  try {
    const owner = JSON.parse(text ?? '') as Owner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface DataDirLock {
  file: string;
  /** the stale owner that was replaced, if any (for the start-up log) */
  replaced: Owner | null;
  release(): void;
}

/**
 * Takes the lock of `dataDir` or throws DataDirLockedError. The file is created with O_EXCL, so of two
 * processes starting at once exactly one gets it. Released by release() and, as a last resort, when the
 * process exits normally; after kill -9 the next start finds it stale.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  const self = me();
  let replaced: Owner | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = parseOwner(readOptional(file));
      if (!owner) {
        // Empty or half-written: another process may be writing it right now. Look again shortly; a file
        // that stays unreadable was left by a crash between create and write.
        if (attempt < 3) {
          sleepSync(100);
          continue;
        }
      } else if (ownerIsAlive(owner, self)) {
        throw new DataDirLockedError(file, owner);
      }
      replaced = owner ?? { pid: 0, host: self.host };
      try {
        unlinkSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(self) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      // Only our own lock: never remove one another process took over.
      if (parseOwner(readOptional(file))?.pid === self.pid) unlinkSync(file);
    };
    process.on('exit', release);
    return { file, replaced, release };
  }
  throw new StartupProblem(`Could not take the lock file ${file}: it keeps changing. Is another process starting on the same DATA_DIR?`);
}
