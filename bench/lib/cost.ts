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
 * Charges CPU to requests: every platform process, the database server and this process (the
 * load generator), read around each measured stretch and summed over all of them, so that two
 * loads taken in turns (a raw baseline and the platform) each get their own share. A shared
 * machine adds noise (other work shows in MariaDB's share), so read it as where the time goes,
 * not as a precise figure.
 */
export class CostMeter {
  private readonly db = mariadbPid();
  private readonly cpuSeconds: Record<string, number> = {};

  constructor(private readonly platform: BenchPlatform) {}

  async measure<T>(run: () => Promise<T>): Promise<T> {
    const before = this.platform.cpuSeconds();
    const db0 = this.db ? processCpuSeconds(this.db) : 0;
    const self0 = process.cpuUsage();
    const result = await run();
    const self = process.cpuUsage(self0);
    const after = this.platform.cpuSeconds();
    const add = (name: string, seconds: number) => (this.cpuSeconds[name] = (this.cpuSeconds[name] ?? 0) + seconds);
    for (const [name, seconds] of Object.entries(after)) add(name, seconds - (before[name] ?? 0));
    if (this.db) add('mariadb', processCpuSeconds(this.db) - db0);
    add('load generator', (self.user + self.system) / 1e6);
    return result;
  }

  perRequest(requests: number): CostPerRequest {
    const n = Math.max(1, requests);
    const cpuMs = Object.fromEntries(Object.entries(this.cpuSeconds).map(([name, seconds]) => [name, (1000 * seconds) / n]));
    const totalMs = Object.values(cpuMs).reduce((a, b) => a + b, 0);
    return { cpuMs, totalMs, ceilingPerSecond: (os.cpus().length * 1000) / totalMs };
  }
}

/** Runs one load and charges each process's CPU to its requests (see CostMeter). */
export async function withCost<T>(platform: BenchPlatform, run: () => Promise<T>, requestsOf: (result: T) => number): Promise<T & { cost: CostPerRequest }> {
  const meter = new CostMeter(platform);
  const result = await meter.measure(run);
  return { ...result, cost: meter.perRequest(requestsOf(result)) };
}

export function describeCost(cost: CostPerRequest, unit = 'request'): string {
  const parts = Object.entries(cost.cpuMs)
    .filter(([, ms]) => ms >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
  return `CPU ms per ${unit}: ${parts.join(', ')} (total ${cost.totalMs.toFixed(2)}: at most ${Math.round(cost.ceilingPerSecond)} ${unit}s/s on ${os.cpus().length} cores)`;
}
