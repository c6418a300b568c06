import { ConnectionType } from '@gongzhi/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { IssueEntity, IssueEventEntity, IssuePartyEntity } from './issue.entity';
import { IssueStatus } from './workflow.service';

registerEnumType(IssueStatus, { name: 'IssueStatus', description: '群众说 → 村委议 → 多方办 → 群众评' });

/** Identity's User, referenced by id (author, handlers); identity resolves its fields. */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserRef {
  @Field(() => ID)
  id: string;

  static of(id: string | null): UserRef | null {
    return id ? Object.assign(new UserRef(), { id }) : null;
  }
}

@ObjectType('IssueEvent', { description: 'One step on the public timeline of an issue' })
export class IssueEventType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'RAISED, ACKNOWLEDGE, REQUEST_DETAIL, HAND_OFF, PARTY_REPORT, RESOLVE, EXPLAIN, RATE, REOPEN, ESCALATED, CLOSED_UNRATED…' })
  kind: string;

  @Field(() => UserRef, { nullable: true, description: 'Null for steps the platform took (escalation, closing unrated)' })
  actor: UserRef | null;

  @Field(() => IssueStatus, { nullable: true })
  fromStatus: IssueStatus | null;

  @Field(() => IssueStatus, { nullable: true })
  toStatus: IssueStatus | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  occurredAt: Date;

  static from(e: IssueEventEntity): IssueEventType {
    return Object.assign(new IssueEventType(), {
      id: e.id,
      kind: e.kind,
      actor: UserRef.of(e.actorUserId),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      occurredAt: e.occurredAt,
    });
  }
}

@ObjectType('IssueParty', { description: 'A township office or outside unit the issue was handed to (多方办)' })
export class IssuePartyType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ID)
  regionCode: string;

  @Field({ description: 'PENDING or REPORTED' })
  status: string;

  @Field(() => String, { nullable: true })
  report: string | null;

  @Field()
  assignedAt: Date;

  @Field(() => Date, { nullable: true })
  reportedAt: Date | null;

  static from(p: IssuePartyEntity): IssuePartyType {
    return Object.assign(new IssuePartyType(), p);
  }
}

@ObjectType('Issue', { description: '村民说事: a matter a villager raised for the village' })
@Directive('@key(fields: "id")')
export class IssueType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  villageCode: string;

  @Field()
  category: string;

  @Field()
  title: string;

  @Field()
  body: string;

  @Field(() => [String])
  photoUrls: string[];

  @Field({ description: 'Public issues are visible to the villagers of the village; private ones to the raiser and village staff' })
  isPublic: boolean;

  @Field(() => IssueStatus)
  status: IssueStatus;

  @Field(() => IssueStatus, { nullable: true, description: 'RESOLVED or EXPLAINED once the village settled it' })
  outcome: IssueStatus | null;

  @Field(() => Int)
  reopenCount: number;

  @Field(() => UserRef)
  raisedBy: UserRef;

  @Field()
  raisedAt: Date;

  @Field({ description: 'First-response deadline in working time' })
  dueAt: Date;

  @Field(() => Date, { nullable: true })
  firstResponseAt: Date | null;

  @Field(() => UserRef, { nullable: true })
  firstResponder: UserRef | null;

  @Field(() => Int, { nullable: true })
  responseWorkingMinutes: number | null;

  @Field(() => Boolean, { nullable: true })
  respondedOnTime: boolean | null;

  @Field(() => Date, { nullable: true, description: 'When the deadline passed unanswered and the township was alerted' })
  overdueAt: Date | null;

  @Field(() => Date, { nullable: true })
  settledAt: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => Int, { nullable: true, description: '1–5 stars' })
  rating: number | null;

  @Field(() => String, { nullable: true })
  ratingComment: string | null;

  static from(e: IssueEntity): IssueType {
    return Object.assign(new IssueType(), {
      id: e.id,
      villageCode: e.villageCode,
      category: e.category,
      title: e.title,
      body: e.body,
      photoUrls: e.photoUrls,
      isPublic: !!e.isPublic,
      status: e.status,
      outcome: e.outcome,
      reopenCount: e.reopenCount,
      raisedBy: UserRef.of(e.raiserUserId),
      raisedAt: e.raisedAt,
      dueAt: e.dueAt,
      firstResponseAt: e.firstResponseAt,
      firstResponder: UserRef.of(e.firstResponderId),
      responseWorkingMinutes: e.responseWorkingMinutes,
      respondedOnTime: e.respondedOnTime === null ? null : !!e.respondedOnTime,
      overdueAt: e.overdueAt,
      settledAt: e.settledAt,
      closedAt: e.closedAt,
      rating: e.rating,
      ratingComment: e.ratingComment,
    });
  }
}

export const IssueConnection = ConnectionType(IssueType, 'Issue');

@ObjectType('IssueEscalation', { description: 'An issue that passed its response deadline, escalated to the township' })
export class IssueEscalationType {
  @Field(() => ID)
  issueId: string;

  @Field(() => ID)
  townshipCode: string;

  @Field(() => ID)
  villageCode: string;

  @Field()
  dueAt: Date;

  @Field()
  escalatedAt: Date;
}

@ObjectType('IssueNotification', { description: 'An inbox entry: reminder, escalation, status change, request to rate' })
export class NotificationType {
  @Field(() => ID)
  id: string;

  @Field()
  kind: string;

  @Field(() => ID)
  issueId: string;

  @Field()
  message: string;

  @Field()
  createdAt: Date;
}

export const NotificationConnection = ConnectionType(NotificationType, 'IssueNotification');

/** Identity's Household, extended with its issues. */
@ObjectType('Household')
@Directive('@key(fields: "id")')
export class HouseholdIssuesType {
  @Field(() => ID)
  id: string;
}
