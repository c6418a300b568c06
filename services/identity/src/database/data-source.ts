import { createDataSource, CreateOutbox1763800000000, OutboxEventEntity } from '@gongzhi/subgraph-kit';
import { HouseholdEntity, HouseholdMemberEntity } from '../households/household.entity';
import { IntegratorClientEntity } from '../integrators/integrator-client.entity';
import { RegionEntity } from '../regions/region.entity';
import { RoleGrantEntity } from '../roles/role-grant.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';
import { UserEntity } from '../users/user.entity';
import { IdentitySchema1763800000001 } from './migrations/1763800000001-identity-schema';

export function createIdentityDataSource(url: string) {
  return createDataSource({
    url,
    entities: [
      RegionEntity,
      UserEntity,
      RoleGrantEntity,
      HouseholdEntity,
      HouseholdMemberEntity,
      RefreshTokenEntity,
      IntegratorClientEntity,
      OutboxEventEntity,
    ],
    migrations: [CreateOutbox1763800000000, IdentitySchema1763800000001],
  });
}
