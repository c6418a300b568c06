import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import type { HouseholdService } from './household.service';
import { HouseholdType } from './household.type';

/**
 * `_entities` entry point. `@Authorized` does not reach `__resolveReference`, so the access
 * rule runs here, batched: a household the caller may not see resolves to null.
 */
export function householdReference(households: HouseholdService) {
  return {
    Household: {
      async __resolveReference(ref: { id: string }, ctx: RequestContext) {
        const entity = await requestLoader(ctx, 'household', (ids) => households.visibleByIds(ctx, ids)).load(ref.id);
        return entity ? HouseholdType.from(entity) : null;
      },
    },
  };
}
