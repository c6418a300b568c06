import {
  BadInputError,
  decodeCursor,
  createOnce,
  newId,
  requireUser,
  toConnection,
  Topics,
  VILLAGE_STAFF,
  hasRoleOver,
  ForbiddenError,
  type Connection,
  type PointsApplicationDecidedEvent,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { requireCadreOver, requireStaffOver } from '../access';
import { PointsErrors } from '../errors';
import type { HouseholdService } from '../households/household.service';
import type { LedgerService } from '../ledger/ledger.service';
import type { PointsRepositories } from '../repositories';
import type { RuleService } from '../rules/rule.service';
import type { ApplicationRow, ApplicationStatus } from './application.entity';

export interface FileApplicationInput {
  householdId?: string | null;
  itemCode: string;
  note: string;
  evidence: string[];
  idempotencyKey: string;
}

export class ApplicationService {
  constructor(
    private readonly repos: PointsRepositories,
    private readonly tx: Transactor<PointsRepositories>,
    private readonly households: HouseholdService,
    private readonly rules: RuleService,
    private readonly ledger: LedgerService,
  ) {}

  /** A villager for their own household, or a grid worker/cadre for a household of their village. */
  async file(ctx: RequestContext, input: FileApplicationInput): Promise<ApplicationRow> {
    const user = requireUser(ctx);
    const householdId = input.householdId ?? user.householdId;
    if (!householdId) throw PointsErrors.noHousehold();
    const household = await this.households.get(householdId);
    if (user.householdId !== household.id && !hasRoleOver(user, household.villageCode, VILLAGE_STAFF)) throw PointsErrors.householdNotFound(householdId);
    const key = `${user.userId}:${input.idempotencyKey}`;
    const madeBefore = async (k: string) => {
      const prior = await this.repos.applications.findByKey(k);
      if (prior && (prior.householdId !== household.id || prior.itemCode !== input.itemCode)) throw PointsErrors.keyReused();
      return prior;
    };
    return createOnce(key, madeBefore, async () => {
      const item = await this.rules.resolve(household.villageCode, input.itemCode);
      if (item.points <= 0) throw new BadInputError(`Item ${item.code} is a deduction; only cadres post deductions`);
      if (item.evidenceRequired && !input.evidence.length) throw PointsErrors.evidenceRequired(item.code);
      const row: ApplicationRow = {
        id: newId(), householdId: household.id, villageCode: household.villageCode, itemId: item.id, itemCode: item.code,
        note: input.note.trim(), evidence: input.evidence, status: 'PENDING', applicantId: user.userId,
        idempotencyKey: key, decidedBy: null, decidedAt: null, decisionReason: null, entryId: null,
        createdAt: new Date(),
      };
      await this.repos.applications.insert(row);
      return row;
    }, 'uq_application_key');
  }

  /** Posts the item's points (the version applied for), within caps; a second approval is refused. */
  async approve(ctx: RequestContext, id: string): Promise<ApplicationRow> {
    return this.decide(ctx, id, 'APPROVED', null);
  }

  async reject(ctx: RequestContext, id: string, reason: string): Promise<ApplicationRow> {
    if (!reason.trim()) throw new BadInputError('Give the applicant a reason');
    return this.decide(ctx, id, 'REJECTED', reason.trim());
  }

  private async decide(ctx: RequestContext, id: string, outcome: 'APPROVED' | 'REJECTED', reason: string | null): Promise<ApplicationRow> {
    const peek = await this.repos.applications.find(id);
    if (!peek) throw PointsErrors.applicationNotFound(id);
    const cadre = requireCadreOver(ctx, peek.villageCode);
    return this.tx.run(async (repos) => {
      const a = (await repos.applications.find(id, true))!;
      if (a.status !== 'PENDING') throw PointsErrors.alreadyDecided(a.status);
      const now = new Date();
      let entryId: string | null = null;
      if (outcome === 'APPROVED') {
        const [item] = await repos.rules.byIds([a.itemId]);
        const [entry] = await this.ledger.postWithin(
          repos,
          [{ householdId: a.householdId, delta: item.points, source: 'APPLICATION', item, reason: `申报: ${item.name}${a.note ? ` (${a.note.slice(0, 100)})` : ''}`, actorId: cadre.userId, idempotencyKey: `application:${a.id}` }],
          now,
        );
        entryId = entry.id;
      }
      await repos.applications.decide(a.id, outcome, cadre.userId, now, reason, entryId);
      const event: PointsApplicationDecidedEvent = { applicationId: a.id, householdId: a.householdId, villageCode: a.villageCode, outcome, occurredAt: now.toISOString() };
      await repos.events.record(Topics.POINTS_APPLICATION_DECIDED, event as unknown as Record<string, unknown>);
      return { ...a, status: outcome, decidedBy: cadre.userId, decidedAt: now, decisionReason: reason, entryId };
    });
  }

  async pageForVillage(ctx: RequestContext, villageCode: string, status: ApplicationStatus | null, first: number, after?: string | null): Promise<Connection<ApplicationRow>> {
    requireStaffOver(ctx, villageCode);
    const rows = await this.repos.applications.page({ villageCode, status }, after ? String(decodeCursor(after)[0]) : null, first + 1);
    return toConnection(rows, first, (a) => [a.id]);
  }

  async pageForOwnHousehold(ctx: RequestContext, first: number, after?: string | null): Promise<Connection<ApplicationRow>> {
    const user = requireUser(ctx);
    if (!user.householdId) throw PointsErrors.noHousehold();
    const rows = await this.repos.applications.page({ householdId: user.householdId }, after ? String(decodeCursor(after)[0]) : null, first + 1);
    return toConnection(rows, first, (a) => [a.id]);
  }

  async get(ctx: RequestContext, id: string): Promise<ApplicationRow> {
    const a = await this.repos.applications.find(id);
    const p = ctx.principal;
    if (!a) throw PointsErrors.applicationNotFound(id);
    if (p?.kind === 'user' && (p.householdId === a.householdId || hasRoleOver(p, a.villageCode, VILLAGE_STAFF))) return a;
    if (!p) requireUser(ctx);
    throw new ForbiddenError();
  }
}
