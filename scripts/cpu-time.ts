// CPU time of processes from Linux's /proc, for the benchmark's "where does the time go" columns.
// Elsewhere (no /proc) every figure is null and the benchmark prints only latency and throughput.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const available = existsSync('/proc/self/stat');
const ticksPerSecond = available ? Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100 : 100;

interface Proc {
  pid: number;
  ppid: number;
  name: string;
  /** user + system CPU, in clock ticks */
  ticks: number;
}

function processes(): Proc[] {
  const list: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (name) state ppid …": the name may contain spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      list.push({ pid: Number(entry), ppid: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we looked
    }
  }
  return list;
}

export interface CpuSample {
  server: number;
  database: number;
}

/** CPU seconds so far of a process and all its descendants, and of every PostgreSQL process. */
export function sampleCpu(serverPid: number): CpuSample | null {
  if (!available) return null;
  const all = processes();
  const tree = new Set([serverPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (tree.has(p.pid) || !tree.has(p.ppid)) continue;
      tree.add(p.pid);
      grew = true;
    }
  }
  const seconds = (ps: Proc[]) => ps.reduce((sum, p) => sum + p.ticks, 0) / ticksPerSecond;
  return { server: seconds(all.filter((p) => tree.has(p.pid))), database: seconds(all.filter((p) => p.name === 'postgres')) };
}
