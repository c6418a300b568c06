import {
  BadInputError,
  CADRES_AND_ABOVE,
  decodeCursor,
  ForbiddenError,
  hasRoleOver,
  createOnce,
  isWithinRegion,
  newId,
  normalizeRegionCode,
  NotFoundError,
  OFFICERS,
  regionLevel,
  RegionLevel,
  regionPrefix,
  requireUser,
  Role,
  Topics,
  VILLAGE_STAFF,
  type IssueRaisedEvent,
  type IssueRatedEvent,
  type RequestContext,
  type Transactor,
  type UserPrincipal,
} from '@gongzhi/subgraph-kit';
import { calendarToDomain, countyCodeOf, type CalendarService } from '../calendar/calendar.service';
import type { Clock } from '../clock';
import type { IssuesRepositories } from '../repositories';
import type { ScheduledReminder, SlaScheduler } from '../sla/sla.jobs';
import { planRating, planResponse, RESPONSE_KINDS_PREFIX, responseMinutes, SlaKind } from '../sla/sla-plan.service';
import type { IssueEntity, IssueEventEntity, IssuePartyEntity } from './issue.entity';
import { IssueErrors } from './issue.errors';
import { WebhookService } from '../webhooks/webhook.service';
import { IssueAction, IssueStatus, transition, type Actor } from './workflow.service';

export const ISSUE_CATEGORIES = ['INFRASTRUCTURE', 'ENVIRONMENT', 'PUBLIC_ORDER', 'NEIGHBOURHOOD', 'SOCIAL_SECURITY', 'LAND', 'SUGGESTION', 'OTHER'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export interface RaiseIssueInput {
  villageCode?: string | null;
  category: IssueCategory;
  title: string;
  body: string;
  photoUrls?: string[] | null;
  isPublic: boolean;
  /** The raiser's key for this issue: a retry with the same key returns the issue already raised. */
  idempotencyKey?: string | null;
}

export interface PartyInput {
  name: string;
  regionCode: string;
}

export interface ActionInput {
  note?: string | null;
  parties?: PartyInput[];
  partyId?: string;
  stars?: number;
  comment?: string | null;
}

export interface IssueListArgs {
  villageCode?: string | null;
  status?: IssueStatus | null;
  onlyMine?: boolean | null;
  first: number;
  after?: string | null;
}

const LIMITS = { title: 100, body: 2000, note: 2000, comment: 500, photos: 9, parties: 10, partyName: 100 };
// Plain text only: the timeline is public, so markup would be stored XSS for every reader.
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|javascript:|on[a-z]+\s*=/i;
const PHOTO_URL = /^https:\/\/[^\s<>"']{1,500}$/;

function plainText(value: string | null | undefined, field: string, max: number, required: boolean): string | null {
  const text = (value ?? '').trim();
  if (!text) {
    if (required) throw new BadInputError(`${field} is required`, { field });
    return null;
  }
  if (text.length > max) throw new BadInputError(`${field} must be at most ${max} characters`, { field, max });
  if (MARKUP.test(text)) throw IssueErrors.unsafeText(field);
  return text;
}

const NOTE_REQUIRED: Partial<Record<IssueAction, string>> = {
  REQUEST_DETAIL: 'What detail is needed',
  PROVIDE_DETAIL: 'The detail',
  REJECT: 'The reason',
  RESOLVE: 'What was done',
  EXPLAIN: 'The explanation',
  REOPEN: 'The reason',
  PARTY_REPORT: 'The report',
};

export class IssueService {
  constructor(
    private readonly repos: IssuesRepositories,
    private readonly tx: Transactor<IssuesRepositories>,
    private readonly calendars: CalendarService,
    private readonly scheduler: SlaScheduler,
    private readonly clock: Clock,
  ) {}

  // ── visibility ────────────────────────────────────────────────────────────────

  /** Raiser, the village's staff (and officers above); villagers of the village for public issues. */
  canSee(user: UserPrincipal | null, issue: IssueEntity): boolean {
    if (!user) return false;
    if (issue.raiserUserId === user.userId) return true;
    if (hasRoleOver(user, issue.villageCode, VILLAGE_STAFF)) return true;
    return issue.isPublic && user.roles.some((g) => g.role === Role.VILLAGER && g.region === issue.villageCode);
  }

  private viewer(ctx: RequestContext): UserPrincipal {
    return requireUser(ctx);
  }

  async get(ctx: RequestContext, id: string): Promise<IssueEntity> {
    const user = this.viewer(ctx);
    const issue = await this.repos.issues.findById(id);
    // A private issue the caller may not see does not exist for them.
    if (!issue || !this.canSee(user, issue)) throw new NotFoundError('Issue', id);
    return issue;
  }

  async visibleByIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<IssueEntity | null>> {
    const user = ctx.principal?.kind === 'user' ? ctx.principal : null;
    const rows = await this.repos.issues.findByIds(ids);
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id);
      return row && this.canSee(user, row) ? row : null;
    });
  }

  async list(ctx: RequestContext, args: IssueListArgs): Promise<IssueEntity[]> {
    const user = this.viewer(ctx);
    const staffPrefixes = user.roles
      .filter((g) => g.role === Role.PLATFORM_ADMIN || VILLAGE_STAFF.includes(g.role))
      .map((g) => (g.role === Role.PLATFORM_ADMIN ? '' : regionPrefix(g.region)));
    const publicVillages = user.roles.filter((g) => g.role === Role.VILLAGER).map((g) => g.region);
    return this.repos.issues.page(
      {
        userId: user.userId,
        staffPrefixes,
        publicVillages,
        villageCode: args.villageCode ? normalizeRegionCode(args.villageCode) : undefined,
        status: args.status ?? undefined,
        onlyMine: !!args.onlyMine,
      },
      args.after ? String(decodeCursor(args.after)[0]) : null,
      args.first + 1,
    );
  }

  async ofHousehold(ctx: RequestContext, householdId: string, limit = 50): Promise<IssueEntity[]> {
    const user = ctx.principal?.kind === 'user' ? ctx.principal : null;
    if (!user) return [];
    const rows = await this.repos.issues.byHousehold(householdId, limit);
    // Members see the household's issues they raised; staff and fellow villagers per issue.
    return rows.filter((r) => this.canSee(user, r));
  }

  async timelines(ctx: RequestContext, issueIds: readonly string[]): Promise<IssueEventEntity[][]> {
    const events = await this.repos.issues.eventsOf(issueIds);
    return issueIds.map((id) => events.filter((e) => e.issueId === id));
  }

  async partiesOf(issueIds: readonly string[]): Promise<IssuePartyEntity[][]> {
    const parties = await this.repos.issues.partiesOf(issueIds);
    return issueIds.map((id) => parties.filter((p) => p.issueId === id));
  }

  // ── 群众说 ───────────────────────────────────────────────────────────────────

  async raise(ctx: RequestContext, input: RaiseIssueInput): Promise<IssueEntity> {
    const user = requireUser(ctx);
    const villages = user.roles.filter((g) => g.role === Role.VILLAGER && regionLevel(g.region) === RegionLevel.VILLAGE).map((g) => g.region);
    const villageCode = input.villageCode ? normalizeRegionCode(input.villageCode) : villages.length === 1 ? villages[0] : null;
    if (!villageCode || !villages.includes(villageCode)) throw IssueErrors.notAVillager();
    if (!ISSUE_CATEGORIES.includes(input.category)) throw new BadInputError(`category must be one of ${ISSUE_CATEGORIES.join(', ')}`);
    const title = plainText(input.title, 'title', LIMITS.title, true)!;
    const body = plainText(input.body, 'body', LIMITS.body, true)!;
    const photoUrls = input.photoUrls ?? [];
    if (photoUrls.length > LIMITS.photos || photoUrls.some((u) => !PHOTO_URL.test(u))) {
      throw new BadInputError(`photoUrls: at most ${LIMITS.photos} https links`, { field: 'photoUrls' });
    }
    const raised = { ...input, villageCode, title, body, photoUrls };
    // A retry with the raiser's key (a weak signal, a double tap) returns the issue it raised.
    return createOnce(input.idempotencyKey, (key) => this.repos.issues.findByRaiserKey(user.userId, key), () => this.raiseNew(user, raised), 'uq_issue_raiser_key');
  }

  /** Writes a new issue with its timeline, reminders, notice, webhooks and event, then schedules the reminders. */
  private async raiseNew(user: UserPrincipal, raised: RaiseIssueInput & { villageCode: string; photoUrls: string[] }): Promise<IssueEntity> {
    const { villageCode, title, body, photoUrls } = raised;
    const county = countyCodeOf(villageCode);
    const now = this.clock.now();
    const { calendar, settings } = await this.calendars.forCounty(county);
    let plan;
    try {
      plan = planResponse(calendar, now, settings.responseSlaSeconds, settings.reminderPercents);
    } catch (err) {
      calendarToDomain(err);
    }
    const issue: IssueEntity = {
      id: newId(),
      villageCode,
      countyCode: county,
      raiserUserId: user.userId,
      idempotencyKey: raised.idempotencyKey ?? null,
      householdId: user.householdId,
      category: raised.category,
      title,
      body,
      photoUrls,
      isPublic: !!raised.isPublic,
      status: IssueStatus.RAISED,
      reopenCount: 0,
      raisedAt: now,
      dueAt: plan.dueAt,
      firstResponseAt: null,
      firstResponderId: null,
      responseWorkingMinutes: null,
      respondedOnTime: null,
      overdueAt: null,
      outcome: null,
      settledAt: null,
      closedAt: null,
      rating: null,
      ratingComment: null,
    };
    const deliveries: string[] = [];
    const reminders: ScheduledReminder[] = plan.reminders.map((r) => ({ issueId: issue.id, kind: r.kind, countyCode: county, fireAt: r.fireAt }));
    await this.tx.run(async (repos) => {
      await repos.issues.insert(issue);
      await repos.issues.addEvent(event(issue.id, 'RAISED', user.userId, null, IssueStatus.RAISED, null, now));
      deliveries.push(...(await WebhookService.announce(repos, issue, 'RAISED', IssueStatus.RAISED, now)));
      await repos.sla.upsertReminders(reminders.map((r) => ({ ...r, status: 'PENDING', firedAt: null })));
      await repos.notifications.insert([
        { id: newId(), issueId: issue.id, kind: 'NEW_ISSUE', recipientUserId: null, audienceRegion: villageCode, message: `New issue: ${title.slice(0, 60)}`, createdAt: now },
      ]);
      const payload: IssueRaisedEvent = { issueId: issue.id, householdId: issue.householdId, userId: user.userId, villageCode, occurredAt: now.toISOString() };
      await repos.events.record(Topics.ISSUE_RAISED, payload as never);
    });
    // After commit: if this fails or Redis loses it, the sweeper re-creates it from the rows.
    await this.scheduler.schedule(reminders).catch(() => undefined);
    await this.scheduler.enqueueDeliveries(county, deliveries).catch(() => undefined);
    return issue;
  }

  // ── 村委议、多方办、群众评 ─────────────────────────────────────────────────────

  async act(ctx: RequestContext, issueId: string, action: IssueAction, input: ActionInput = {}): Promise<IssueEntity> {
    const user = requireUser(ctx);
    const label = NOTE_REQUIRED[action];
    const note = plainText(input.note, label ? label.toLowerCase() : 'note', LIMITS.note, !!label);
    const comment = action === IssueAction.RATE ? plainText(input.comment, 'comment', LIMITS.comment, false) : null;
    if (action === IssueAction.RATE && (!Number.isInteger(input.stars) || input.stars! < 1 || input.stars! > 5)) {
      throw new BadInputError('stars must be a whole number from 1 to 5', { field: 'stars' });
    }
    const parties = action === IssueAction.HAND_OFF ? this.cleanParties(input.parties ?? []) : [];
    const toSchedule: ScheduledReminder[] = [];
    const toCancel: ScheduledReminder[] = [];
    const deliveries: string[] = [];
    let county = '';

    const updated = await this.tx.run(async (repos) => {
      const issue = await repos.issues.findByIdForUpdate(issueId);
      if (!issue || !this.canSee(user, issue)) throw new NotFoundError('Issue', issueId);
      const now = this.clock.now();
      const isRaiser = issue.raiserUserId === user.userId;
      const isStaff = hasRoleOver(user, issue.villageCode, VILLAGE_STAFF);
      const raiserAction = action === IssueAction.RATE || action === IssueAction.REOPEN || action === IssueAction.PROVIDE_DETAIL;
      const actor: Actor | null = raiserAction ? (isRaiser ? 'RAISER' : isStaff ? 'STAFF' : null) : isStaff ? 'STAFF' : isRaiser ? 'RAISER' : null;
      if (!actor) throw raiserAction ? IssueErrors.notRaiser() : new ForbiddenError('Only the staff of this village can do this');
      const t = transition({ status: issue.status as IssueStatus, reopenCount: issue.reopenCount, rating: issue.rating }, action, actor);
      const changes: Partial<IssueEntity> = { status: t.to };
      let eventNote = note;

      if (t.firstResponse) {
        const { calendar } = await this.calendars.forCounty(issue.countyCode);
        changes.firstResponseAt = now;
        changes.firstResponderId = user.userId;
        changes.respondedOnTime = now.getTime() <= issue.dueAt.getTime();
        try {
          changes.responseWorkingMinutes = responseMinutes(calendar, issue.raisedAt, now);
        } catch (err) {
          calendarToDomain(err);
        }
        toCancel.push(...(await this.cancel(repos, issue, (k) => k.startsWith(RESPONSE_KINDS_PREFIX) || k === SlaKind.OVERDUE)));
      }

      if (action === IssueAction.HAND_OFF) {
        const county = issue.countyCode;
        for (const p of parties) if (!isWithinRegion(p.regionCode, `${county}000000`)) throw IssueErrors.partyOutsideRegion(p.regionCode);
        await repos.issues.addParties(
          parties.map((p) => ({ id: newId(), issueId, name: p.name, regionCode: p.regionCode, status: 'PENDING', report: null, assignedAt: now, reportedAt: null })),
        );
        eventNote = [parties.map((p) => p.name).join('、'), note].filter(Boolean).join(': ');
      }
      if (action === IssueAction.PARTY_REPORT) {
        const party = (await repos.issues.partiesOf([issueId])).find((p) => p.id === input.partyId);
        if (!party) throw IssueErrors.partyNotFound(input.partyId ?? '');
        if (party.status !== 'PENDING') throw IssueErrors.partyAlreadyReported();
        await repos.issues.updateParty(party.id, { status: 'REPORTED', report: note, reportedAt: now });
        eventNote = `${party.name}: ${note}`;
      }
      if (action === IssueAction.RESOLVE) {
        const pending = (await repos.issues.partiesOf([issueId])).filter((p) => p.status === 'PENDING');
        if (pending.length) throw IssueErrors.partiesPending(pending.map((p) => p.name));
      }
      if (t.settled) {
        changes.outcome = t.settled;
        changes.settledAt = now;
        const { calendar, settings } = await this.calendars.forCounty(issue.countyCode);
        let planned;
        try {
          planned = planRating(calendar, now, settings.rateReminderSeconds, settings.autoCloseSeconds);
        } catch (err) {
          calendarToDomain(err);
        }
        const rows = planned.map((r) => ({ issueId, kind: r.kind, countyCode: issue.countyCode, fireAt: r.fireAt }));
        await repos.sla.upsertReminders(rows.map((r) => ({ ...r, status: 'PENDING', firedAt: null })));
        toSchedule.push(...rows);
      }
      if (action === IssueAction.RATE) {
        changes.rating = input.stars!;
        changes.ratingComment = comment;
        changes.closedAt = now;
        eventNote = [`${input.stars}★`, comment].filter(Boolean).join(' ');
      }
      if (action === IssueAction.REOPEN) {
        changes.reopenCount = issue.reopenCount + 1;
        changes.outcome = null;
        changes.settledAt = null;
      }
      if (action === IssueAction.RATE || action === IssueAction.REOPEN) {
        toCancel.push(...(await this.cancel(repos, issue, (k) => k === SlaKind.RATE_REMINDER || k === SlaKind.AUTO_CLOSE)));
      }
      if (action === IssueAction.REJECT) changes.closedAt = now;

      await repos.issues.update(issueId, changes);
      await repos.issues.addEvent(event(issueId, action, user.userId, t.from, t.to, eventNote, now));
      county = issue.countyCode;
      deliveries.push(...(await WebhookService.announce(repos, issue, action, t.to, now)));
      if (actor === 'STAFF' && issue.raiserUserId !== user.userId) {
        await repos.notifications.insert([
          { id: newId(), issueId, kind: 'STATUS_CHANGED', recipientUserId: issue.raiserUserId, audienceRegion: null, message: `Your issue 「${issue.title.slice(0, 40)}」 is now ${t.to}`, createdAt: now },
        ]);
      }
      if (action === IssueAction.RATE) {
        const payload: IssueRatedEvent = { issueId, householdId: issue.householdId, userId: user.userId, villageCode: issue.villageCode, stars: input.stars!, occurredAt: now.toISOString() };
        await repos.events.record(Topics.ISSUE_RATED, payload as never);
      }
      return { ...issue, ...changes };
    });
    await this.scheduler.unschedule(toCancel).catch(() => undefined);
    await this.scheduler.schedule(toSchedule).catch(() => undefined);
    await this.scheduler.enqueueDeliveries(county, deliveries).catch(() => undefined);
    return updated;
  }

  private async cancel(repos: IssuesRepositories, issue: IssueEntity, which: (kind: string) => boolean): Promise<ScheduledReminder[]> {
    const rows = (await repos.sla.remindersOf([issue.id])).filter((r) => r.status === 'PENDING' && which(r.kind));
    await repos.sla.cancelPending(issue.id, which);
    return rows.map((r) => ({ issueId: r.issueId, kind: r.kind, countyCode: r.countyCode, fireAt: r.fireAt }));
  }

  private cleanParties(parties: PartyInput[]): PartyInput[] {
    if (!parties.length || parties.length > LIMITS.parties) throw new BadInputError(`Hand off to 1 to ${LIMITS.parties} parties`, { field: 'parties' });
    return parties.map((p) => ({ name: plainText(p.name, 'party name', LIMITS.partyName, true)!, regionCode: normalizeRegionCode(p.regionCode) }));
  }

  // ── what officers see ────────────────────────────────────────────────────────

  async escalations(ctx: RequestContext, regionCode: string, limit: number) {
    const region = normalizeRegionCode(regionCode);
    if (!hasRoleOver(ctx.principal, region, OFFICERS)) throw new ForbiddenError('Escalations are for township officers and above over this region');
    return this.repos.sla.escalations(regionPrefix(region), limit);
  }

  async inbox(ctx: RequestContext, first: number, after: string | null) {
    const user = requireUser(ctx);
    const prefixes = user.roles
      .filter((g) => g.role === Role.PLATFORM_ADMIN || VILLAGE_STAFF.includes(g.role))
      .map((g) => (g.role === Role.PLATFORM_ADMIN ? '' : regionPrefix(g.region)));
    return this.repos.notifications.inbox(user.userId, prefixes, after ? String(decodeCursor(after)[0]) : null, first + 1);
  }

  /** Issues raised in a region over a period, for figures; cadres see their village, officers theirs. */
  async issuesForFigures(ctx: RequestContext, regionCode: string, from: Date, to: Date): Promise<IssueEntity[]> {
    const region = normalizeRegionCode(regionCode);
    if (!hasRoleOver(ctx.principal, region, CADRES_AND_ABOVE)) throw new ForbiddenError('Figures are for cadres and officers over this region');
    if (!(from < to)) throw new BadInputError('from must be before to');
    if (to.getTime() - from.getTime() > 2 * 366 * 86_400_000) throw new BadInputError('A period is at most two years');
    return this.repos.issues.inRegion(regionPrefix(region), from, to);
  }

  now(): Date {
    return this.clock.now();
  }
}

function event(issueId: string, kind: string, actor: string | null, from: string | null, to: string | null, note: string | null, at: Date): IssueEventEntity {
  return { id: newId(), issueId, kind, actorUserId: actor, fromStatus: from, toStatus: to, note, occurredAt: at };
}
