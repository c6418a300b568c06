import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import type { IdentityRepositories } from '../repositories';
import type { HouseholdEntity, HouseholdMemberEntity } from './household.entity';

/**
 * Households and memberships read once per request: a profile asks for the viewer's own
 * membership and the same household from several fields (who may see whom, the household,
 * its members), and each would otherwise query again.
 */
export function householdsById(ctx: RequestContext, repos: IdentityRepositories) {
  return requestLoader<HouseholdEntity>(ctx, 'householdById', async (ids) => {
    const rows = await repos.households.findByIds(ids);
    return ids.map((id) => rows.find((h) => h.id === id) ?? null);
  });
}

export function membershipsByUser(ctx: RequestContext, repos: IdentityRepositories) {
  return requestLoader<HouseholdMemberEntity>(ctx, 'membershipByUser', async (userIds) => {
    const rows = await repos.households.membershipsOf(userIds);
    return userIds.map((id) => rows.find((m) => m.userId === id) ?? null);
  });
}

/** The caller's own membership, or null for integrators and people without a household. */
export function viewerMembership(ctx: RequestContext, repos: IdentityRepositories): Promise<HouseholdMemberEntity | null> {
  return ctx.principal?.kind === 'user' ? membershipsByUser(ctx, repos).load(ctx.principal.userId) : Promise.resolve(null);
}
