import { createLogger, createQueue, createRedis, createTestDatabase, EventQueues, eventsQueuePrefix, newId, queuePrefix, Topics, uniqueTestName, type RunningServer } from '@gongzhi/subgraph-kit';
import { createCreditApp, type CreditApp } from '../src/app';
import { loadCreditConfig } from '../src/config';
import { creditRepositories } from '../src/repositories';
import { NIGHTLY_JOB, nightlySchedulerId, RESCORE_QUEUE } from '../src/rescore/rescore.jobs';

jest.setTimeout(60_000);

// The credit process on its own (real MariaDB and Redis): configuration, the nightly schedule and its run.
let app: CreditApp;
let server: RunningServer;
let drop: () => Promise<void>;
const base = uniqueTestName('q').replace(/[^A-Za-z0-9_]/g, '');
const redis = createRedis('redis://127.0.0.1:6379');

beforeAll(async () => {
  const db = await createTestDatabase('credit_worker');
  drop = db.drop;
  const config = loadCreditConfig({ DATABASE_URL: db.url, GATEWAY_SECRET: 'x'.repeat(24), QUEUE_BASE: base, NIGHTLY_RESCORE_COUNTIES: '510681', LOG_LEVEL: 'silent' });
  app = await createCreditApp(config, createLogger({ service: 'credit', version: 'test', level: 'silent' }));
  server = await app.start(0, '127.0.0.1');
});

afterAll(async () => {
  await app?.stop();
  await drop?.();
  const keys = await redis.keys(`${base}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('credit config', () => {
  it('lists every bad key at once', () => {
    expect(() => loadCreditConfig({ DATABASE_URL: 'nope', GATEWAY_SECRET: 'short', NIGHTLY_RESCORE_COUNTIES: '510681,51' })).toThrow(
      /DATABASE_URL[\s\S]*GATEWAY_SECRET[\s\S]*NIGHTLY_RESCORE_COUNTIES/,
    );
  });
});

describe('nightly rescoring', () => {
  it('registers one schedule per configured county and its job rescores the county', async () => {
    const queue = createQueue(RESCORE_QUEUE, { connection: redis, prefix: queuePrefix('credit', base) });
    try {
      const scheduler = await queue.getJobScheduler(nightlySchedulerId('510681'));
      expect(scheduler).toMatchObject({ pattern: '30 2 * * *', tz: 'Asia/Shanghai' });

      const repos = creditRepositories(app.dataSource.manager);
      for (const village of ['510681106001', '510681107001']) {
        await repos.projection.ensureHousehold(newId(), village, `${village.slice(0, 9)}000`, '510681');
      }
      const job = await queue.add(NIGHTLY_JOB, { countyCode: '510681' }, { jobId: `nightly-test-${newId()}` });
      let state = '';
      for (let i = 0; i < 300 && state !== 'completed' && state !== 'failed'; i++) {
        state = await job.getState();
        if (state !== 'completed') await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe('completed');
      const runs = await app.dataSource.query("SELECT status, done, total FROM rescore_run WHERE requested_by = 'nightly'");
      expect(runs).toEqual([{ status: 'DONE', done: 2, total: 2 }]);
      expect(Number((await app.dataSource.query('SELECT COUNT(*) AS n FROM credit_score'))[0].n)).toBe(2);
      const [batch] = await app.dataSource.query("SELECT detail FROM audit_log WHERE action = 'SCORE_BATCH'");
      expect(await server.metrics.registry.getSingleMetricAsString('credit_rescored_households_total')).toMatch(/credit_rescored_households_total\{[^}]*\} 2$/m);
      expect(typeof batch.detail === 'string' ? JSON.parse(batch.detail) : batch.detail).toMatchObject({ households: 2, countyCode: '510681' });
    } finally {
      await queue.close();
    }
  });
});

describe('event consumer', () => {
  it('applies an event once and counts the redelivery as a duplicate', async () => {
    const queue = createQueue(EventQueues.credit, { connection: redis, prefix: eventsQueuePrefix(base) });
    try {
      const householdId = newId();
      const envelope = { id: newId(), topic: Topics.HOUSEHOLD_CREATED, occurredAt: new Date().toISOString(), payload: { householdId, villageCode: '510681106001', headUserId: newId() } };
      for (const jobId of [envelope.id, `${envelope.id}-redelivered`]) {
        const job = await queue.add(envelope.topic, envelope, { jobId });
        let state = '';
        for (let i = 0; i < 300 && state !== 'completed' && state !== 'failed'; i++) {
          state = await job.getState();
          if (state !== 'completed') await new Promise((r) => setTimeout(r, 100));
        }
        expect(state).toBe('completed');
      }
      const metric = await server.metrics.registry.getSingleMetricAsString('credit_events_total');
      expect(metric).toMatch(/outcome="APPLIED"[^\n]*topic="identity.household.created"[^\n]* 1$|topic="identity.household.created"[^\n]*outcome="APPLIED"[^\n]* 1$/m);
      expect(metric).toMatch(/DUPLICATE[^\n]* 1$/m);
      const audits = await app.dataSource.query("SELECT COUNT(*) AS n FROM audit_log WHERE household_id = ? AND action = 'SCORE_COMPUTED'", [householdId]);
      expect(Number(audits[0].n)).toBe(1);
    } finally {
      await queue.close();
    }
  });
});
