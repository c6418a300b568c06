import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('HouseholdImportResult')
export class HouseholdImportResultType {
  @Field(() => Int)
  households: number;

  @Field(() => Int)
  people: number;

  @Field(() => Int, { description: 'Households whose people already belong to a household (re-running an import is safe)' })
  skipped: number;

  @Field(() => [ID], { description: 'The households created, in batch order (skipped ones left out)' })
  householdIds: string[];
}
