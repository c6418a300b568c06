import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ObjectToDisclosureInput, ResolveObjectionInput } from './disclosure.inputs';
import type { DisclosureService } from './disclosure.service';
import { DisclosureType, ObjectionType } from './disclosure.type';

@Resolver(() => DisclosureType)
export class DisclosureResolver {
  constructor(private readonly disclosures: DisclosureService) {}

  @Query(() => DisclosureType, { nullable: true, description: 'Published: the village’s people; drafts: staff' })
  async pointsDisclosure(@Arg('villageCode', () => ID) villageCode: string, @Arg('month', () => Int) month: number, @Ctx() ctx: RequestContext) {
    const d = await this.disclosures.get(ctx, villageCode, month);
    return d ? DisclosureType.from(d) : null;
  }

  @Mutation(() => DisclosureType)
  async generateDisclosure(@Arg('villageCode', () => ID) villageCode: string, @Arg('month', () => Int) month: number, @Ctx() ctx: RequestContext) {
    return DisclosureType.from(await this.disclosures.generate(ctx, villageCode, month));
  }

  @Mutation(() => DisclosureType)
  async publishDisclosure(
    @Arg('id', () => ID) id: string,
    @Arg('objectionDays', () => Int, { nullable: true }) objectionDays: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return DisclosureType.from(await this.disclosures.publish(ctx, id, objectionDays));
  }

  @Mutation(() => ObjectionType)
  async objectToDisclosure(@Arg('input') input: ObjectToDisclosureInput, @Ctx() ctx: RequestContext) {
    return ObjectionType.from(await this.disclosures.object(ctx, input));
  }

  @Mutation(() => ObjectionType)
  async resolveObjection(@Arg('input') input: ResolveObjectionInput, @Ctx() ctx: RequestContext) {
    return ObjectionType.from(await this.disclosures.resolve(ctx, input));
  }

  @FieldResolver(() => [ObjectionType])
  async objections(@Root() d: DisclosureType, @Ctx() ctx: RequestContext): Promise<ObjectionType[]> {
    return (await this.disclosures.objections(ctx, { ...d, lines: [], generatedBy: '', status: d.status as 'DRAFT' })).map(ObjectionType.from);
  }
}
