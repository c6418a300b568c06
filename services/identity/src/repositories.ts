import type { EntityManager } from 'typeorm';
import { HouseholdRepository } from './households/household.repository';
import { IntegratorClientRepository } from './integrators/integrator-client.repository';
import { RegionRepository } from './regions/region.repository';
import { RoleGrantRepository } from './roles/role-grant.repository';
import { RefreshTokenRepository } from './sessions/refresh-token.repository';
import { UserRepository } from './users/user.repository';
import { recordEvent, recordEvents } from '@gongzhi/subgraph-kit';

/** Every repository of identity bound to one EntityManager (one transaction, or none). */
export function identityRepositories(manager: EntityManager) {
  return {
    regions: new RegionRepository(manager),
    users: new UserRepository(manager),
    roles: new RoleGrantRepository(manager),
    households: new HouseholdRepository(manager),
    refreshTokens: new RefreshTokenRepository(manager),
    integrators: new IntegratorClientRepository(manager),
    events: {
      record: (topic: string, payload: Record<string, unknown>) => recordEvent(manager, topic, payload),
      recordMany: (topic: string, payloads: Record<string, unknown>[]) => recordEvents(manager, topic, payloads),
    },
  };
}

export type IdentityRepositories = ReturnType<typeof identityRepositories>;
