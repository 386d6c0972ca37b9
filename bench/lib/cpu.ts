/**
 * CPU accounting for a benchmark phase: the server process's user+system time (from
 * `/proc/<pid>/stat`, including waited-for children) and this process's, so that a line can say
 * whether the server or the load generator was the bottleneck.
 */
import { readFileSync } from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ

/** CPU seconds used so far by `pid` (utime + stime + cutime + cstime), or NaN if unreadable. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // rest[0] is field 3 (state); utime is field 14 → rest[11].
    const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
    return ticks / CLK_TCK;
  } catch {
    return NaN;
  }
}

export interface CpuSample {
  wall: number;
  server: number;
  client: number;
}

export function cpuSample(serverPid: number | undefined): CpuSample {
  const u = process.cpuUsage();
  return {
    wall: performance.now() / 1000,
    server: processCpuSeconds(serverPid),
    client: (u.user + u.system) / 1e6,
  };
}

/** Average cores used between two samples, by server and by this (client) process. */
export function cpuBetween(a: CpuSample, b: CpuSample): { server: number; client: number } {
  const wall = b.wall - a.wall;
  return { server: (b.server - a.server) / wall, client: (b.client - a.client) / wall };
}
