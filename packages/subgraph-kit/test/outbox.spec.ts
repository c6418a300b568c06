import { QueueEvents } from 'bullmq';
import pino from 'pino';
import type { Redis } from 'ioredis';
import { createDataSource, openDataSource, type Transactor, typeormTransactor } from '../src/data-source';
import { CreateOutbox1763800000000, OutboxEventEntity, OutboxRelay, recordEvent } from '../src/outbox';
import { createQueue, createRedis, createWorker, queuePrefix } from '../src/queue';
import { createTestDatabase, uniqueTestName } from '../src/testing';
import type { DataSource, EntityManager } from 'typeorm';

// The outbox against the real MariaDB and Redis: nothing is published that was rolled back,
// everything committed is published, and publishing twice is still one job.
let db: { url: string; drop: () => Promise<void> };
let dataSource: DataSource;
let redis: Redis;
let tx: Transactor<EntityManager>;
const logger = pino({ level: 'silent' });
const prefix = queuePrefix(uniqueTestName('outbox').replace(/[^A-Za-z0-9_]/g, ''));

beforeAll(async () => {
  db = await createTestDatabase('kit_outbox');
  dataSource = createDataSource({ url: db.url, entities: [OutboxEventEntity], migrations: [CreateOutbox1763800000000] });
  await openDataSource(dataSource, db.url, logger);
  redis = createRedis('redis://127.0.0.1:6379');
  tx = typeormTransactor(dataSource, (m) => m);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await dataSource.destroy();
  await db.drop();
});

it('publishes committed events once, and never rolled-back ones', async () => {
  const queue = createQueue('test-events', { connection: redis, prefix });
  await tx.run((m) => recordEvent(m, 'test.happened', { n: 1 }));
  await tx
    .run(async (m) => {
      await recordEvent(m, 'test.happened', { n: 2 });
      throw new Error('roll back');
    })
    .catch(() => undefined);
  const relay = new OutboxRelay({ dataSource, routes: { 'test.happened': [queue] }, logger });
  expect(await relay.relayOnce()).toBe(1);
  expect(await relay.relayOnce()).toBe(0);

  // A crash between add and marking published re-adds the same job id: still one job.
  const [row] = await dataSource.getRepository(OutboxEventEntity).find();
  await dataSource.getRepository(OutboxEventEntity).update({ id: row.id }, { publishedAt: null });
  expect(await relay.relayOnce()).toBe(1);
  const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed']);
  expect(jobs).toHaveLength(1);
  expect(jobs[0].id).toBe(row.id);
  expect(jobs[0].data).toMatchObject({ id: row.id, topic: 'test.happened', payload: { n: 1 } });
  await queue.close();
});

it('delivers to a worker with one handler per job name; an unknown name fails', async () => {
  const queue = createQueue('test-worker', { connection: redis, prefix, defaultJobOptions: { attempts: 1 } });
  const eventsConnection = createRedis('redis://127.0.0.1:6379', 'worker');
  const workerConnection = createRedis('redis://127.0.0.1:6379', 'worker');
  const events = new QueueEvents('test-worker', { connection: eventsConnection, prefix });
  await events.waitUntilReady();
  const seen: unknown[] = [];
  const worker = createWorker('test-worker', { known: async (job) => seen.push(job.data) }, { connection: workerConnection, prefix, logger });
  const ok = await queue.add('known', { a: 1 });
  const bad = await queue.add('unknown', { a: 2 });
  await ok.waitUntilFinished(events, 10_000);
  await expect(bad.waitUntilFinished(events, 10_000)).rejects.toThrow(/no handler for job "unknown"/);
  expect(seen).toEqual([{ a: 1 }]);
  await worker.close();
  await events.close();
  await queue.close();
  // BullMQ leaves connections it was given open.
  eventsConnection.disconnect();
  workerConnection.disconnect();
});

it('sends recent rows again when Redis lost the queue, and only those', async () => {
  const queue = createQueue('test-intact', { connection: redis, prefix });
  const relay = new OutboxRelay({ dataSource, routes: { 'test.intact': [queue] }, logger, replayWindowMs: 3600_000 });
  const rows = dataSource.getRepository(OutboxEventEntity);
  await tx.run((m) => recordEvent(m, 'test.intact', { n: 'old' }));
  await tx.run((m) => recordEvent(m, 'test.intact', { n: 'recent' }));
  await relay.checkQueuesIntact();
  while ((await relay.relayOnce()) > 0);
  const [old, recent] = (await rows.find({ where: { topic: 'test.intact' }, order: { id: 'ASC' } })).map((r) => r.id);
  // Published two hours ago: outside the replay window, as if consumed long since.
  await rows.update({ id: old }, { publishedAt: new Date(Date.now() - 2 * 3600_000) });
  const jobIds = async () => (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).map((j) => j.id).sort();
  expect(await jobIds()).toEqual([old, recent].sort());

  // Redis intact: nothing to do.
  expect(await relay.checkQueuesIntact()).toBe(0);

  // Redis loses the queue's data (a flush or a failover to an empty replica).
  const keys = await redis.keys(`${prefix}:test-intact*`);
  await redis.del(...keys);
  expect(await jobIds()).toEqual([]);
  expect(await relay.checkQueuesIntact()).toBeGreaterThanOrEqual(1);
  while ((await relay.relayOnce()) > 0);
  expect(await jobIds()).toEqual([recent]);
  const [job] = await queue.getJobs(['waiting']);
  expect(job.data).toMatchObject({ id: recent, topic: 'test.intact', payload: { n: 'recent' } });
  expect((await rows.findOneByOrFail({ id: old })).publishedAt!.getTime()).toBeLessThan(Date.now() - 3600_000);
  // Marked again: the next check finds the queue intact.
  expect(await relay.checkQueuesIntact()).toBe(0);
  await queue.close();
});

it('deletes published rows past the retention, never unpublished ones or those a replay could need', async () => {
  expect(() => new OutboxRelay({ dataSource, routes: {}, logger, replayWindowMs: 3600_000, retentionMs: 60_000 })).toThrow(/shorter than the replay window/);
  const relay = new OutboxRelay({ dataSource, routes: {}, logger, replayWindowMs: 3600_000, retentionMs: 4 * 3600_000 });
  const rows = dataSource.getRepository(OutboxEventEntity);
  for (const n of ['old', 'kept', 'waiting']) await tx.run((m) => recordEvent(m, 'test.purge', { n }));
  const [old, kept, waiting] = (await rows.find({ where: { topic: 'test.purge' }, order: { id: 'ASC' } })).map((r) => r.id);
  await rows.update({ id: old }, { publishedAt: new Date(Date.now() - 5 * 3600_000) });
  await rows.update({ id: kept }, { publishedAt: new Date(Date.now() - 3 * 3600_000) });
  // `waiting` stays unpublished, however old: it still has to go out.
  await rows.update({ id: waiting }, { createdAt: new Date(Date.now() - 30 * 24 * 3600_000) });

  expect(await relay.purgePublished()).toBe(1);
  expect((await rows.find({ where: { topic: 'test.purge' }, order: { id: 'ASC' } })).map((r) => r.id)).toEqual([kept, waiting]);
  expect(await relay.purgePublished()).toBe(0);
});
