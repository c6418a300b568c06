import { createLogger, createTestDatabase, newId, openDataSource, typeormTransactor } from '@gongzhi/subgraph-kit';
import { CreditService } from '@gongzhi/credit/dist/credit/credit.service';
import { createCreditDataSource } from '@gongzhi/credit/dist/database/data-source';
import { creditRepositories } from '@gongzhi/credit/dist/repositories';

/**
 * Credit batch rescoring, self-contained: a fresh database with N households' projections
 * (facts, 12 months of points, a few negative-list entries), then one full county run as
 * the worker does it. `node bench/dist/credit.js --households 180000` (target: under 60 s).
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

// Deterministic data: a small LCG instead of Math.random so runs are comparable.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function main() {
  const households = Number(arg('households', '180000'));
  const batchSize = Number(arg('batch', '2000'));
  const rand = rng(Number(arg('seed', '42')));
  const logger = createLogger({ service: 'bench-credit', version: 'bench', level: 'warn' });
  const db = await createTestDatabase('bench_credit');
  const dataSource = createCreditDataSource(db.url);
  try {
    await openDataSource(dataSource, db.url, logger);
    const t0 = Date.now();
    const villages = Array.from({ length: 300 }, (_, i) => `510681${String(100 + Math.floor(i / 15)).padStart(3, '0')}${String(1 + (i % 15)).padStart(3, '0')}`);
    const now = new Date();
    const months = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
      return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    const chunk = 2000;
    for (let start = 0; start < households; start += chunk) {
      const facts: unknown[] = [];
      const points: unknown[] = [];
      const negatives: unknown[] = [];
      const n = Math.min(chunk, households - start);
      for (let i = 0; i < n; i++) {
        const id = newId();
        const village = villages[Math.floor(rand() * villages.length)];
        facts.push(id, village, `${village.slice(0, 9)}000`, '510681', Math.floor(rand() * 3000) - 200, Math.floor(rand() * 3), Math.floor(rand() * 10), Math.floor(rand() * 10), Math.floor(rand() * 4), Math.floor(rand() * 4), Math.floor(rand() * 2), rand() < 0.02 ? 1 : 0, now);
        for (const m of months.slice(0, 1 + Math.floor(rand() * 4))) points.push(id, m, Math.floor(rand() * 200) - 20);
        if (rand() < 0.01) negatives.push(newId(), id, village, rand() < 0.5 ? 'JUDGMENT_DEFAULTER' : 'DISRUPTIVE_PETITIONING', 'bench', 'bench', '2025-01-01', null, 'bench', now);
      }
      await dataSource.query(
        `INSERT INTO household_facts (household_id, village_code, township_code, county_code, lifetime_points, honours, applications_approved, tasks_completed, issues_raised, issues_rated, loans_repaid, loans_defaulted, updated_at) VALUES ${Array(n).fill('(?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
        facts,
      );
      await dataSource.query(`INSERT IGNORE INTO points_month (household_id, month, delta_sum) VALUES ${Array(points.length / 3).fill('(?,?,?)').join(',')}`, points);
      if (negatives.length) {
        await dataSource.query(
          `INSERT INTO negative_entry (id, household_id, village_code, kind, source, reason, starts_on, expires_on, created_by, created_at) VALUES ${Array(negatives.length / 10).fill('(?,?,?,?,?,?,?,?,?,?)').join(',')}`,
          negatives,
        );
      }
    }
    console.log(`generated ${households} households' projections in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const repos = creditRepositories(dataSource.manager);
    const credit = new CreditService(repos, typeormTransactor(dataSource, creditRepositories));
    const run = await credit.createRun('510681', 'bench');
    let lastReport = 0;
    const started = process.hrtime.bigint();
    const result = await credit.runBatch(run.id, batchSize, (done, total) => {
      if (done - lastReport >= 30_000 || done === total) {
        lastReport = done;
        console.log(`  ${done}/${total}`);
      }
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [grades] = [await dataSource.query('SELECT grade, COUNT(*) AS n FROM credit_score GROUP BY grade ORDER BY grade')];
    console.log(`rescored ${result.done} households in ${seconds.toFixed(2)} s (${Math.round(result.done / seconds)} households/s, batch ${batchSize}); grades ${grades.map((g: { grade: string; n: number }) => `${g.grade}=${g.n}`).join(' ')}`);
    console.log(seconds < 60 ? 'PASS: under the 60 s target' : 'FAIL: over the 60 s target');
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
