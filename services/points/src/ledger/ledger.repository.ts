import { newId } from '@gongzhi/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { BalanceRow, LedgerEntryRow, ReservationRow } from './ledger.entity';

const placeholders = new Map<number, string>();
/** "?,?,…" for n values, built once per n (a bulk posting asks for the same few thousands of times). */
const ph = (n: number) => {
  let s = placeholders.get(n);
  if (s === undefined) placeholders.set(n, (s = Array.from({ length: n }, () => '?').join(',')));
  return s;
};
const rowsOf = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${ph(columns)})`).join(',');
const CHUNK = 1000;

const ENTRY_COLUMNS =
  'id, household_id, seq, village_code, item_id, item_code, item_version, category, delta, source, honour, reason, actor_id, idempotency_key, occurred_at, prev_hash, hash';

export function toEntry(r: any): LedgerEntryRow {
  return {
    id: r.id, householdId: r.household_id, seq: Number(r.seq), villageCode: r.village_code, itemId: r.item_id, itemCode: r.item_code,
    itemVersion: r.item_version === null ? null : Number(r.item_version), category: r.category, delta: Number(r.delta), source: r.source,
    honour: Boolean(Number(r.honour)), reason: r.reason, actorId: r.actor_id, idempotencyKey: r.idempotency_key,
    occurredAt: r.occurred_at, prevHash: r.prev_hash, hash: r.hash,
  };
}

export function toBalance(r: any): BalanceRow {
  return {
    householdId: r.household_id, villageCode: r.village_code, townshipCode: r.township_code, balance: Number(r.balance),
    earned: Number(r.earned), spent: Number(r.spent), reserved: Number(r.reserved), monthKey: Number(r.month_key),
    thisMonth: Number(r.this_month), yearKey: Number(r.year_key), thisYear: Number(r.this_year), lastSeq: Number(r.last_seq),
    lastHash: r.last_hash, updatedAt: r.updated_at,
  };
}

function toReservation(r: any): ReservationRow {
  return {
    id: r.id, householdId: r.household_id, amount: Number(r.amount), status: r.status, idempotencyKey: r.idempotency_key,
    reason: r.reason, clientId: r.client_id, entryId: r.entry_id, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export class LedgerRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Locks the households' balance rows in id order (one order everywhere, so no deadlocks between batches). */
  async lockBalances(householdIds: string[]): Promise<BalanceRow[]> {
    const ids = [...new Set(householdIds)].sort();
    const out: BalanceRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      const rows = await this.manager.query(`SELECT * FROM household_balance WHERE household_id IN (${ph(part.length)}) ORDER BY household_id FOR UPDATE`, part);
      out.push(...rows.map(toBalance));
    }
    return out;
  }

  async balances(householdIds: readonly string[]): Promise<BalanceRow[]> {
    if (!householdIds.length) return [];
    const rows = await this.manager.query(`SELECT * FROM household_balance WHERE household_id IN (${ph(householdIds.length)})`, [...householdIds]);
    return rows.map(toBalance);
  }

  async entriesByKeys(keys: string[]): Promise<LedgerEntryRow[]> {
    const out: LedgerEntryRow[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const part = keys.slice(i, i + CHUNK);
      const rows = await this.manager.query(`SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE idempotency_key IN (${ph(part.length)})`, part);
      out.push(...rows.map(toEntry));
    }
    return out;
  }

  /** Positive points of an item code per household this year and this month (caps count what was earned, any version). */
  async itemTotalsSince(householdIds: string[], itemCode: string, yearStart: Date, monthStart: Date): Promise<{ year: Map<string, number>; month: Map<string, number> }> {
    const year = new Map<string, number>();
    const month = new Map<string, number>();
    for (let i = 0; i < householdIds.length; i += CHUNK) {
      const part = householdIds.slice(i, i + CHUNK);
      const rows = await this.manager.query(
        `SELECT household_id, SUM(delta) AS y, SUM(CASE WHEN occurred_at >= ? THEN delta ELSE 0 END) AS m FROM ledger_entry
         WHERE household_id IN (${ph(part.length)}) AND item_code = ? AND occurred_at >= ? AND delta > 0 GROUP BY household_id`,
        [monthStart, ...part, itemCode, yearStart],
      );
      for (const r of rows) {
        year.set(r.household_id, Number(r.y));
        month.set(r.household_id, Number(r.m));
      }
    }
    return { year, month };
  }

  async insertEntries(entries: LedgerEntryRow[]): Promise<void> {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const part = entries.slice(i, i + CHUNK);
      const params: unknown[] = [];
      for (const e of part) {
        params.push(e.id, e.householdId, e.seq, e.villageCode, e.itemId, e.itemCode, e.itemVersion, e.category, e.delta, e.source,
          e.honour ? 1 : 0, e.reason, e.actorId, e.idempotencyKey, e.occurredAt, e.prevHash, e.hash);
      }
      await this.manager.query(`INSERT INTO ledger_entry (${ENTRY_COLUMNS}) VALUES ${rowsOf(part.length, 17)}`, params);
    }
  }

  async saveBalances(balances: BalanceRow[]): Promise<void> {
    for (let i = 0; i < balances.length; i += CHUNK) {
      const part = balances.slice(i, i + CHUNK);
      const params: unknown[] = [];
      for (const b of part) {
        params.push(b.householdId, b.villageCode, b.townshipCode, b.balance, b.earned, b.spent, b.reserved, b.monthKey, b.thisMonth,
          b.yearKey, b.thisYear, b.lastSeq, b.lastHash, b.updatedAt);
      }
      await this.manager.query(
        `INSERT INTO household_balance (household_id, village_code, township_code, balance, earned, spent, reserved, month_key,
           this_month, year_key, this_year, last_seq, last_hash, updated_at) VALUES ${rowsOf(part.length, 14)}
         ON DUPLICATE KEY UPDATE balance = VALUES(balance), earned = VALUES(earned), spent = VALUES(spent), reserved = VALUES(reserved),
           month_key = VALUES(month_key), this_month = VALUES(this_month), year_key = VALUES(year_key), this_year = VALUES(this_year),
           last_seq = VALUES(last_seq), last_hash = VALUES(last_hash), updated_at = VALUES(updated_at)`,
        params,
      );
    }
  }

  /** Outbox rows for a whole batch in one statement per chunk (same table and shape as the kit's recordEvent). */
  async recordEvents(events: Array<{ topic: string; payload: Record<string, unknown> }>, at: Date): Promise<void> {
    for (let i = 0; i < events.length; i += CHUNK) {
      const part = events.slice(i, i + CHUNK);
      const params: unknown[] = [];
      for (const e of part) params.push(newId(), e.topic, JSON.stringify(e.payload), at);
      await this.manager.query(
        `INSERT INTO outbox_event (id, topic, payload, created_at, published_at) VALUES ${part.map(() => '(?, ?, ?, ?, NULL)').join(',')}`,
        params,
      );
    }
  }

  async entriesOf(householdId: string): Promise<LedgerEntryRow[]> {
    const rows = await this.manager.query(`SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE household_id = ? ORDER BY seq`, [householdId]);
    return rows.map(toEntry);
  }

  /** Newest first, keyset on seq. */
  async pageOf(householdId: string, beforeSeq: number | null, limit: number): Promise<LedgerEntryRow[]> {
    const rows = await this.manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE household_id = ? ${beforeSeq ? 'AND seq < ?' : ''} ORDER BY seq DESC LIMIT ?`,
      beforeSeq ? [householdId, beforeSeq, limit] : [householdId, limit],
    );
    return rows.map(toEntry);
  }

  async entriesInVillage(villageCode: string, from: Date, to: Date): Promise<LedgerEntryRow[]> {
    const rows = await this.manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE village_code = ? AND occurred_at >= ? AND occurred_at < ? ORDER BY household_id, seq`,
      [villageCode, from, to],
    );
    return rows.map(toEntry);
  }

  async findEntry(id: string): Promise<LedgerEntryRow | null> {
    const [row] = await this.manager.query(`SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE id = ?`, [id]);
    return row ? toEntry(row) : null;
  }

  /** Sums recomputed from the ledger, per household of a region, for reconciliation. */
  async ledgerSums(prefix: string, month: number, year: number, cstOffsetHours = 8): Promise<Array<{ householdId: string; balance: number; earned: number; spent: number; thisMonth: number; thisYear: number; entries: number; lastSeq: number }>> {
    const local = `DATE_ADD(occurred_at, INTERVAL ${cstOffsetHours} HOUR)`;
    const rows = await this.manager.query(
      `SELECT household_id, SUM(delta) AS balance,
         SUM(CASE WHEN source <> 'SPEND' THEN delta ELSE 0 END) AS earned,
         SUM(CASE WHEN source = 'SPEND' THEN -delta ELSE 0 END) AS spent,
         SUM(CASE WHEN source <> 'SPEND' AND EXTRACT(YEAR_MONTH FROM ${local}) = ? THEN delta ELSE 0 END) AS this_month,
         SUM(CASE WHEN source <> 'SPEND' AND YEAR(${local}) = ? THEN delta ELSE 0 END) AS this_year,
         COUNT(*) AS entries, MAX(seq) AS last_seq
       FROM ledger_entry WHERE village_code LIKE ? GROUP BY household_id`,
      [month, year, `${prefix}%`],
    );
    return rows.map((r: any) => ({
      householdId: r.household_id, balance: Number(r.balance), earned: Number(r.earned), spent: Number(r.spent),
      thisMonth: Number(r.this_month), thisYear: Number(r.this_year), entries: Number(r.entries), lastSeq: Number(r.last_seq),
    }));
  }

  async balancesInRegion(prefix: string): Promise<BalanceRow[]> {
    const rows = await this.manager.query('SELECT * FROM household_balance WHERE village_code LIKE ?', [`${prefix}%`]);
    return rows.map(toBalance);
  }

  // Reservations

  async reservationByKey(key: string, lock = false): Promise<ReservationRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM reservation WHERE idempotency_key = ? ${lock ? 'FOR UPDATE' : ''}`, [key]);
    return row ? toReservation(row) : null;
  }

  async reservation(id: string, lock = false): Promise<ReservationRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM reservation WHERE id = ? ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row ? toReservation(row) : null;
  }

  async insertReservation(r: ReservationRow): Promise<void> {
    await this.manager.query(
      'INSERT INTO reservation (id, household_id, amount, status, idempotency_key, reason, client_id, entry_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
      [r.id, r.householdId, r.amount, r.status, r.idempotencyKey, r.reason, r.clientId, r.entryId, r.createdAt, r.updatedAt],
    );
  }

  async updateReservation(id: string, status: ReservationRow['status'], entryId: string | null, at: Date): Promise<void> {
    await this.manager.query('UPDATE reservation SET status = ?, entry_id = ?, updated_at = ? WHERE id = ?', [status, entryId, at, id]);
  }

  async openReservedSum(householdId: string): Promise<number> {
    const [row] = await this.manager.query("SELECT COALESCE(SUM(amount), 0) AS n FROM reservation WHERE household_id = ? AND status = 'RESERVED'", [householdId]);
    return Number(row.n);
  }

  async setReserved(householdId: string, reserved: number): Promise<void> {
    await this.manager.query('UPDATE household_balance SET reserved = ? WHERE household_id = ?', [reserved, householdId]);
  }

  // Rankings

  /** A backward scan of idx_balance_*_rank (the primary key completes the index, so ties sort by id in the same direction: no filesort). */
  async leaderboard(column: 'village_code' | 'township_code', code: string, limit: number): Promise<BalanceRow[]> {
    const rows = await this.manager.query(
      `SELECT * FROM household_balance WHERE ${column} = ? ORDER BY earned DESC, household_id DESC LIMIT ?`,
      [code, limit],
    );
    return rows.map(toBalance);
  }

  async rankOf(column: 'village_code' | 'township_code', code: string, earned: number): Promise<number> {
    const [row] = await this.manager.query(`SELECT COUNT(*) AS n FROM household_balance WHERE ${column} = ? AND earned > ?`, [code, earned]);
    return Number(row.n) + 1;
  }

  async topGainers(villageCode: string, from: Date, to: Date, limit: number, honourOnly: boolean): Promise<Array<{ householdId: string; points: number }>> {
    const rows = await this.manager.query(
      `SELECT household_id, SUM(delta) AS points FROM ledger_entry
       WHERE village_code = ? AND occurred_at >= ? AND occurred_at < ? AND source <> 'SPEND' ${honourOnly ? 'AND honour = 1' : ''}
       GROUP BY household_id HAVING SUM(delta) > 0 ORDER BY points DESC, household_id LIMIT ?`,
      [villageCode, from, to, limit],
    );
    return rows.map((r: any) => ({ householdId: r.household_id, points: Number(r.points) }));
  }

  async figures(prefix: string, from: Date, to: Date) {
    const [hh] = await this.manager.query(
      `SELECT COUNT(DISTINCT household_id) AS n FROM ledger_entry WHERE village_code LIKE ? AND occurred_at >= ? AND occurred_at < ? AND source <> 'SPEND'`,
      [`${prefix}%`, from, to],
    );
    const cats = await this.manager.query(
      `SELECT COALESCE(category, '') AS category, SUM(CASE WHEN delta > 0 THEN delta ELSE 0 END) AS awarded,
         SUM(CASE WHEN delta < 0 THEN -delta ELSE 0 END) AS deducted
       FROM ledger_entry WHERE village_code LIKE ? AND occurred_at >= ? AND occurred_at < ? AND source <> 'SPEND' GROUP BY category`,
      [`${prefix}%`, from, to],
    );
    return {
      participatingHouseholds: Number(hh.n),
      byCategory: cats.map((c: any) => ({ category: c.category, awarded: Number(c.awarded), deducted: Number(c.deducted) })),
    };
  }
}
