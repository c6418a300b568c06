import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CreateIntegratorClientInput } from './integrator.inputs';
import type { IntegratorService } from './integrator.service';
import { IntegratorClientType, IntegratorCredentialsType } from './integrator.type';

@Resolver(() => IntegratorClientType)
export class IntegratorResolver {
  constructor(private readonly integrators: IntegratorService) {}

  @Query(() => [IntegratorClientType], { description: 'County and city officers see the integrators of their region' })
  async integratorClients(@Arg('regionCode', () => ID) regionCode: string, @Ctx() ctx: RequestContext): Promise<IntegratorClientType[]> {
    return (await this.integrators.list(ctx, regionCode)).map(IntegratorClientType.from);
  }

  @Mutation(() => IntegratorCredentialsType)
  async createIntegratorClient(@Arg('input') input: CreateIntegratorClientInput, @Ctx() ctx: RequestContext): Promise<IntegratorCredentialsType> {
    const { client, clientSecret } = await this.integrators.create(ctx, input);
    return Object.assign(new IntegratorCredentialsType(), { client: IntegratorClientType.from(client), clientSecret });
  }

  @Mutation(() => IntegratorCredentialsType, { description: 'The old secret stops working at once' })
  async rotateIntegratorClientSecret(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: RequestContext): Promise<IntegratorCredentialsType> {
    const { client, clientSecret } = await this.integrators.rotateSecret(ctx, clientId);
    return Object.assign(new IntegratorCredentialsType(), { client: IntegratorClientType.from(client), clientSecret });
  }
}
