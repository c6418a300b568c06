import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { createLogger, createRedis, createTestDatabase, newId, openDataSource, uniqueTestName } from '@gongzhi/subgraph-kit';
import { createIssuesDataSource } from '@gongzhi/issues/dist/database/data-source';
import { BullSlaScheduler, type ScheduledReminder } from '@gongzhi/issues/dist/sla/sla.jobs';

/**
 * SLA reminders at scale, self-contained: a fresh database and queue prefix, N open issues of one
 * county whose reminders (50% and the deadline) fall due over a window, served by a real worker
 * process (services/issues/dist/worker.js). Prints lateness (fired_at − fire_at) p50/p99/max,
 * duplicates and misses; the second run SIGKILLs the worker mid-run and restarts it.
 *   node bench/dist/issues-sla.js --issues 2000 --window 20      (target scale: --issues 100000 --window 600)
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const COUNTY = '510689';
const WORKER_JS = join(__dirname, '..', '..', 'services', 'issues', 'dist', 'worker.js');

interface RunResult {
  label: string;
  reminders: number;
  fired: number;
  missed: number;
  duplicates: number;
  p50: number;
  p99: number;
  max: number;
  elapsedS: number;
  /** Seconds after the last planned reminder until every reminder had fired. */
  drainS: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0;
}

async function run(label: string, issues: number, windowS: number, kill: boolean): Promise<RunResult> {
  const logger = createLogger({ service: 'bench-issues-sla', version: 'bench', level: 'warn' });
  const db = await createTestDatabase('bench_issues');
  const base = uniqueTestName('bsla').replace(/[^A-Za-z0-9_]/g, '');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = createRedis(redisUrl);
  const dataSource = createIssuesDataSource(db.url);
  const children: ChildProcess[] = [];
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_BASE: base,
    QUEUE_COUNTY: COUNTY,
    PORT: '0',
    GATEWAY_SECRET: 'bench-gateway-secret-0123456789',
    SLA_SWEEP_INTERVAL_MS: '5000',
    SLA_LOCK_MS: '3000',
    SLA_WORKER_CONCURRENCY: arg('concurrency', '16'),
  };
  const startWorker = () => {
    const child = spawn(process.execPath, [WORKER_JS], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  try {
    await openDataSource(dataSource, db.url, logger);
    // The worker boots while the data goes in, as in production where it is already running.
    let worker = startWorker();
    const scheduler = new BullSlaScheduler(redis, base);
    // Reminders start after the data is in, spread uniformly over the window.
    const setupS = Math.max(5, Math.ceil(issues / 1000));
    const t0 = Date.now() + setupS * 1000;
    const now = new Date();
    const chunk = 1000;
    for (let start = 0; start < issues; start += chunk) {
      const n = Math.min(chunk, issues - start);
      const issueRows: unknown[] = [];
      const reminderRows: unknown[] = [];
      const scheduled: ScheduledReminder[] = [];
      for (let i = 0; i < n; i++) {
        const id = newId();
        const k = start + i;
        const village = `${COUNTY}${String(100 + (k % 20)).padStart(3, '0')}${String(1 + (k % 15)).padStart(3, '0')}`;
        // The 50% reminder falls halfway between t0 (standing for the raising time) and the deadline.
        const offsetMs = Math.floor((((k * 7919) % issues) / issues) * windowS * 1000);
        const dueAt = new Date(t0 + offsetMs);
        const halfAt = new Date(t0 + Math.floor(offsetMs / 2));
        issueRows.push(id, village, COUNTY, newId(), 'OTHER', `bench ${k}`, 'bench', '[]', 1, 'RAISED', 0, now, dueAt);
        for (const [kind, at] of [['REMIND_50', halfAt], ['OVERDUE', dueAt]] as const) {
          reminderRows.push(id, kind, COUNTY, at);
          scheduled.push({ issueId: id, kind, countyCode: COUNTY, fireAt: at });
        }
      }
      await dataSource.query(
        `INSERT INTO issue (id, village_code, county_code, raiser_user_id, category, title, body, photo_urls, is_public, status, reopen_count, raised_at, due_at) VALUES ${Array(n).fill('(?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
        issueRows,
      );
      await dataSource.query(
        `INSERT INTO sla_reminder (issue_id, kind, county_code, fire_at, status) VALUES ${Array(n * 2).fill("(?,?,?,?,'PENDING')").join(',')}`,
        reminderRows,
      );
      await scheduler.schedule(scheduled);
    }
    await scheduler.close();
    if (Date.now() > t0) console.warn(`  (setup took longer than ${setupS}s: early reminders start late)`);
    if (kill) {
      // Kill mid-run (hard, no shutdown), stay down 2 s, restart.
      await new Promise((r) => setTimeout(r, Math.max(0, t0 - Date.now()) + windowS * 400));
      worker.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 2000));
      worker = startWorker();
    }
    // Wait until every reminder fired, or until nothing has moved for 30 s past the window (a miss).
    let pending = Infinity;
    let lastChange = Date.now();
    for (;;) {
      const [{ n }] = await dataSource.query("SELECT COUNT(*) AS n FROM sla_reminder WHERE status = 'PENDING'");
      if (Number(n) !== pending) lastChange = Date.now();
      pending = Number(n);
      if (pending === 0 || (Date.now() > t0 + windowS * 1000 && Date.now() - lastChange > 30_000)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const lateness: number[] = (
      await dataSource.query("SELECT TIMESTAMPDIFF(MICROSECOND, fire_at, fired_at) / 1000 AS ms FROM sla_reminder WHERE status = 'FIRED'")
    ).map((r: { ms: string }) => Number(r.ms)).sort((a: number, b: number) => a - b);
    const [{ dup }] = await dataSource.query(
      "SELECT COALESCE(SUM(c - 1), 0) AS dup FROM (SELECT COUNT(*) AS c FROM notification WHERE kind IN ('SLA_REMINDER', 'ESCALATION') GROUP BY issue_id, kind) x",
    );
    return {
      label,
      reminders: issues * 2,
      fired: lateness.length,
      missed: pending,
      duplicates: Number(dup),
      p50: percentile(lateness, 50),
      p99: percentile(lateness, 99),
      max: lateness.length ? lateness[lateness.length - 1] : 0,
      elapsedS: Math.round((Date.now() - t0) / 1000),
      drainS: Math.max(0, Math.round((Date.now() - t0) / 1000 - windowS)),
    };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    const keys = await redis.keys(`${base}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    redis.disconnect();
    await dataSource.destroy().catch(() => undefined);
    await db.drop();
  }
}

async function main() {
  const issues = Number(arg('issues', '2000'));
  const windowS = Number(arg('window', '20'));
  const results = [await run('steady', issues, windowS, false), await run('worker SIGKILLed at 40% and restarted 2 s later', issues, windowS, true)];
  console.log(
    `issues-sla: ${issues} open issues, ${issues * 2} reminders due over ${windowS} s, one worker process (concurrency ${arg('concurrency', '16')}); ` +
      `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`,
  );
  for (const r of results) {
    console.log(
      `  ${r.label}: fired ${r.fired}/${r.reminders}, missed ${r.missed}, duplicates ${r.duplicates}, ` +
        `lateness p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms, drained ${r.drainS} s after the window`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
