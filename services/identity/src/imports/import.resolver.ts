import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { ImportHouseholdInput, ImportRegionInput } from './import.inputs';
import type { ImportService } from './import.service';
import { HouseholdImportResultType } from './import.type';

@Resolver()
export class ImportResolver {
  constructor(private readonly imports: ImportService) {}

  @Mutation(() => Int, { description: 'Officers add or rename places below their region, up to 2000 per call' })
  importRegions(@Arg('regions', () => [ImportRegionInput]) regions: ImportRegionInput[], @Ctx() ctx: RequestContext): Promise<number> {
    return this.imports.importRegions(ctx, regions);
  }

  @Mutation(() => HouseholdImportResultType, {
    description: "A village's household register (户籍), up to 500 households per call; all or nothing. People sign in after activateAccount.",
  })
  async importHouseholds(
    @Arg('villageCode', () => ID) villageCode: string,
    @Arg('households', () => [ImportHouseholdInput]) households: ImportHouseholdInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<HouseholdImportResultType> {
    return Object.assign(new HouseholdImportResultType(), await this.imports.importHouseholds(ctx, villageCode, households));
  }

  @Mutation(() => ID, { description: 'An imported person sets their password, proving who they are with their ID-card number' })
  activateAccount(
    @Arg('phone') phone: string,
    @Arg('idNumber') idNumber: string,
    @Arg('password') password: string,
  ): Promise<string> {
    return this.imports.activateAccount(phone.slice(0, 20), idNumber.slice(0, 20), password.slice(0, 200));
  }
}
