import {
  ancestorCodes,
  BadInputError,
  ForbiddenError,
  normalizeRegionCode,
  NotFoundError,
  OFFICERS,
  regionLevel,
  RegionLevel,
  hasRoleOver,
  requireUser,
  Role,
  type RequestContext,
} from '@gongzhi/subgraph-kit';
import type { IdentityRepositories } from '../repositories';
import type { RegionEntity } from './region.entity';

export interface NewRegion {
  code: string;
  name: string;
}

/** The parent of a code: the nearest enclosing region (grids hang under their village). */
export function parentCodeOf(code: string): string | null {
  const ancestors = ancestorCodes(code);
  return ancestors.length ? ancestors[ancestors.length - 1] : null;
}

export class RegionService {
  constructor(private readonly repos: IdentityRepositories) {}

  async get(rawCode: string): Promise<RegionEntity> {
    const code = normalizeRegionCode(rawCode);
    const region = await this.repos.regions.findByCode(code);
    if (!region) throw new NotFoundError('Region', code);
    return region;
  }

  children(code: string): Promise<RegionEntity[]> {
    return this.repos.regions.children(normalizeRegionCode(code));
  }

  /** Enclosing regions, top-down (city first). */
  async ancestors(code: string): Promise<RegionEntity[]> {
    const codes = ancestorCodes(normalizeRegionCode(code));
    const found = await this.repos.regions.findByCodes(codes);
    return codes.map((c) => found.find((r) => r.code === c)).filter((r): r is RegionEntity => !!r);
  }

  /** Officers add places below their own region; cadres add grids in their village. */
  async create(ctx: RequestContext, input: NewRegion): Promise<RegionEntity> {
    requireUser(ctx);
    const code = normalizeRegionCode(input.code);
    const name = input.name.trim();
    if (!name || name.length > 100) throw new BadInputError('Region name must be 1 to 100 characters');
    const parentCode = parentCodeOf(code);
    const level = regionLevel(code);
    const allowed =
      parentCode !== null &&
      (hasRoleOver(ctx.principal, parentCode, OFFICERS) ||
        (level === RegionLevel.GRID && hasRoleOver(ctx.principal, parentCode, [Role.VILLAGE_CADRE])));
    if (!allowed) throw new ForbiddenError(`You cannot add regions under ${parentCode ?? code}`);
    if (!(await this.repos.regions.findByCode(parentCode!))) throw new NotFoundError('Parent region', parentCode!);
    if (await this.repos.regions.findByCode(code)) throw new BadInputError(`Region ${code} already exists`);
    const region: RegionEntity = { code, name, level, parentCode };
    await this.repos.regions.upsert([region]);
    return region;
  }
}
