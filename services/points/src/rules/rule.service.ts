import {
  ancestorCodes,
  BadInputError,
  CADRES_AND_ABOVE,
  newId,
  normalizeRegionCode,
  OFFICERS,
  regionLevel,
  RegionLevel,
  requireRoleOver,
  requireUser,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { PointsErrors } from '../errors';
import type { PointsRepositories } from '../repositories';
import { DEFAULT_LIBRARY } from './default-library';
import { CATEGORIES, type Category, type RuleItemRow } from './rule.entity';

/** Another replica's rule change reaches this one within this time. */
const RULE_CACHE_MS = 5_000;

export interface RuleItemInput {
  regionCode: string;
  code: string;
  name: string;
  category: string;
  points: number;
  monthlyCap?: number | null;
  yearlyCap?: number | null;
  evidenceRequired?: boolean;
  honour?: boolean;
  effectiveFrom?: Date | null;
  effectiveTo?: Date | null;
}

export type RuleItemChanges = Partial<Omit<RuleItemInput, 'regionCode' | 'code'>> & { regionCode: string; code: string };

/** More specific regions override: a village's own item wins over the township's and the county's. */
export function pickEffective(items: RuleItemRow[], at: Date): Map<string, RuleItemRow> {
  const out = new Map<string, RuleItemRow>();
  for (const item of items) {
    if (item.effectiveFrom > at || (item.effectiveTo && item.effectiveTo <= at)) continue;
    const current = out.get(item.code);
    if (!current || current.regionCode.replace(/0+$/, '').length < item.regionCode.replace(/0+$/, '').length) out.set(item.code, item);
  }
  return out;
}

export function validateItem(i: Omit<RuleItemRow, 'id' | 'version' | 'supersededAt' | 'createdBy' | 'createdAt'>): void {
  if (!/^[A-Z][A-Z0-9_]{1,39}$/.test(i.code)) throw new BadInputError('Item code must be 2-40 capitals, digits or _, e.g. WASTE_SORTING');
  if (!(CATEGORIES as readonly string[]).includes(i.category)) throw new BadInputError(`Category must be one of ${CATEGORIES.join(', ')}`);
  if (!Number.isInteger(i.points) || i.points === 0 || Math.abs(i.points) > 1000) throw new BadInputError('Points must be a non-zero integer within ±1000');
  for (const cap of [i.monthlyCap, i.yearlyCap]) {
    if (cap !== null && (!Number.isInteger(cap) || cap < Math.abs(i.points))) throw new BadInputError('A cap must be an integer of at least the item points');
  }
  if (i.effectiveTo && i.effectiveTo <= i.effectiveFrom) throw new BadInputError('effectiveTo must be after effectiveFrom');
  if (!i.name.trim() || i.name.length > 100) throw new BadInputError('Name must be 1 to 100 characters');
}

export class RuleService {
  constructor(
    private readonly repos: PointsRepositories,
    private readonly tx: Transactor<PointsRepositories>,
  ) {}

  /** Items in effect for a village now (or at `at`). */
  async effectiveFor(villageCode: string, at = new Date(), repos = this.repos): Promise<RuleItemRow[]> {
    const village = normalizeRegionCode(villageCode);
    const items = await repos.rules.currentIn([...ancestorCodes(village), village]);
    return [...pickEffective(items, at).values()].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.code.localeCompare(b.code));
  }

  /** Item lookups of the last few seconds; every posting resolves one, and changes are rare. */
  private readonly cache = new Map<string, { at: number; items: RuleItemRow[] }>();

  async resolve(villageCode: string, code: string, repos = this.repos, at = new Date()): Promise<RuleItemRow> {
    const key = `${villageCode}:${code}`;
    let cached = repos === this.repos ? this.cache.get(key) : undefined;
    if (!cached || Date.now() - cached.at > RULE_CACHE_MS) {
      cached = { at: Date.now(), items: await repos.rules.currentIn([...ancestorCodes(villageCode), villageCode], code) };
      if (repos === this.repos) this.cache.set(key, cached);
    }
    const items = cached.items;
    const item = pickEffective(items, at).get(code);
    if (!item) throw PointsErrors.itemNotFound(code);
    return item;
  }

  history(regionCode: string, code: string): Promise<RuleItemRow[]> {
    return this.repos.rules.history(normalizeRegionCode(regionCode), code);
  }

  byIds(ids: readonly string[]) {
    return this.repos.rules.byIds(ids);
  }

  private authorize(ctx: RequestContext, regionCode: string) {
    // Villages keep their own rules (村规民约); the library above a village belongs to officers.
    return requireRoleOver(ctx, regionCode, regionLevel(regionCode) === RegionLevel.VILLAGE ? CADRES_AND_ABOVE : OFFICERS);
  }

  async create(ctx: RequestContext, input: RuleItemInput): Promise<RuleItemRow> {
    const regionCode = normalizeRegionCode(input.regionCode);
    const user = this.authorize(ctx, regionCode);
    return this.insertVersion(user.userId, regionCode, input, null);
  }

  /** A change is a new version; entries already posted keep pointing at the version they used. */
  async update(ctx: RequestContext, changes: RuleItemChanges): Promise<RuleItemRow> {
    const regionCode = normalizeRegionCode(changes.regionCode);
    const user = this.authorize(ctx, regionCode);
    return this.tx.run(async (repos) => {
      const current = await repos.rules.currentAt(regionCode, changes.code, true);
      if (!current || current.supersededAt) throw PointsErrors.itemNotFound(changes.code);
      const merged: RuleItemInput = {
        regionCode,
        code: current.code,
        name: changes.name ?? current.name,
        category: changes.category ?? current.category,
        points: changes.points ?? current.points,
        monthlyCap: changes.monthlyCap !== undefined ? changes.monthlyCap : current.monthlyCap,
        yearlyCap: changes.yearlyCap !== undefined ? changes.yearlyCap : current.yearlyCap,
        evidenceRequired: changes.evidenceRequired ?? current.evidenceRequired,
        honour: changes.honour ?? current.honour,
        effectiveFrom: changes.effectiveFrom ?? new Date(),
        effectiveTo: changes.effectiveTo !== undefined ? changes.effectiveTo : current.effectiveTo,
      };
      return this.insertVersion(user.userId, regionCode, merged, current, repos);
    });
  }

  private async insertVersion(actor: string, regionCode: string, input: RuleItemInput, previous: RuleItemRow | null, repos = this.repos): Promise<RuleItemRow> {
    const now = new Date();
    const row: RuleItemRow = {
      id: newId(),
      regionCode,
      code: input.code.trim(),
      version: previous ? previous.version + 1 : 1,
      name: input.name.trim(),
      category: input.category as Category,
      points: input.points,
      monthlyCap: input.monthlyCap ?? null,
      yearlyCap: input.yearlyCap ?? null,
      evidenceRequired: input.evidenceRequired ?? false,
      honour: input.honour ?? false,
      effectiveFrom: input.effectiveFrom ?? now,
      effectiveTo: input.effectiveTo ?? null,
      supersededAt: null,
      createdBy: actor,
      createdAt: now,
    };
    validateItem(row);
    this.cache.clear();
    if (previous) await repos.rules.supersede(previous.id, now);
    else if (await repos.rules.currentAt(regionCode, row.code)) throw PointsErrors.itemExists(row.code);
    try {
      await repos.rules.insert(row);
    } catch (err) {
      if ((err as { code?: string }).code === 'ER_DUP_ENTRY') throw PointsErrors.itemExists(row.code);
      throw err;
    }
    return row;
  }

  /** Seeds the default library for a county once (demo and new counties). */
  async seedLibrary(countyCode: string, actor = 'system'): Promise<number> {
    const region = normalizeRegionCode(countyCode);
    let created = 0;
    const effectiveFrom = new Date('2026-01-01T00:00:00+08:00');
    for (const item of DEFAULT_LIBRARY) {
      if (await this.repos.rules.currentAt(region, item.code)) continue;
      await this.insertVersion(actor, region, { ...item, regionCode: region, effectiveFrom }, null);
      created++;
    }
    return created;
  }

  requireUser(ctx: RequestContext) {
    return requireUser(ctx);
  }
}
