import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchPlatform } from './platform';

/** CPU seconds (user + system) of a process, from /proc. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function mariadbPid(): number | null {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      return Number(execFileSync('pidof', [name]).toString().trim().split(' ')[0]);
    } catch {
      // not this one
    }
  }
  return null;
}

/** Where the CPU of a load went: milliseconds per request in each process, and what that allows on this machine. */
export interface CostPerRequest {
  cpuMs: Record<string, number>;
  totalMs: number;
  /** Requests/s this machine's cores could serve at that cost if nothing else ran. */
  ceilingPerSecond: number;
}

/**
 * Runs a load and charges each process's CPU to its requests: every platform process, the
 * database server and this process (the load generator). A shared machine adds noise (other
 * work shows in MariaDB's share), so read it as where the time goes, not as a precise figure.
 */
export async function withCost<T>(platform: BenchPlatform, run: () => Promise<T>, requestsOf: (result: T) => number): Promise<T & { cost: CostPerRequest }> {
  const db = mariadbPid();
  const before = platform.cpuSeconds();
  const db0 = db ? processCpuSeconds(db) : 0;
  const self0 = process.cpuUsage();
  const result = await run();
  const after = platform.cpuSeconds();
  const self = process.cpuUsage(self0);
  const n = Math.max(1, requestsOf(result));
  const cpuMs: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after)) cpuMs[name] = (1000 * (seconds - (before[name] ?? 0))) / n;
  if (db) cpuMs.mariadb = (1000 * (processCpuSeconds(db) - db0)) / n;
  cpuMs['load generator'] = (self.user + self.system) / 1000 / n;
  const totalMs = Object.values(cpuMs).reduce((a, b) => a + b, 0);
  return { ...result, cost: { cpuMs, totalMs, ceilingPerSecond: (os.cpus().length * 1000) / totalMs } };
}

export function describeCost(cost: CostPerRequest): string {
  const parts = Object.entries(cost.cpuMs)
    .filter(([, ms]) => ms >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
  return `CPU ms per request: ${parts.join(', ')} (total ${cost.totalMs.toFixed(2)}: at most ${Math.round(cost.ceilingPerSecond)} req/s on ${os.cpus().length} cores)`;
}
