import { createQueue, groupBy, queuePrefix } from '@gongzhi/subgraph-kit';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';

/** One queue per county, `<base>:{<county>}:issues-sla`, so a county's workers scale alone. */
export const SLA_QUEUE = 'issues-sla';
export const SlaJob = { FIRE: 'sla.fire', SWEEP: 'sla.sweep', WEBHOOK: 'webhook.deliver' } as const;

export interface WebhookPayload {
  deliveryId: string;
}
export const SWEEP_SCHEDULER_ID = 'sla-sweeper';

export interface FirePayload {
  issueId: string;
  kind: string;
  /** Planned instant (ms); part of the job id so a re-armed reminder gets a fresh wake-up call. */
  fireAt: number;
}

export interface SweepPayload {
  county: string;
}

export interface ScheduledReminder {
  issueId: string;
  kind: string;
  countyCode: string;
  fireAt: Date;
}

/** Deterministic: the delayed job and the sweeper's re-creation of it are one job. */
export function fireJobId(issueId: string, kind: string, fireAt: Date | number): string {
  return `${issueId}_${kind}_${typeof fireAt === 'number' ? fireAt : fireAt.getTime()}`;
}

/** The wake-up calls; losing them delays a reminder by at most one sweep, never skips it. */
export interface SlaScheduler {
  schedule(reminders: ScheduledReminder[]): Promise<void>;
  unschedule(reminders: ScheduledReminder[]): Promise<void>;
  /** Webhook deliveries ride the county's queue too; the row is the truth, the job the wake-up call. */
  enqueueDeliveries(county: string, ids: string[]): Promise<void>;
  /** Whether the county's queue still holds the wake-up calls (false after a flush or a failover to an empty Redis). */
  isArmed(county: string): Promise<boolean>;
  markArmed(county: string): Promise<void>;
}

const ADD_BULK_MAX = 2000;

export class BullSlaScheduler implements SlaScheduler {
  private readonly queues = new Map<string, Queue<FirePayload>>();

  constructor(
    private readonly connection: Redis,
    private readonly base: string,
    private readonly now: () => number = Date.now,
    private readonly webhookRetry: { attempts: number; backoffMs: number } = { attempts: 8, backoffMs: 5000 },
  ) {}

  async enqueueDeliveries(county: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.queue(county).addBulk(
      ids.map((deliveryId) => ({
        name: SlaJob.WEBHOOK,
        data: { deliveryId },
        opts: { jobId: `wh_${deliveryId}`, attempts: this.webhookRetry.attempts, backoff: { type: 'exponential', delay: this.webhookRetry.backoffMs } },
      })) as never,
    );
  }

  queue(county: string): Queue<FirePayload> {
    let q = this.queues.get(county);
    if (!q) {
      q = createQueue<FirePayload>(SLA_QUEUE, {
        connection: this.connection,
        prefix: queuePrefix(county, this.base),
        defaultJobOptions: { removeOnComplete: { age: 3600, count: 50_000 } },
      });
      this.queues.set(county, q);
    }
    return q;
  }

  async schedule(reminders: ScheduledReminder[]): Promise<void> {
    const byCounty = groupBy(reminders, (r) => r.countyCode);
    // BullMQ counts a delay from the job's timestamp, which defaults to when the Job object is made:
    // pinning it to the instant the delays were computed keeps the later chunks of a big schedule
    // from firing late by however long the earlier chunks took to add (read after `now`: never early).
    const now = this.now();
    const wall = Date.now();
    for (const [county, rows] of byCounty) {
      // addBulk is one MULTI; a few thousand jobs a call keeps each short.
      for (let i = 0; i < rows.length; i += ADD_BULK_MAX) {
        await this.queue(county).addBulk(
          rows.slice(i, i + ADD_BULK_MAX).map((r) => ({
            name: SlaJob.FIRE,
            data: { issueId: r.issueId, kind: r.kind, fireAt: r.fireAt.getTime() },
            opts: { jobId: fireJobId(r.issueId, r.kind, r.fireAt), timestamp: wall, delay: Math.max(0, r.fireAt.getTime() - now) },
          })) as never,
        );
      }
    }
  }

  // A marker in the county's hash slot: Redis runs with noeviction (BullMQ needs it), so data is lost
  // all at once (flush, failover) and a missing marker means every wake-up call must be re-created.
  private armedKey(county: string): string {
    return `${queuePrefix(county, this.base)}:${SLA_QUEUE}:armed`;
  }

  async isArmed(county: string): Promise<boolean> {
    return (await this.connection.exists(this.armedKey(county))) === 1;
  }

  async markArmed(county: string): Promise<void> {
    await this.connection.set(this.armedKey(county), new Date().toISOString());
  }

  async unschedule(reminders: ScheduledReminder[]): Promise<void> {
    for (const r of reminders) {
      // A job already running finds its row CANCELLED and does nothing.
      await this.queue(r.countyCode).remove(fireJobId(r.issueId, r.kind, r.fireAt)).catch(() => 0);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
