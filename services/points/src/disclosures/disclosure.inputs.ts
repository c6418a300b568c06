import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class ObjectToDisclosureInput {
  @Field(() => ID) disclosureId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() entryId?: string | null;
  @Field() @Length(1, 500) text: string;
}

@InputType()
export class ResolveObjectionInput {
  @Field(() => ID) objectionId: string;
  @Field() uphold: boolean;
  @Field() @Length(1, 200) resolution: string;
  @Field(() => Int, { nullable: true, description: 'Posted as a CORRECTION entry when upheld' }) @IsOptional() @Min(-1000) @Max(1000) correctionPoints?: number | null;
}
