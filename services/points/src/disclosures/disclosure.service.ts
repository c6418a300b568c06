import {
  BadInputError,
  ForbiddenError,
  hasRoleOver,
  newId,
  normalizeRegionCode,
  requireUser,
  VILLAGE_STAFF,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { requireCadreOver } from '../access';
import { PointsErrors } from '../errors';
import type { HouseholdService } from '../households/household.service';
import type { LedgerService } from '../ledger/ledger.service';
import { isValidMonth, monthKey, monthRange } from '../periods';
import type { PointsRepositories } from '../repositories';
import type { DisclosureRow, ObjectionRow } from './disclosure.entity';

export class DisclosureService {
  constructor(
    private readonly repos: PointsRepositories,
    private readonly tx: Transactor<PointsRepositories>,
    private readonly households: HouseholdService,
    private readonly ledger: LedgerService,
    private readonly defaultObjectionDays: number,
  ) {}

  /** A draft of the month's changes per household, with reasons; regenerating a draft replaces it. */
  async generate(ctx: RequestContext, villageCode: string, month: number): Promise<DisclosureRow> {
    const village = normalizeRegionCode(villageCode);
    const cadre = requireCadreOver(ctx, village);
    if (!isValidMonth(month) || month > monthKey(new Date())) throw new BadInputError('Month must be a past or the current month, as YYYYMM');
    return this.tx.run(async (repos) => {
      const existing = await repos.disclosures.find(village, month, true);
      if (existing?.status === 'PUBLISHED') throw PointsErrors.disclosurePublished();
      const [from, to] = monthRange(month);
      // Spending in the mall is a household's own business; the disclosure shows points earned and deducted.
      const entries = (await repos.ledger.entriesInVillage(village, from, to)).filter((e) => e.source !== 'SPEND');
      const row: DisclosureRow = {
        id: existing?.id ?? newId(), villageCode: village, month, status: 'DRAFT',
        lines: entries.map((e) => ({ householdId: e.householdId, entryId: e.id, delta: e.delta, reason: e.reason, itemCode: e.itemCode, source: e.source, occurredAt: e.occurredAt.toISOString() })),
        generatedBy: cadre.userId, generatedAt: new Date(), publishedAt: null, objectionDeadline: null,
      };
      await repos.disclosures.save(row);
      return row;
    });
  }

  async publish(ctx: RequestContext, id: string, objectionDays?: number | null): Promise<DisclosureRow> {
    const days = objectionDays ?? this.defaultObjectionDays;
    if (!Number.isInteger(days) || days < 1 || days > 60) throw new BadInputError('The objection window is 1 to 60 days');
    const peek = await this.repos.disclosures.findById(id);
    if (!peek) throw PointsErrors.disclosureNotFound();
    requireCadreOver(ctx, peek.villageCode);
    return this.tx.run(async (repos) => {
      const d = (await repos.disclosures.findById(id, true))!;
      if (d.status === 'PUBLISHED') throw PointsErrors.disclosurePublished();
      const now = new Date();
      const published: DisclosureRow = { ...d, status: 'PUBLISHED', publishedAt: now, objectionDeadline: new Date(now.getTime() + days * 86400_000) };
      await repos.disclosures.save(published);
      return published;
    });
  }

  /** Published: the village's people and staff. Drafts: staff only. */
  async get(ctx: RequestContext, villageCode: string, month: number): Promise<DisclosureRow | null> {
    const village = normalizeRegionCode(villageCode);
    const user = requireUser(ctx);
    const staff = hasRoleOver(user, village, VILLAGE_STAFF);
    if (!staff) {
      const own = user.householdId ? (await this.households.byIds([user.householdId]))[0] : null;
      if (own?.villageCode !== village) throw new ForbiddenError();
    }
    const d = await this.repos.disclosures.find(village, month);
    if (!d || (d.status !== 'PUBLISHED' && !staff)) return null;
    return d;
  }

  async object(ctx: RequestContext, input: { disclosureId: string; entryId?: string | null; text: string }): Promise<ObjectionRow> {
    const household = await this.households.own(ctx);
    const user = requireUser(ctx);
    const d = await this.repos.disclosures.findById(input.disclosureId);
    if (!d || d.villageCode !== household.villageCode) throw PointsErrors.disclosureNotFound();
    const now = new Date();
    if (d.status !== 'PUBLISHED' || !d.objectionDeadline || d.objectionDeadline <= now) throw PointsErrors.objectionWindowClosed();
    if (input.entryId && !d.lines.some((l) => l.entryId === input.entryId)) throw new BadInputError('That entry is not in this disclosure');
    const text = input.text.trim();
    if (!text || text.length > 500) throw new BadInputError('Say what is wrong in 1 to 500 characters');
    const row: ObjectionRow = {
      id: newId(), disclosureId: d.id, householdId: household.id, userId: user.userId, entryId: input.entryId ?? null, text, status: 'OPEN',
      resolution: null, correctionEntryId: null, resolvedBy: null, createdAt: now, resolvedAt: null,
    };
    await this.repos.disclosures.insertObjection(row);
    return row;
  }

  /** Upholding may post a correction as a new entry; the ledger is never edited. */
  async resolve(ctx: RequestContext, input: { objectionId: string; uphold: boolean; resolution: string; correctionPoints?: number | null }): Promise<ObjectionRow> {
    const peek = await this.repos.disclosures.objection(input.objectionId);
    if (!peek) throw PointsErrors.objectionNotFound();
    const d = (await this.repos.disclosures.findById(peek.disclosureId))!;
    const cadre = requireCadreOver(ctx, d.villageCode);
    const resolution = input.resolution.trim();
    if (!resolution || resolution.length > 200) throw new BadInputError('Resolution must be 1 to 200 characters');
    const correction = input.uphold ? input.correctionPoints ?? 0 : 0;
    if (!input.uphold && input.correctionPoints) throw new BadInputError('Only an upheld objection posts a correction');
    if (!Number.isInteger(correction) || Math.abs(correction) > 1000) throw new BadInputError('A correction is an integer within ±1000');
    return this.tx.run(async (repos) => {
      const o = (await repos.disclosures.objection(input.objectionId, true))!;
      if (o.status !== 'OPEN') throw PointsErrors.objectionResolved();
      const now = new Date();
      let correctionEntryId: string | null = null;
      if (correction !== 0) {
        const [entry] = await this.ledger.postWithin(
          repos,
          [{ householdId: o.householdId, delta: correction, source: 'CORRECTION', item: null, reason: `公示更正: ${resolution}`, actorId: cadre.userId, idempotencyKey: `objection:${o.id}` }],
          now,
        );
        correctionEntryId = entry.id;
      }
      const resolved: ObjectionRow = { ...o, status: input.uphold ? 'UPHELD' : 'DISMISSED', resolution, correctionEntryId, resolvedBy: cadre.userId, resolvedAt: now };
      await repos.disclosures.resolveObjection(resolved);
      return resolved;
    });
  }

  /** Staff see every objection; a villager sees their household's own. */
  async objections(ctx: RequestContext, d: DisclosureRow): Promise<ObjectionRow[]> {
    const user = requireUser(ctx);
    const all = await this.repos.disclosures.objectionsOf(d.id);
    return hasRoleOver(user, d.villageCode, VILLAGE_STAFF) ? all : all.filter((o) => o.householdId === user.householdId);
  }
}
