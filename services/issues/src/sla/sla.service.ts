import { newId, type Transactor } from '@gongzhi/subgraph-kit';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { IssueAction, IssueStatus, transition } from '../issues/workflow.service';
import type { IssueEntity } from '../issues/issue.entity';
import type { IssuesRepositories } from '../repositories';
import { WebhookService } from '../webhooks/webhook.service';
import type { ScheduledReminder, SlaScheduler } from './sla.jobs';
import { RESPONSE_KINDS_PREFIX, SlaKind } from './sla-plan.service';

export type FireOutcome = 'FIRED' | 'SKIPPED' | 'NOT_YET';

export interface SlaServiceOptions {
  /** Test hook, runs inside the firing transaction just before it commits. */
  beforeCommit?: (issueId: string, kind: string) => Promise<void>;
  /** Called after a reminder committed, with how late it fired (metrics). */
  onFired?: (kind: string, latenessMs: number) => void;
}

export function townshipOf(villageCode: string): string {
  return `${villageCode.slice(0, 9)}000`;
}

/**
 * Fires reminders exactly once: the reminder row is locked and flipped PENDING → FIRED in the
 * same transaction as its effects (inbox rows, escalation, timeline). A second firing — the
 * sweeper racing the delayed job, a job retried after its worker died — finds FIRED and stops.
 */
export class SlaService {
  constructor(
    private readonly tx: Transactor<IssuesRepositories>,
    private readonly scheduler: SlaScheduler,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SlaServiceOptions = {},
  ) {}

  async fire(issueId: string, kind: string): Promise<FireOutcome> {
    let lateness = 0;
    const deliveries: string[] = [];
    let county = '';
    const outcome = await this.tx.run(async (repos): Promise<FireOutcome> => {
      // Issue first, then reminder: the same lock order as a transition, so they never deadlock.
      const issue = await repos.issues.findByIdForUpdate(issueId);
      const reminder = await repos.sla.lockForFiring(issueId, kind);
      if (!issue || !reminder || reminder.status !== 'PENDING') return 'SKIPPED';
      const now = this.clock.now();
      if (reminder.fireAt.getTime() > now.getTime()) return 'NOT_YET';
      county = issue.countyCode;
      await this.effects(repos, issue, kind, now, deliveries);
      await repos.sla.markFired(issueId, kind, now);
      await this.options.beforeCommit?.(issueId, kind);
      lateness = now.getTime() - reminder.fireAt.getTime();
      return 'FIRED';
    });
    if (deliveries.length) await this.scheduler.enqueueDeliveries(county, deliveries).catch(() => undefined);
    if (outcome === 'FIRED') this.options.onFired?.(kind.startsWith(RESPONSE_KINDS_PREFIX) ? 'REMIND' : kind, lateness);
    return outcome;
  }

  private async effects(repos: IssuesRepositories, issue: IssueEntity, kind: string, now: Date, deliveries: string[]): Promise<void> {
    const note = (recipient: { userId?: string; region?: string }, k: string, message: string) =>
      repos.notifications.insert([
        {
          id: newId(),
          issueId: issue.id,
          kind: k,
          recipientUserId: recipient.userId ?? null,
          audienceRegion: recipient.region ?? null,
          message: message.slice(0, 200),
          createdAt: now,
        },
      ]);
    const title = issue.title.length > 40 ? `${issue.title.slice(0, 40)}…` : issue.title;
    if (kind.startsWith(RESPONSE_KINDS_PREFIX)) {
      if (issue.firstResponseAt) return;
      await note({ region: issue.villageCode }, 'SLA_REMINDER', `「${title}」 needs a response by ${issue.dueAt.toISOString()}`);
    } else if (kind === SlaKind.OVERDUE) {
      if (issue.firstResponseAt) return;
      const township = townshipOf(issue.villageCode);
      await repos.issues.update(issue.id, { overdueAt: now });
      await repos.sla.insertEscalation({ issueId: issue.id, townshipCode: township, villageCode: issue.villageCode, dueAt: issue.dueAt, escalatedAt: now });
      await repos.issues.addEvent({
        id: newId(),
        issueId: issue.id,
        kind: 'ESCALATED',
        actorUserId: null,
        fromStatus: issue.status,
        toStatus: issue.status,
        note: `No response within the deadline; escalated to township ${township}`,
        occurredAt: now,
      });
      deliveries.push(...(await WebhookService.announce(repos, issue, 'ESCALATED', issue.status, now)));
      await note({ region: township }, 'ESCALATION', `「${title}」 in ${issue.villageCode} is overdue and escalated to the township`);
      await note({ region: issue.villageCode }, 'OVERDUE', `「${title}」 is overdue`);
    } else if (kind === SlaKind.RATE_REMINDER) {
      if (issue.status !== IssueStatus.RESOLVED && issue.status !== IssueStatus.EXPLAINED) return;
      await note({ userId: issue.raiserUserId }, 'RATE_REQUEST', `Please rate the answer to 「${title}」`);
    } else if (kind === SlaKind.AUTO_CLOSE) {
      if (issue.status !== IssueStatus.RESOLVED && issue.status !== IssueStatus.EXPLAINED) return;
      const t = transition({ status: issue.status as IssueStatus, reopenCount: issue.reopenCount, rating: issue.rating }, IssueAction.CLOSE_UNRATED, 'SYSTEM');
      await repos.issues.update(issue.id, { status: t.to, closedAt: now });
      await repos.issues.addEvent({
        id: newId(),
        issueId: issue.id,
        kind: 'CLOSED_UNRATED',
        actorUserId: null,
        fromStatus: t.from,
        toStatus: t.to,
        note: null,
        occurredAt: now,
      });
      deliveries.push(...(await WebhookService.announce(repos, issue, 'CLOSED_UNRATED', t.to, now)));
      await note({ userId: issue.raiserUserId }, 'STATUS_CHANGED', `「${title}」 was closed without a rating`);
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
      for (const r of due) if ((await this.fire(r.issueId, r.kind)) === 'FIRED') fired += 1;
      if (due.length < batch) break;
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
