import { groupBy, newId, type Transactor } from '@gongzhi/subgraph-kit';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { IssueAction, IssueStatus, transition } from '../issues/workflow.service';
import type { IssueEntity, IssueEventEntity } from '../issues/issue.entity';
import type { NotificationEntity } from '../notifications/notification.entity';
import type { IssuesRepositories } from '../repositories';
import { WebhookService } from '../webhooks/webhook.service';
import type { IssueEscalationEntity } from './sla.entity';
import type { ScheduledReminder, SlaScheduler } from './sla.jobs';
import { Coalescer } from './sla-batch.service';
import { RESPONSE_KINDS_PREFIX, SlaKind } from './sla-plan.service';

export type FireOutcome = 'FIRED' | 'SKIPPED' | 'NOT_YET';

export interface ReminderRef {
  issueId: string;
  kind: string;
}

export interface SlaServiceOptions {
  /** Test hook, runs inside the firing transaction just before it commits, once per reminder fired. */
  beforeCommit?: (issueId: string, kind: string) => Promise<void>;
  /** Called after a reminder committed, with how late it fired (metrics). */
  onFired?: (kind: string, latenessMs: number) => void;
  /** Most reminders one transaction fires (default 200). */
  maxBatch?: number;
  /** Firing transactions this process runs at once (default 2). */
  batchConcurrency?: number;
  /**
   * How long a reminder that finds no batch forming waits for others (default 20 ms). At a few
   * hundred reminders a second this turns one transaction per reminder into one per several, for a
   * few milliseconds of lateness against a target of a second.
   */
  batchLingerMs?: number;
}

export function townshipOf(villageCode: string): string {
  return `${villageCode.slice(0, 9)}000`;
}

/** What a batch of reminders writes, collected first and written with one statement per table. */
interface Effects {
  notifications: NotificationEntity[];
  overdue: string[];
  closed: Map<string, string[]>;
  escalations: IssueEscalationEntity[];
  events: IssueEventEntity[];
  announcements: Array<{ issue: IssueEntity; kind: string; status: string }>;
}

/**
 * Fires reminders exactly once: the reminder rows are locked and flipped PENDING → FIRED in the
 * same transaction as their effects (inbox rows, escalation, timeline). A second firing — the
 * sweeper racing the delayed job, a job retried after its worker died — finds FIRED and stops.
 *
 * Concurrent `fire` calls (a worker's jobs) are coalesced: while a firing transaction runs, the
 * calls that arrive wait and then go together in the next one. Per reminder, the cost of a
 * transaction (a dozen round trips and a commit) was the whole cost; per batch it is shared.
 */
export class SlaService {
  private readonly batcher: Coalescer<ReminderRef, FireOutcome | 'FAILED'>;

  constructor(
    private readonly tx: Transactor<IssuesRepositories>,
    private readonly scheduler: SlaScheduler,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SlaServiceOptions = {},
  ) {
    this.batcher = new Coalescer((refs) => this.fireMany(refs), options.maxBatch ?? 200, options.batchConcurrency ?? 2, options.batchLingerMs ?? 20);
  }

  /** Fires one reminder; throws when it could not be written (the job fails, the row stays PENDING for the sweeper). */
  async fire(issueId: string, kind: string): Promise<FireOutcome> {
    const outcome = await this.batcher.submit({ issueId, kind });
    if (outcome === 'FAILED') throw new Error(`reminder ${kind} of issue ${issueId} could not be fired`);
    return outcome;
  }

  /**
   * One transaction for the batch. Should it fail (a row no transaction can write), each reminder
   * is tried alone, so one bad row holds back no other; its outcome is FAILED.
   */
  async fireMany(refs: readonly ReminderRef[]): Promise<Array<FireOutcome | 'FAILED'>> {
    if (!refs.length) return [];
    try {
      return await this.fireBatch(refs);
    } catch (err) {
      if (refs.length > 1) this.logger.warn({ err: (err as Error).message, reminders: refs.length }, 'a batch of reminders failed; firing them one by one');
      const out: Array<FireOutcome | 'FAILED'> = [];
      for (const ref of refs) {
        out.push(
          await (refs.length > 1 ? this.fireBatch([ref]) : Promise.reject(err)).then(
            (o) => o[0],
            (e: Error) => {
              this.logger.warn({ issueId: ref.issueId, kind: ref.kind, err: e.message }, 'reminder could not be fired');
              return 'FAILED' as const;
            },
          ),
        );
      }
      return out;
    }
  }

  private async fireBatch(refs: readonly ReminderRef[]): Promise<FireOutcome[]> {
    const result = await this.tx.run(async (repos) => {
      // Issues first, then reminders, each in key order: the lock order of a transition, so neither deadlocks.
      const issueIds = [...new Set(refs.map((r) => r.issueId))].sort();
      const issues = new Map((await repos.issues.findByIdsForUpdate(issueIds)).map((i) => [i.id, i]));
      const reminders = new Map((await repos.sla.lockManyForFiring(uniqueRefs(refs))).map((r) => [reminderKeyOf(r), r]));
      const now = this.clock.now();
      const effects: Effects = { notifications: [], overdue: [], closed: new Map(), escalations: [], events: [], announcements: [] };
      const outcomes: FireOutcome[] = [];
      const fired: Array<ReminderRef & { fireAt: Date }> = [];
      const done = new Set<string>();
      for (const ref of refs) {
        const key = reminderKeyOf(ref);
        const issue = issues.get(ref.issueId);
        const reminder = reminders.get(key);
        if (!issue || !reminder || reminder.status !== 'PENDING' || done.has(key)) {
          outcomes.push('SKIPPED');
        } else if (reminder.fireAt.getTime() > now.getTime()) {
          outcomes.push('NOT_YET');
        } else {
          done.add(key);
          this.effects(issue, ref.kind, now, effects);
          outcomes.push('FIRED');
          fired.push({ ...ref, fireAt: reminder.fireAt });
        }
      }
      if (!fired.length) return { outcomes, fired, deliveries: [] as Array<[string, string[]]> };
      await repos.issues.updateMany(effects.overdue, { overdueAt: now });
      for (const [status, ids] of effects.closed) await repos.issues.updateMany(ids, { status, closedAt: now });
      await repos.sla.insertEscalations(effects.escalations);
      await repos.issues.addEvents(effects.events);
      const deliveries: Array<[string, string[]]> = [];
      for (const [county, changes] of groupBy(effects.announcements, (a) => a.issue.countyCode)) {
        deliveries.push([county, await WebhookService.announceMany(repos, changes, now)]);
      }
      await repos.notifications.insert(effects.notifications);
      await repos.sla.markFiredMany(fired, now);
      if (this.options.beforeCommit) for (const f of fired) await this.options.beforeCommit(f.issueId, f.kind);
      return { outcomes, fired, deliveries };
    });
    // Lateness as the inbox sees it: until the commit, not until the decision inside the transaction.
    const committedAt = this.clock.now().getTime();
    for (const f of result.fired) this.options.onFired?.(f.kind.startsWith(RESPONSE_KINDS_PREFIX) ? 'REMIND' : f.kind, committedAt - f.fireAt.getTime());
    for (const [county, ids] of result.deliveries) if (ids.length) await this.scheduler.enqueueDeliveries(county, ids).catch(() => undefined);
    return result.outcomes;
  }

  /**
   * The effects of one reminder, applied to the locked snapshot as well (status, overdue) so a later
   * reminder of the same issue in the batch sees what the earlier one did, as if fired one by one.
   */
  private effects(issue: IssueEntity, kind: string, now: Date, out: Effects): void {
    const note = (recipient: { userId?: string; region?: string }, k: string, message: string) =>
      out.notifications.push({
        id: newId(),
        issueId: issue.id,
        kind: k,
        recipientUserId: recipient.userId ?? null,
        audienceRegion: recipient.region ?? null,
        message: message.slice(0, 200),
        createdAt: now,
      });
    const title = issue.title.length > 40 ? `${issue.title.slice(0, 40)}…` : issue.title;
    if (kind.startsWith(RESPONSE_KINDS_PREFIX)) {
      if (issue.firstResponseAt) return;
      note({ region: issue.villageCode }, 'SLA_REMINDER', `「${title}」 needs a response by ${issue.dueAt.toISOString()}`);
    } else if (kind === SlaKind.OVERDUE) {
      if (issue.firstResponseAt) return;
      const township = townshipOf(issue.villageCode);
      issue.overdueAt = now;
      out.overdue.push(issue.id);
      out.escalations.push({ issueId: issue.id, townshipCode: township, villageCode: issue.villageCode, dueAt: issue.dueAt, escalatedAt: now });
      out.events.push({
        id: newId(),
        issueId: issue.id,
        kind: 'ESCALATED',
        actorUserId: null,
        fromStatus: issue.status,
        toStatus: issue.status,
        note: `No response within the deadline; escalated to township ${township}`,
        occurredAt: now,
      });
      out.announcements.push({ issue, kind: 'ESCALATED', status: issue.status });
      note({ region: township }, 'ESCALATION', `「${title}」 in ${issue.villageCode} is overdue and escalated to the township`);
      note({ region: issue.villageCode }, 'OVERDUE', `「${title}」 is overdue`);
    } else if (kind === SlaKind.RATE_REMINDER) {
      if (issue.status !== IssueStatus.RESOLVED && issue.status !== IssueStatus.EXPLAINED) return;
      note({ userId: issue.raiserUserId }, 'RATE_REQUEST', `Please rate the answer to 「${title}」`);
    } else if (kind === SlaKind.AUTO_CLOSE) {
      if (issue.status !== IssueStatus.RESOLVED && issue.status !== IssueStatus.EXPLAINED) return;
      const t = transition({ status: issue.status as IssueStatus, reopenCount: issue.reopenCount, rating: issue.rating }, IssueAction.CLOSE_UNRATED, 'SYSTEM');
      issue.status = t.to;
      issue.closedAt = now;
      out.closed.set(t.to, [...(out.closed.get(t.to) ?? []), issue.id]);
      out.events.push({
        id: newId(),
        issueId: issue.id,
        kind: 'CLOSED_UNRATED',
        actorUserId: null,
        fromStatus: t.from,
        toStatus: t.to,
        note: null,
        occurredAt: now,
      });
      out.announcements.push({ issue, kind: 'CLOSED_UNRATED', status: t.to });
      note({ userId: issue.raiserUserId }, 'STATUS_CHANGED', `「${title}」 was closed without a rating`);
    } else {
      this.logger.warn({ issueId: issue.id, kind }, 'unknown reminder kind; marking fired');
    }
  }

  /**
   * The repair pass, run by the BullMQ job scheduler: fires every pending reminder that is due
   * (whatever Redis lost) and, when the county's queue lost its data, re-creates every wake-up call.
   */
  async sweep(county: string, horizonMs: number, batch = 500): Promise<{ fired: number; rescheduled: number }> {
    let fired = 0;
    for (;;) {
      const due = await this.tx.run((repos) => repos.sla.pendingBefore(county, this.clock.now(), batch));
      const size = this.options.maxBatch ?? 200;
      let round = 0;
      for (let i = 0; i < due.length; i += size) {
        const outcomes = await this.fireMany(due.slice(i, i + size).map((r) => ({ issueId: r.issueId, kind: r.kind })));
        round += outcomes.filter((o) => o === 'FIRED').length;
      }
      fired += round;
      // A full page that fired nothing is rows that fail every time: the next sweep tries again.
      if (due.length < batch || round === 0) break;
    }
    const now = this.clock.now().getTime();
    let rescheduled = 0;
    if (!(await this.scheduler.isArmed(county))) {
      // Re-adding is idempotent (deterministic job ids), so racing API processes or a second sweeper do no harm.
      let cursor: { fireAt: Date; issueId: string; kind: string } | null = null;
      for (;;) {
        const page: ScheduledReminder[] = await this.tx.run((repos) => repos.sla.pendingAfter(county, new Date(now), cursor, 2000));
        if (!page.length) break;
        await this.scheduler.schedule(page);
        rescheduled += page.length;
        const last: ScheduledReminder = page[page.length - 1];
        cursor = { fireAt: last.fireAt, issueId: last.issueId, kind: last.kind };
      }
      await this.scheduler.markArmed(county);
      this.logger.warn({ county, rescheduled }, 'the SLA queue had lost its data; wake-up calls re-created from the database');
    }
    // Deliveries whose wake-up call Redis lost (or that were written by a process that died first).
    const stale = await this.tx.run((repos) => repos.webhooks.pending(county, new Date(now - horizonMs), 1000));
    if (stale.length) await this.scheduler.enqueueDeliveries(county, stale.map((d) => d.id));
    if (fired) this.logger.info({ county, fired }, 'sweeper fired reminders that no wake-up call delivered');
    return { fired, rescheduled };
  }
}

function reminderKeyOf(ref: ReminderRef): string {
  return `${ref.issueId}/${ref.kind}`;
}

function uniqueRefs(refs: readonly ReminderRef[]): ReminderRef[] {
  const seen = new Map<string, ReminderRef>();
  for (const r of refs) seen.set(reminderKeyOf(r), { issueId: r.issueId, kind: r.kind });
  return [...seen.values()];
}
