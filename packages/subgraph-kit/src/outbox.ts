import 'reflect-metadata';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Column, Entity, Index, PrimaryColumn, type DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/** An event written in the same transaction as the change it announces. */
@Entity('outbox_event')
@Index('idx_outbox_unpublished', ['publishedAt', 'id'])
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @Column({ type: 'json' })
  payload: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}

/** Each service lists this among its migrations (its own database, its own outbox). */
export class CreateOutbox1763800000000 implements MigrationInterface {
  name = 'CreateOutbox1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox_event (
      id CHAR(36) NOT NULL PRIMARY KEY,
      topic VARCHAR(100) NOT NULL,
      payload JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      published_at DATETIME(3) NULL,
      KEY idx_outbox_unpublished (published_at, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox_event');
  }
}

export interface EventEnvelope<P = Record<string, unknown>> {
  id: string;
  topic: string;
  occurredAt: string;
  payload: P;
}

/** Call inside the transaction that makes the change. */
export async function recordEvent(manager: EntityManager, topic: string, payload: Record<string, unknown>): Promise<string> {
  const id = uuidv7();
  await manager.insert(OutboxEventEntity, { id, topic, payload: payload as never, createdAt: new Date(), publishedAt: null });
  return id;
}

/** Many events of one topic in one multi-row insert (bulk imports and postings). */
export async function recordEvents(manager: EntityManager, topic: string, payloads: Record<string, unknown>[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < payloads.length; i += 1000) {
    const rows = payloads.slice(i, i + 1000).map((payload) => ({ id: uuidv7(), topic, payload: payload as never, createdAt: now, publishedAt: null }));
    await manager.createQueryBuilder().insert().into(OutboxEventEntity).values(rows).execute();
  }
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** topic → queues that consume it (one queue per consuming service). */
  routes: Record<string, Queue[]>;
  logger: Logger;
  batchSize?: number;
  intervalMs?: number;
  /** How often the relay checks that Redis still holds what it published (see `checkQueuesIntact`). */
  intactCheckMs?: number;
  /** When Redis lost its data, rows published this far back are sent again (consumers skip what they have). */
  replayWindowMs?: number;
  /** Published rows are deleted once this old (never inside the replay window); default 7 days. */
  retentionMs?: number;
  /** How often the relay deletes them. */
  purgeEveryMs?: number;
}

const DAY_MS = 24 * 3600_000;
const PURGE_BATCH = 5000;
const PURGE_BATCHES_PER_TURN = 20;

/**
 * Moves committed outbox rows to BullMQ. The outbox id is the job id, so a row published
 * twice (process died after `add`, before marking) is still one job; consumers are
 * idempotent on the same id.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private lastIntactCheck = 0;
  private lastPurge = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    const { replayWindowMs = DAY_MS, retentionMs = 7 * DAY_MS } = options;
    // A replay needs the rows it replays.
    if (retentionMs < replayWindowMs) throw new Error(`outbox retention (${retentionMs} ms) is shorter than the replay window (${replayWindowMs} ms)`);
  }

  private queues(): Queue[] {
    return [...new Set(Object.values(this.options.routes).flat())];
  }

  /** The ioredis client the queue was made with (createQueue always passes one). */
  private static redisOf(queue: Queue): Redis {
    return queue.opts.connection as unknown as Redis;
  }

  /**
   * A marker in each destination queue's hash slot, one per producing outbox (several services
   * feed one queue, and each must notice the loss and send its own rows again).
   */
  private markerKey(queue: Queue): string {
    const producer = String((this.options.dataSource.options as { database?: string }).database ?? 'outbox');
    return `${queue.opts.prefix}:${queue.name}:outbox-intact:${producer}`;
  }

  /**
   * A published row is in Redis, not yet necessarily consumed: if Redis loses its data (a flush,
   * a failover to an empty replica; it runs with noeviction, so it never drops keys one by one)
   * waiting jobs are gone. A missing marker says so; the rows published within the replay
   * window go back to unpublished and the relay sends them again. Consumers take each event
   * once by its id, so what they already had changes nothing. Returns how many rows were reset.
   */
  async checkQueuesIntact(): Promise<number> {
    const queues = this.queues();
    if (!queues.length) return 0;
    const missing: Queue[] = [];
    for (const queue of queues) if ((await OutboxRelay.redisOf(queue).exists(this.markerKey(queue))) !== 1) missing.push(queue);
    if (!missing.length) return 0;
    const { dataSource, logger, replayWindowMs = DAY_MS } = this.options;
    const since = new Date(Date.now() - replayWindowMs);
    // Reset first, mark after: a crash in between only means one more (harmless) replay.
    const result = await dataSource.query('UPDATE outbox_event SET published_at = NULL WHERE published_at >= ?', [since]);
    const reset = Number(result?.affectedRows ?? 0);
    for (const queue of missing) await OutboxRelay.redisOf(queue).set(this.markerKey(queue), new Date().toISOString());
    if (reset) logger.warn({ queues: missing.map((q) => q.name), reset, since }, 'Redis lost the queues\' data: sending the recent outbox rows again');
    return reset;
  }

  /**
   * Deletes rows published longer ago than the retention, up to `maxBatches` statements of
   * PURGE_BATCH rows (the relay calls again on its next turn while there are more, so a large
   * backlog never holds up publishing); unpublished rows are never touched. Returns how many went.
   */
  async purgePublished(now = new Date(), maxBatches = PURGE_BATCHES_PER_TURN): Promise<number> {
    const { dataSource, logger, retentionMs = 7 * DAY_MS } = this.options;
    const before = new Date(now.getTime() - retentionMs);
    let purged = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      // READ COMMITTED: no gap lock next to the unpublished rows, where every new event is inserted.
      const deleted = await dataSource.transaction('READ COMMITTED', async (manager) => {
        const result = await manager.query('DELETE FROM outbox_event WHERE published_at < ? ORDER BY published_at LIMIT ?', [before, PURGE_BATCH]);
        return Number(result?.affectedRows ?? 0);
      });
      purged += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    if (purged) logger.info({ purged, before }, 'outbox: deleted rows published before the retention');
    return purged;
  }

  /** One turn of purging; while a backlog remains, the next turn purges again instead of waiting purgeEveryMs. */
  private async purgeTurn(): Promise<void> {
    const purged = await this.purgePublished();
    if (purged < PURGE_BATCHES_PER_TURN * PURGE_BATCH) this.lastPurge = Date.now();
  }

  async relayOnce(): Promise<number> {
    const { dataSource, routes, batchSize = 200 } = this.options;
    // READ COMMITTED: under REPEATABLE READ the locking scan also locks the gap after the last
    // unpublished row, so every transaction writing an event would wait for the relay to finish.
    return dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows: OutboxEventEntity[] = await manager
        .createQueryBuilder(OutboxEventEntity, 'e')
        .where('e.published_at IS NULL')
        .orderBy('e.id', 'ASC')
        .limit(batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (!rows.length) return 0;
      // One addBulk per destination queue: a bulk import produces thousands of events at once.
      const perQueue = new Map<Queue, Array<{ name: string; data: EventEnvelope; opts: { jobId: string } }>>();
      for (const row of rows) {
        const envelope: EventEnvelope = { id: row.id, topic: row.topic, occurredAt: row.createdAt.toISOString(), payload: row.payload };
        for (const queue of routes[row.topic] ?? []) {
          if (!perQueue.has(queue)) perQueue.set(queue, []);
          perQueue.get(queue)!.push({ name: row.topic, data: envelope, opts: { jobId: row.id } });
        }
      }
      for (const [queue, jobs] of perQueue) await queue.addBulk(jobs);
      await manager
        .createQueryBuilder()
        .update(OutboxEventEntity)
        .set({ publishedAt: new Date() })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      return rows.length;
    });
  }

  start(): void {
    const { intervalMs = 250, intactCheckMs = 5000, purgeEveryMs = 600_000, logger } = this.options;
    const tick = async () => {
      const checkIntact = Date.now() - this.lastIntactCheck >= intactCheckMs;
      const purge = Date.now() - this.lastPurge >= purgeEveryMs;
      this.running = (checkIntact ? this.checkQueuesIntact().then(() => (this.lastIntactCheck = Date.now())) : Promise.resolve())
        .then(() => (purge ? this.purgeTurn() : undefined))
        .then(() => this.relayOnce())
        .catch((err) => {
        logger.warn({ err: (err as Error).message }, 'outbox relay failed; will retry');
        return 0;
      });
      const relayed = await this.running;
      this.running = null;
      if (this.timer !== null) this.timer = setTimeout(tick, relayed > 0 ? 0 : intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
