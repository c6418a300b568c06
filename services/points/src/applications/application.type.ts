import { ConnectionType } from '@gongzhi/subgraph-kit';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { ApplicationRow } from './application.entity';

export enum ApplicationStatusEnum {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ApplicationStatusEnum, { name: 'PointsApplicationStatus' });

@ObjectType('PointsApplication', { description: 'A claim for points (申报) reviewed by a cadre' })
export class ApplicationType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field(() => ID) villageCode: string;
  @Field(() => ID) itemId: string;
  @Field() itemCode: string;
  @Field() note: string;
  @Field(() => [String]) evidence: string[];
  @Field(() => ApplicationStatusEnum) status: ApplicationStatusEnum;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionReason: string | null;
  @Field(() => ID, { nullable: true, description: 'The ledger entry posted on approval' }) entryId: string | null;
  @Field() createdAt: Date;

  static from(a: ApplicationRow): ApplicationType {
    return Object.assign(new ApplicationType(), {
      id: a.id, householdId: a.householdId, villageCode: a.villageCode, itemId: a.itemId, itemCode: a.itemCode, note: a.note,
      evidence: a.evidence, status: a.status as ApplicationStatusEnum, decidedAt: a.decidedAt, decisionReason: a.decisionReason,
      entryId: a.entryId, createdAt: a.createdAt,
    });
  }
}

export const ApplicationConnection = ConnectionType(ApplicationType, 'PointsApplication');
