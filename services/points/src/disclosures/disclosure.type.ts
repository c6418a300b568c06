import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { DisclosureLine, DisclosureRow, ObjectionRow } from './disclosure.entity';

@ObjectType('DisclosureLine')
export class DisclosureLineType {
  @Field(() => ID) householdId: string;
  @Field(() => ID) entryId: string;
  @Field(() => Int) delta: number;
  @Field() reason: string;
  @Field(() => String, { nullable: true }) itemCode: string | null;
  @Field() source: string;
  @Field() occurredAt: string;

  static from(l: DisclosureLine): DisclosureLineType {
    return Object.assign(new DisclosureLineType(), l);
  }
}

@ObjectType('PointsDisclosure', { description: "A village's monthly disclosure (每月公示)" })
export class DisclosureType {
  @Field(() => ID) id: string;
  @Field(() => ID) villageCode: string;
  @Field(() => Int, { description: 'YYYYMM' }) month: number;
  @Field({ description: 'DRAFT or PUBLISHED' }) status: string;
  @Field(() => [DisclosureLineType]) lines: DisclosureLineType[];
  @Field() generatedAt: Date;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'Villagers may object until then' }) objectionDeadline: Date | null;

  static from(d: DisclosureRow): DisclosureType {
    return Object.assign(new DisclosureType(), {
      id: d.id, villageCode: d.villageCode, month: d.month, status: d.status, lines: d.lines.map(DisclosureLineType.from),
      generatedAt: d.generatedAt, publishedAt: d.publishedAt, objectionDeadline: d.objectionDeadline,
    });
  }
}

@ObjectType('DisclosureObjection')
export class ObjectionType {
  @Field(() => ID) id: string;
  @Field(() => ID) disclosureId: string;
  @Field(() => ID) householdId: string;
  @Field(() => ID, { nullable: true }) entryId: string | null;
  @Field() text: string;
  @Field({ description: 'OPEN, UPHELD or DISMISSED' }) status: string;
  @Field(() => String, { nullable: true }) resolution: string | null;
  @Field(() => ID, { nullable: true, description: 'The correction posted as a new entry' }) correctionEntryId: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;

  static from(o: ObjectionRow): ObjectionType {
    return Object.assign(new ObjectionType(), {
      id: o.id, disclosureId: o.disclosureId, householdId: o.householdId, entryId: o.entryId, text: o.text, status: o.status,
      resolution: o.resolution, correctionEntryId: o.correctionEntryId, createdAt: o.createdAt, resolvedAt: o.resolvedAt,
    });
  }
}
