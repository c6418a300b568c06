import {
  CADRES_AND_ABOVE,
  ForbiddenError,
  hasRoleOver,
  IntegratorKind,
  requireRoleOver,
  requireUser,
  UnauthenticatedError,
  VILLAGE_STAFF,
  type Principal,
  type RequestContext,
  type UserPrincipal,
} from '@gongzhi/subgraph-kit';

export const SPEND_SCOPE = 'points:spend';

export function isSpendService(p: Principal | null): boolean {
  return !!p && p.kind === 'client' && p.clientKind === IntegratorKind.SERVICE && p.scopes.includes(SPEND_SCOPE);
}

/** Members of the household, staff over its village, and the mall's service client. */
export function canReadHousehold(p: Principal | null, household: { id: string; villageCode: string }): boolean {
  if (!p) return false;
  if (isSpendService(p)) return true;
  if (p.kind !== 'user') return false;
  return p.householdId === household.id || hasRoleOver(p, household.villageCode, VILLAGE_STAFF);
}

export function requireSpendService(ctx: RequestContext) {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (!isSpendService(ctx.principal)) throw new ForbiddenError(`This needs a service token with scope ${SPEND_SCOPE}`);
  return ctx.principal as Extract<Principal, { kind: 'client' }>;
}

export function requireCadreOver(ctx: RequestContext, villageCode: string): UserPrincipal {
  return requireRoleOver(ctx, villageCode, CADRES_AND_ABOVE);
}

export function requireStaffOver(ctx: RequestContext, villageCode: string): UserPrincipal {
  return requireRoleOver(ctx, villageCode, VILLAGE_STAFF);
}

export { requireUser };
