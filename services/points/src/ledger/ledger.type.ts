import { ConnectionType } from '@gongzhi/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { LedgerEntryRow, ReservationRow } from './ledger.entity';
import type { HouseholdPointsView } from './ledger.service';

export enum LedgerSource {
  APPLICATION = 'APPLICATION',
  TASK = 'TASK',
  AWARD = 'AWARD',
  DEDUCTION = 'DEDUCTION',
  BULK = 'BULK',
  CORRECTION = 'CORRECTION',
  SPEND = 'SPEND',
}
registerEnumType(LedgerSource, { name: 'LedgerSource' });

export enum ReservationStatus {
  RESERVED = 'RESERVED',
  COMMITTED = 'COMMITTED',
  RELEASED = 'RELEASED',
}
registerEnumType(ReservationStatus, { name: 'ReservationStatus' });

@ObjectType('LedgerEntry', { description: 'One append-only entry of a household ledger, chained by hash' })
export class LedgerEntryType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field(() => Int) seq: number;
  @Field(() => ID) villageCode: string;
  @Field(() => ID, { nullable: true }) itemId: string | null;
  @Field(() => String, { nullable: true }) itemCode: string | null;
  @Field(() => Int, { nullable: true, description: 'The rule item version this entry used' }) itemVersion: number | null;
  @Field(() => String, { nullable: true }) category: string | null;
  @Field(() => Int) delta: number;
  @Field(() => LedgerSource) source: LedgerSource;
  @Field() honour: boolean;
  @Field() reason: string;
  @Field() occurredAt: Date;
  @Field() prevHash: string;
  @Field() hash: string;

  static from(e: LedgerEntryRow): LedgerEntryType {
    return Object.assign(new LedgerEntryType(), {
      id: e.id, householdId: e.householdId, seq: e.seq, villageCode: e.villageCode, itemId: e.itemId, itemCode: e.itemCode,
      itemVersion: e.itemVersion, category: e.category, delta: e.delta, source: e.source as LedgerSource, honour: e.honour,
      reason: e.reason, occurredAt: e.occurredAt, prevHash: e.prevHash, hash: e.hash,
    });
  }
}

export const LedgerEntryConnection = ConnectionType(LedgerEntryType, 'LedgerEntry');

@ObjectType('HouseholdPoints')
export class HouseholdPointsType {
  @Field(() => Int) balance: number;
  @Field(() => Int, { description: 'Balance less open mall reservations' }) available: number;
  @Field(() => Int, { description: 'Net of deductions; spending does not lower it' }) earned: number;
  @Field(() => Int) spent: number;
  @Field(() => Int) thisMonth: number;
  @Field(() => Int) thisYear: number;
  @Field(() => Int) villageRank: number;

  static from(v: HouseholdPointsView): HouseholdPointsType {
    return Object.assign(new HouseholdPointsType(), v);
  }
}

@ObjectType('Household')
@Directive('@key(fields: "id")')
export class HouseholdType {
  @Field(() => ID) id: string;
}

@ObjectType('PointsReservation')
export class PointsReservationType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field(() => Int) amount: number;
  @Field(() => ReservationStatus) status: ReservationStatus;
  @Field() idempotencyKey: string;
  @Field() createdAt: Date;

  static from(r: ReservationRow): PointsReservationType {
    return Object.assign(new PointsReservationType(), {
      id: r.id, householdId: r.householdId, amount: r.amount, status: r.status as ReservationStatus, idempotencyKey: r.idempotencyKey, createdAt: r.createdAt,
    });
  }
}

@ObjectType('LedgerChainCheck')
export class ChainCheckType {
  @Field(() => ID) householdId: string;
  @Field() valid: boolean;
  @Field(() => Int) entries: number;
  @Field(() => Int, { nullable: true, description: 'First entry whose hash or link does not match' }) brokenAtSeq: number | null;
}

@ObjectType('BalanceMismatch')
export class BalanceMismatchType {
  @Field(() => ID) householdId: string;
  @Field() field: string;
  @Field(() => Int) projected: number;
  @Field(() => Int) fromLedger: number;
}

@ObjectType('PointsReconciliation')
export class ReconciliationType {
  @Field(() => Int) households: number;
  @Field(() => Int) entries: number;
  @Field({ description: 'True when every balance equals the sum of its entries' }) consistent: boolean;
  @Field(() => [BalanceMismatchType]) mismatches: BalanceMismatchType[];
}
