import {
  DomainError,
  ForbiddenError,
  isWithinRegion,
  newId,
  normalizeRegionCode,
  NotFoundError,
  regionLevel,
  RegionLevel,
  requireUser,
  Role,
  ROLE_RANK,
  type Principal,
  type RequestContext,
} from '@gongzhi/subgraph-kit';
import type { IdentityRepositories } from '../repositories';
import type { RoleGrantEntity } from './role-grant.entity';

/** The level of region each role is bound to. */
const ROLE_LEVELS: Record<Role, RegionLevel[]> = {
  VILLAGER: [RegionLevel.VILLAGE],
  GRID_WORKER: [RegionLevel.VILLAGE, RegionLevel.GRID],
  VILLAGE_CADRE: [RegionLevel.VILLAGE],
  TOWNSHIP_OFFICER: [RegionLevel.TOWNSHIP],
  COUNTY_OFFICER: [RegionLevel.COUNTY],
  CITY_OFFICER: [RegionLevel.CITY],
  PLATFORM_ADMIN: [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY],
};

export function roleFitsRegion(role: Role, regionCode: string): boolean {
  return ROLE_LEVELS[role].includes(regionLevel(regionCode));
}

/**
 * Authority to grant: a role strictly above the one granted, held over a region that
 * contains the target region. Platform admins may grant anything.
 */
export function canGrant(grantor: Principal | null, role: Role, regionCode: string): boolean {
  if (grantor?.kind !== 'user') return false;
  return grantor.roles.some(
    (held) =>
      held.role === Role.PLATFORM_ADMIN ||
      (ROLE_RANK[held.role] > ROLE_RANK[role] && isWithinRegion(regionCode, held.region)),
  );
}

export class RoleService {
  constructor(private readonly repos: IdentityRepositories) {}

  async grant(ctx: RequestContext, userId: string, role: Role, rawRegionCode: string): Promise<RoleGrantEntity> {
    const grantor = requireUser(ctx);
    const regionCode = normalizeRegionCode(rawRegionCode);
    if (!roleFitsRegion(role, regionCode)) {
      throw new DomainError('ROLE_REGION_MISMATCH', `${role} is bound to a ${ROLE_LEVELS[role].join(' or ').toLowerCase()}, not to ${regionCode}`);
    }
    if (!canGrant(grantor, role, regionCode)) throw new ForbiddenError(`You cannot grant ${role} in ${regionCode}`);
    if (!(await this.repos.regions.findByCode(regionCode))) throw new NotFoundError('Region', regionCode);
    if (!(await this.repos.users.findById(userId))) throw new NotFoundError('User', userId);
    return this.repos.roles.insertIfAbsent({
      id: newId(),
      userId,
      role,
      regionCode,
      grantedBy: grantor.userId,
      createdAt: new Date(),
    });
  }

  async revoke(ctx: RequestContext, grantId: string): Promise<boolean> {
    const grant = await this.repos.roles.findById(grantId);
    if (!grant) throw new NotFoundError('Role grant', grantId);
    if (!canGrant(requireUser(ctx), grant.role, grant.regionCode)) throw new ForbiddenError('You cannot revoke this role');
    await this.repos.roles.delete(grantId);
    return true;
  }

  forUsers(userIds: readonly string[]): Promise<RoleGrantEntity[]> {
    return this.repos.roles.forUsers(userIds);
  }
}
