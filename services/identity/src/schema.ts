import { buildFederatedSchema } from '@gongzhi/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { householdReference } from './households/household.reference';
import { HouseholdResolver } from './households/household.resolver';
import type { HouseholdService } from './households/household.service';
import { ImportResolver } from './imports/import.resolver';
import { IntegratorResolver } from './integrators/integrator.resolver';
import { RegionResolver } from './regions/region.resolver';
import { RoleResolver } from './roles/role.resolver';
import { SessionResolver } from './sessions/session.resolver';
import { userReference } from './users/user.reference';
import { UserResolver } from './users/user.resolver';
import type { UserService } from './users/user.service';

export const IDENTITY_RESOLVERS = [
  RegionResolver,
  UserResolver,
  RoleResolver,
  HouseholdResolver,
  SessionResolver,
  IntegratorResolver,
  ImportResolver,
] as const;

export function buildIdentitySchema(
  container: ContainerType,
  services: { households: HouseholdService; users: UserService },
): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [...IDENTITY_RESOLVERS], container },
    { ...householdReference(services.households), ...userReference(services.users) },
  );
}
