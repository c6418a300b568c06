import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createLogger, createRedis, createTestDatabase, newId, openDataSource, uniqueTestName } from '@gongzhi/subgraph-kit';
import { createIssuesDataSource } from '@gongzhi/issues/dist/database/data-source';
import { BullSlaScheduler, type ScheduledReminder } from '@gongzhi/issues/dist/sla/sla.jobs';

/**
 * SLA reminders at scale, self-contained: a fresh database and queue prefix per run, N open issues
 * of one county whose two reminders (50% and the deadline) fall due uniformly over a window, served
 * by a real worker process (services/issues/dist/worker.js). Per run: scheduling time (multi-row
 * INSERTs + addBulk of deterministic-id delayed jobs), lateness (fired_at − fire_at) p50/p99/max,
 * duplicates, misses, fire rate and the worker's CPU per reminder. Runs: steady; the worker SIGKILLed
 * at 40% of the window and restarted 2 s later; a burst (every reminder due at one instant) that
 * measures how fast the worker drains a backlog.
 *   node bench/dist/issues-sla.js --issues 2000 --window 20        (quick, run-all's default)
 *   node bench/dist/issues-sla.js --issues 100000 --window 600     (the target: 333 reminders/s)
 * Options: --concurrency N (BullMQ jobs in flight, default 64 as the worker), --burst N (issues in the burst run,
 * default min(issues, 10000), 0 = skip), --runs steady,kill,burst, --cpu-prof DIR (profile the worker),
 * --workers N (worker processes of the county, default 1; the kill run kills one), --worker PATH
 * (another build's dist/worker.js, to compare), --detail (lateness over the run).
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const COUNTY = '510689';
const WORKER_JS = arg('worker', join(__dirname, '..', '..', 'services', 'issues', 'dist', 'worker.js'));
const CHUNK = 2000;
const DOWN_MS = 2000;

type Mode = 'steady' | 'kill' | 'burst';

interface RunResult {
  label: string;
  issues: number;
  reminders: number;
  fired: number;
  missed: number;
  duplicates: number;
  p50: number;
  p99: number;
  max: number;
  over1s: number;
  /** Seconds after the last planned reminder until every reminder had fired. */
  drainS: number;
  scheduling: { totalS: number; dbS: number; redisS: number };
  /** Reminders fired per second: over the run, and in the busiest second. */
  meanRate: number;
  peakRate: number;
  /** From the first due instant until every reminder fired (the burst's drain time). */
  spanS: number;
  workerCpuS: number;
  note: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0;
}

/** user + system CPU seconds of a live process (Linux); 0 where /proc is missing. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function run(mode: Mode, issues: number, windowS: number): Promise<RunResult> {
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
    SLA_WORKER_CONCURRENCY: arg('concurrency', '64'),
  };
  const profDir = arg('cpu-prof', '');
  const startWorker = () => {
    const flags = profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
    const child = spawn(process.execPath, [...flags, WORKER_JS], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  const span = mode === 'burst' ? 0 : windowS;
  let note = '';
  try {
    await openDataSource(dataSource, db.url, logger);
    // The worker(s) boot while the data goes in, as in production where they are already running.
    const scheduler = new BullSlaScheduler(redis, base);
    // The wake-up calls are all created below, as an already-running system would have them:
    // the queue is "armed", and the worker's sweeper has nothing to re-create.
    await scheduler.markArmed(COUNTY);
    const workerCount = Number(arg('workers', '1'));
    const workers = Array.from({ length: workerCount }, startWorker);
    // The window starts once everything is scheduled and the worker is up: a lead of 10 s + 1 s per
    // 2,000 issues (scheduling runs at 2,000–4,000 issues/s on the shared 2-core machine) keeps the
    // measurement apart from the set-up; --lead S overrides it.
    const leadS = Number(arg('lead', String(Math.ceil(10 + issues / 2000))));
    const scheduleStart = Date.now();
    const t0 = scheduleStart + leadS * 1000;
    const now = new Date();
    let dbMs = 0;
    let redisMs = 0;
    for (let start = 0; start < issues; start += CHUNK) {
      const n = Math.min(CHUNK, issues - start);
      const issueRows: unknown[] = [];
      const reminderRows: unknown[] = [];
      const scheduled: ScheduledReminder[] = [];
      for (let i = 0; i < n; i++) {
        const id = newId();
        const k = start + i;
        const village = `${COUNTY}${String(100 + (k % 20)).padStart(3, '0')}${String(1 + (k % 15)).padStart(3, '0')}`;
        // Deadlines spread uniformly (in a scrambled order) over the window; the 50% reminder falls
        // halfway between t0 (standing for the raising time) and the deadline.
        const offsetMs = Math.floor((((k * 7919) % issues) / issues) * span * 1000);
        const dueAt = new Date(t0 + offsetMs);
        const halfAt = new Date(t0 + Math.floor(offsetMs / 2));
        issueRows.push(id, village, COUNTY, newId(), 'OTHER', `bench ${k}`, 'bench', '[]', 1, 'RAISED', 0, now, dueAt);
        for (const [kind, at] of [['REMIND_50', halfAt], ['OVERDUE', dueAt]] as const) {
          reminderRows.push(id, kind, COUNTY, at);
          scheduled.push({ issueId: id, kind, countyCode: COUNTY, fireAt: at });
        }
      }
      // The rows and the wake-up calls of a chunk go in side by side (two servers).
      const timed = async (work: () => Promise<unknown>) => {
        const s = Date.now();
        await work();
        return Date.now() - s;
      };
      const [d, r] = await Promise.all([
        timed(async () => {
          await dataSource.query(
            `INSERT INTO issue (id, village_code, county_code, raiser_user_id, category, title, body, photo_urls, is_public, status, reopen_count, raised_at, due_at) VALUES ${Array(n).fill('(?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
            issueRows,
          );
          await dataSource.query(
            `INSERT INTO sla_reminder (issue_id, kind, county_code, fire_at, status) VALUES ${Array(n * 2).fill("(?,?,?,?,'PENDING')").join(',')}`,
            reminderRows,
          );
        }),
        timed(() => scheduler.schedule(scheduled)),
      ]);
      dbMs += d;
      redisMs += r;
    }
    const scheduling = { totalS: (Date.now() - scheduleStart) / 1000, dbS: dbMs / 1000, redisS: redisMs / 1000 };
    // In production the worker is up long before; here it must at least have booted before t0.
    while ((await scheduler.queue(COUNTY).getWorkersCount()) < workerCount) await sleep(100);
    const readyS = (Date.now() - scheduleStart) / 1000;
    if (Date.now() > t0) note = `set-up (scheduling ${scheduling.totalS.toFixed(0)} s, worker up after ${readyS.toFixed(0)} s) took longer than the ${leadS} s lead: the first reminders started late`;
    let killedAt = 0;
    let backUpAt = 0;
    let firstCpu = 0;
    if (mode === 'kill') {
      // Kill mid-run (hard, no shutdown), stay down 2 s, restart; note when the new worker is serving.
      await sleep(t0 - Date.now() + windowS * 400);
      firstCpu = cpuSeconds(workers[0].pid);
      workers[0].kill('SIGKILL');
      killedAt = Date.now();
      await sleep(DOWN_MS);
      workers[0] = startWorker();
      while ((await scheduler.queue(COUNTY).getWorkersCount()) < workerCount) await sleep(50);
      backUpAt = Date.now();
    }
    await scheduler.close();
    // Wait until every reminder fired, or until nothing has moved for 30 s past the window (a miss).
    await sleep(t0 + span * 1000 - Date.now() - 2000);
    let pending = Infinity;
    let lastChange = Date.now();
    for (;;) {
      const [{ n }] = await dataSource.query("SELECT COUNT(*) AS n FROM sla_reminder WHERE county_code = ? AND status = 'PENDING'", [COUNTY]);
      if (Number(n) !== pending) lastChange = Date.now();
      pending = Number(n);
      if (pending === 0 || (Date.now() > t0 + span * 1000 && Date.now() - lastChange > 30_000)) break;
      await sleep(500);
    }
    const doneAt = Date.now();
    const workerCpuS = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), firstCpu);
    const lateness: number[] = (
      await dataSource.query("SELECT TIMESTAMPDIFF(MICROSECOND, fire_at, fired_at) / 1000 AS ms FROM sla_reminder WHERE status = 'FIRED'")
    ).map((r: { ms: string }) => Number(r.ms)).sort((a: number, b: number) => a - b);
    // Duplicates: more than one inbox row of a kind per issue, or more than one escalation event.
    const [{ dup }] = await dataSource.query(
      `SELECT COALESCE(SUM(c - 1), 0) AS dup FROM (
         SELECT COUNT(*) AS c FROM notification WHERE kind IN ('SLA_REMINDER', 'ESCALATION', 'OVERDUE') GROUP BY issue_id, kind
         UNION ALL SELECT COUNT(*) AS c FROM issue_event WHERE kind = 'ESCALATED' GROUP BY issue_id) x`,
    );
    if (process.argv.includes('--detail')) {
      // Lateness over the run, in tenths of the window by planned time.
      const rows: Array<{ b: string; n: string; p50: string; mx: string }> = await dataSource.query(
        `SELECT FLOOR((UNIX_TIMESTAMP(fire_at) * 1000 - ?) / ?) AS b, COUNT(*) AS n, MIN(l) AS mn, AVG(l) AS p50, MAX(l) AS mx FROM (
           SELECT fire_at, TIMESTAMPDIFF(MICROSECOND, fire_at, fired_at) / 1000 AS l FROM sla_reminder WHERE status = 'FIRED') x GROUP BY b ORDER BY b`,
        [t0, Math.max(100, (span * 1000) / 10)],
      );
      const ticks: Array<{ b: string; n: string; l: string }> = await dataSource.query(
        `SELECT FLOOR(UNIX_TIMESTAMP(fired_at) * 10) AS b, COUNT(*) AS n, ROUND(MAX(TIMESTAMPDIFF(MICROSECOND, fire_at, fired_at)) / 1000) AS l FROM sla_reminder
          WHERE status = 'FIRED' AND fired_at BETWEEN ? AND ? GROUP BY b ORDER BY b`,
        [new Date(t0 + span * 500), new Date(t0 + span * 500 + 3000)],
      );
      console.log(`    [${mode}] fired per 100 ms (max lateness) over 3 s: ${ticks.map((t) => `${t.n}(${t.l})`).join(' ')}`);
      for (const r of rows) console.log(`    [${mode}] slice ${r.b}: ${r.n} reminders, lateness mean ${Number(r.p50).toFixed(0)} ms, max ${Number(r.mx).toFixed(0)} ms`);
    }
    const perSecond: Array<{ n: string }> = await dataSource.query(
      "SELECT COUNT(*) AS n FROM sla_reminder WHERE status = 'FIRED' GROUP BY FLOOR(UNIX_TIMESTAMP(fired_at))",
    );
    const [{ first, last }] = await dataSource.query(
      "SELECT UNIX_TIMESTAMP(MIN(fire_at)) AS first, UNIX_TIMESTAMP(MAX(fired_at)) AS last FROM sla_reminder WHERE status = 'FIRED'",
    );
    const spanS = Number(last) - Number(first);
    if (mode === 'kill') {
      // The reminders the kill made late: in flight at the kill, or due before the restarted worker caught up.
      const [{ late, caughtUp }] = await dataSource.query(
        `SELECT COUNT(*) AS late, UNIX_TIMESTAMP(MAX(fired_at)) * 1000 AS caughtUp FROM sla_reminder
          WHERE status = 'FIRED' AND fire_at >= ? AND TIMESTAMPDIFF(MICROSECOND, fire_at, fired_at) > 1000000`,
        [new Date(killedAt - 2000)],
      );
      note = [
        note,
        `killed ${((killedAt - t0) / 1000).toFixed(0)} s into the window; the new worker was serving ${((backUpAt - killedAt) / 1000).toFixed(1)} s after the kill ` +
          `(${DOWN_MS / 1000} s down + ${((backUpAt - killedAt - DOWN_MS) / 1000).toFixed(1)} s boot) and had caught up ${Number(late) > 0 ? ((Number(caughtUp) - killedAt) / 1000).toFixed(1) : '0'} s after it; ` +
          `${late} reminders due from 2 s before the kill on fired more than 1 s late`,
      ]
        .filter(Boolean)
        .join('; ');
    }
    const labels: Record<Mode, string> = {
      steady: 'steady',
      kill: `${workerCount > 1 ? `one of ${workerCount} workers` : 'worker'} SIGKILLed at 40% and restarted ${DOWN_MS / 1000} s later`,
      burst: 'burst (every reminder due at the same instant)',
    };
    return {
      label: labels[mode],
      issues,
      reminders: issues * 2,
      fired: lateness.length,
      missed: pending,
      duplicates: Number(dup),
      p50: percentile(lateness, 50),
      p99: percentile(lateness, 99),
      max: lateness.length ? lateness[lateness.length - 1] : 0,
      over1s: lateness.filter((l) => l > 1000).length,
      drainS: Math.max(0, Math.round((doneAt - t0) / 1000 - span)),
      scheduling,
      meanRate: spanS > 0 ? lateness.length / Math.max(spanS, 1) : lateness.length,
      peakRate: Math.max(0, ...perSecond.map((r) => Number(r.n))),
      spanS,
      workerCpuS,
      note,
    };
  } finally {
    // SIGTERM first: a graceful exit writes the CPU profile (--cpu-prof).
    await Promise.all(
      children
        .filter((c) => c.exitCode === null && c.signalCode === null)
        .map(
          (c) =>
            new Promise((r) => {
              c.once('exit', r);
              c.kill('SIGTERM');
              setTimeout(r, 10_000).unref();
            }),
        ),
    );
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
  const burst = Number(arg('burst', String(Math.min(issues, 10_000))));
  const runs = arg('runs', 'steady,kill,burst').split(',') as Mode[];
  const results: RunResult[] = [];
  for (const mode of runs) {
    if (mode === 'burst' && !burst) continue;
    results.push(await run(mode, mode === 'burst' ? burst : issues, windowS));
  }
  const rate = (issues * 2) / windowS;
  console.log(
    `issues-sla: ${issues} open issues, ${issues * 2} reminders due over ${windowS} s = arrival ${rate.toFixed(0)} reminders/s on average ` +
      `(${((issues * 3) / windowS).toFixed(0)}/s in the first half, where the 50% reminders overlap the deadlines, ${(issues / windowS).toFixed(0)}/s in the second); ` +
      `${arg('workers', '1')} worker process${arg('workers', '1') === '1' ? '' : 'es'} (BullMQ concurrency ${arg('concurrency', '64')}); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`,
  );
  for (const r of results) {
    const s = r.scheduling;
    console.log(
      `  ${r.label}: fired ${r.fired}/${r.reminders}, missed ${r.missed}, duplicates ${r.duplicates}, ` +
        `lateness p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms (${r.over1s} over 1 s), drained ${r.drainS} s after the window\n` +
        `    scheduled ${r.issues} issues in ${s.totalS.toFixed(1)} s (${Math.round(r.issues / s.totalS)} issues/s; rows ${s.dbS.toFixed(1)} s, delayed jobs ${s.redisS.toFixed(1)} s, side by side); ` +
        `fired ${Math.round(r.meanRate)}/s on average, ${r.peakRate}/s in the busiest second; worker CPU ${r.workerCpuS.toFixed(1)} s with boot = ${((r.workerCpuS * 1000) / Math.max(1, r.fired)).toFixed(2)} ms a reminder` +
        (r.note ? `\n    ${r.note}` : ''),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
