import {
  BadInputError,
  ForbiddenError,
  hasRoleOver,
  isWithinRegion,
  newId,
  NotFoundError,
  Role,
  VILLAGE_STAFF,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { actorOf, canSeeHousehold, type CreditService } from '../credit/credit.service';
import type { CreditRepositories } from '../repositories';
import { NEGATIVE_KINDS } from '../scoring/scoring.model';
import type { NegativeEntryEntity } from './negative-entry.entity';

export const NEGATIVE_LIST_SCOPE = 'negative-list:write';

export interface NewNegativeEntry {
  householdId: string;
  kind: string;
  source: string;
  reason: string;
  startsOn: string;
  expiresOn: string | null;
}

/** County officers, or an agency integrator (e.g. a court feed) with the scope, over the household's county. */
function requireListWriter(ctx: RequestContext, villageCode: string): void {
  const p = ctx.principal;
  if (p?.kind === 'client' && p.clientKind === 'AGENCY' && p.scopes.includes(NEGATIVE_LIST_SCOPE) && isWithinRegion(villageCode, p.region)) return;
  if (hasRoleOver(p, villageCode, [Role.COUNTY_OFFICER, Role.CITY_OFFICER])) return;
  throw new ForbiddenError(`Only county officers or an agency with scope ${NEGATIVE_LIST_SCOPE} over this county manage the negative list`);
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export class NegativeEntryService {
  constructor(
    private readonly repos: CreditRepositories,
    private readonly tx: Transactor<CreditRepositories>,
    private readonly credit: CreditService,
  ) {}

  async add(ctx: RequestContext, input: NewNegativeEntry): Promise<NegativeEntryEntity> {
    const villageCode = await this.credit.villageOf(input.householdId);
    requireListWriter(ctx, villageCode);
    if (!(NEGATIVE_KINDS as readonly string[]).includes(input.kind)) throw new BadInputError(`kind must be one of ${NEGATIVE_KINDS.join(', ')}`);
    if (!isDate(input.startsOn)) throw new BadInputError('startsOn must be a date YYYY-MM-DD');
    if (input.expiresOn !== null && (!isDate(input.expiresOn) || input.expiresOn <= input.startsOn)) throw new BadInputError('expiresOn must be a date after startsOn');
    const actor = actorOf(ctx.principal);
    const entry: NegativeEntryEntity = {
      id: newId(), householdId: input.householdId, villageCode, kind: input.kind, source: input.source, reason: input.reason,
      startsOn: input.startsOn, expiresOn: input.expiresOn, createdBy: `${actor.kind}:${actor.id}`, createdAt: new Date(),
      removedAt: null, removedBy: null, removalReason: null,
    };
    return this.tx.run(async (repos) => {
      await repos.negative.insert(entry);
      // Rescore before the audit append: every transaction takes the score row, then the chain head.
      await this.credit.rescore(repos, [entry.householdId], { negativeEntryAdded: entry.id });
      await repos.audit.append({
        householdId: entry.householdId, actorKind: actor.kind, actorId: actor.id, action: 'NEGATIVE_ADDED',
        detail: { entryId: entry.id, kind: entry.kind, source: entry.source, startsOn: entry.startsOn, expiresOn: entry.expiresOn },
      });
      return entry;
    });
  }

  async remove(ctx: RequestContext, id: string, reason: string): Promise<NegativeEntryEntity> {
    const existing = await this.repos.negative.findById(id);
    if (!existing) throw new NotFoundError('Negative-list entry', id);
    requireListWriter(ctx, existing.villageCode);
    if (existing.removedAt) throw new BadInputError('This entry was already removed');
    const actor = actorOf(ctx.principal);
    const changes = { removedAt: new Date(), removedBy: `${actor.kind}:${actor.id}`, removalReason: reason };
    return this.tx.run(async (repos) => {
      await repos.negative.update(id, changes);
      await this.credit.rescore(repos, [existing.householdId], { negativeEntryRemoved: id });
      await repos.audit.append({ householdId: existing.householdId, actorKind: actor.kind, actorId: actor.id, action: 'NEGATIVE_REMOVED', detail: { entryId: id, reason } });
      return { ...existing, ...changes };
    });
  }

  async list(ctx: RequestContext, householdId: string): Promise<NegativeEntryEntity[]> {
    const villageCode = await this.credit.villageOf(householdId);
    const p = ctx.principal;
    const agency = p?.kind === 'client' && p.scopes.includes(NEGATIVE_LIST_SCOPE) && isWithinRegion(villageCode, p.region);
    if (!agency && !canSeeHousehold(p, householdId, villageCode) && !hasRoleOver(p, villageCode, VILLAGE_STAFF)) throw new ForbiddenError();
    return this.repos.negative.forHousehold(householdId);
  }
}
