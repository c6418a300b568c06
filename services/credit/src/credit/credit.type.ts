import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Reason } from '../scoring/scoring.model';
import type { RescoreRunEntity } from './credit.entity';
import type { CreditReferenceView } from './credit.service';

@ObjectType('CreditReason', { description: "One factor of a score and how many points it added (negative: removed)" })
export class CreditReasonType {
  @Field() code: string;
  @Field(() => Int) contribution: number;
  @Field() detail: string;

  static from(r: Reason): CreditReasonType {
    return Object.assign(new CreditReasonType(), r);
  }
}

@ObjectType('CreditReference', { description: 'A household credit reference (积分贷): score 0–1000, grade A–D, rank in its township' })
export class CreditReferenceType {
  @Field(() => ID) householdId: string;
  @Field(() => Int) score: number;
  @Field() grade: string;
  @Field({ description: 'On the negative list with a blocking entry: no automated offer' }) blocked: boolean;
  @Field(() => Int, { description: 'Earned points counted by the model (mall spending excluded)' }) points: number;
  @Field(() => Int, { description: 'Rank within the township (1 = highest score; ties share a rank)' }) rank: number;
  @Field(() => Int) townshipSize: number;
  @Field(() => Int) modelVersion: number;
  @Field() computedAt: Date;
  @Field({ description: 'A human review was asked for; banks do not see the reference until it is resolved' }) reviewPending: boolean;
  @Field(() => [CreditReasonType]) reasons: CreditReasonType[];

  /** Behind rank and townshipSize (see CreditReferenceResolver): only counted when asked for. */
  standing: CreditReferenceView['standing'];

  static from(v: CreditReferenceView, withReasons = true): CreditReferenceType {
    return Object.assign(new CreditReferenceType(), {
      householdId: v.householdId, score: v.score, grade: v.grade, blocked: v.blocked, points: v.points, standing: v.standing,
      modelVersion: v.modelVersion, computedAt: v.computedAt, reviewPending: v.reviewPending,
      reasons: withReasons ? v.reasons.map(CreditReasonType.from) : [],
    });
  }
}

@ObjectType('Household')
@Directive('@key(fields: "id")')
export class HouseholdCreditType {
  @Field(() => ID) id: string;
}

@ObjectType('RescoreRun', { description: 'A batch rescoring of a county, with progress' })
export class RescoreRunType {
  @Field(() => ID) id: string;
  @Field() countyCode: string;
  @Field(() => Int) modelVersion: number;
  @Field() status: string;
  @Field(() => Int) total: number;
  @Field(() => Int) done: number;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => String, { nullable: true }) error: string | null;

  static from(e: RescoreRunEntity): RescoreRunType {
    return Object.assign(new RescoreRunType(), {
      id: e.id, countyCode: e.countyCode, modelVersion: e.modelVersion, status: e.status, total: e.total, done: e.done,
      createdAt: e.createdAt, finishedAt: e.finishedAt, error: e.error,
    });
  }
}

@ObjectType('CreditModel', { description: "A county's scoring model; version 0 is the built-in default" })
export class CreditModelType {
  @Field() countyCode: string;
  @Field(() => Int) version: number;
  @Field({ description: 'The model configuration as JSON' }) config: string;
}
