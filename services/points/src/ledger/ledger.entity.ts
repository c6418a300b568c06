export type EntrySource = 'APPLICATION' | 'TASK' | 'AWARD' | 'DEDUCTION' | 'BULK' | 'CORRECTION' | 'SPEND';

/** Storage shape of one ledger entry (append-only). */
export interface LedgerEntryRow {
  id: string;
  householdId: string;
  seq: number;
  villageCode: string;
  itemId: string | null;
  itemCode: string | null;
  itemVersion: number | null;
  category: string | null;
  delta: number;
  source: EntrySource;
  honour: boolean;
  reason: string;
  actorId: string;
  idempotencyKey: string;
  occurredAt: Date;
  prevHash: string;
  hash: string;
}

/** Storage shape of the balance projection; also the per-household lock row. */
export interface BalanceRow {
  householdId: string;
  villageCode: string;
  townshipCode: string;
  balance: number;
  earned: number;
  spent: number;
  reserved: number;
  monthKey: number;
  thisMonth: number;
  yearKey: number;
  thisYear: number;
  lastSeq: number;
  lastHash: string;
  updatedAt: Date;
}

export interface ReservationRow {
  id: string;
  householdId: string;
  amount: number;
  status: 'RESERVED' | 'COMMITTED' | 'RELEASED';
  idempotencyKey: string;
  reason: string;
  clientId: string;
  entryId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
