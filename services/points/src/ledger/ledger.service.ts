import {
  decodeCursor,
  groupBy,
  isDuplicateKey,
  newId,
  normalizeRegionCode,
  OFFICERS,
  CADRES_AND_ABOVE,
  regionPrefix,
  requireRoleOver,
  toConnection,
  Topics,
  type Connection,
  packPointsPosted,
  POINTS_POSTED_MAX_ENTRIES,
  type PointsPostedEntry,
  type PointsPostedEvent,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { canReadHousehold, requireSpendService } from '../access';
import { PointsErrors } from '../errors';
import type { HouseholdRow } from '../households/household.entity';
import { monthKey, monthRange, yearKey, yearRange } from '../periods';
import type { PointsRepositories } from '../repositories';
import type { RuleItemRow } from '../rules/rule.entity';
import { applyEntry, entryHash, verifyChain, type ChainCheck } from './ledger.chain';
import type { BalanceRow, EntrySource, LedgerEntryRow, ReservationRow } from './ledger.entity';

/** One entry to post. `item` carries caps; caps are checked under the household lock. */
export interface Posting {
  householdId: string;
  delta: number;
  source: EntrySource;
  item: RuleItemRow | null;
  /** Category when there is no item (a task's reward). */
  category?: string | null;
  reason: string;
  actorId: string;
  idempotencyKey: string;
}

export interface HouseholdPointsView {
  householdId: string;
  balance: number;
  available: number;
  earned: number;
  spent: number;
  thisMonth: number;
  thisYear: number;
  villageRank: number;
}

export interface ReconciliationView {
  households: number;
  entries: number;
  mismatches: Array<{ householdId: string; field: string; projected: number; fromLedger: number }>;
}

export class LedgerService {
  constructor(
    private readonly repos: PointsRepositories,
    private readonly tx: Transactor<PointsRepositories>,
  ) {}

  /** Posts in its own transaction; a replay of the same keys returns the entries already posted. */
  async post(postings: Posting[]): Promise<LedgerEntryRow[]> {
    return this.postTo(postings.map((p) => p.householdId), async () => postings);
  }

  /**
   * Posts to households whose postings depend on what their locked balance rows say (their
   * village: who may post there, which village rule applies), so callers need no lookup of
   * their own before the transaction.
   */
  async postTo(householdIds: string[], build: (balances: BalanceRow[]) => Promise<Posting[]>): Promise<LedgerEntryRow[]> {
    try {
      // Fresh keys are the rule, so the first attempt lets the unique key find replays (one query less).
      return await this.tx.run((repos) => this.postBuiltWithin(repos, householdIds, build, new Date(), false));
    } catch (err) {
      // A replay, or two callers racing on one key: the second pass returns the entries already posted.
      if (isDuplicateKey(err, 'uq_ledger_idempotency')) return this.tx.run((repos) => this.postBuiltWithin(repos, householdIds, build, new Date(), true));
      throw err;
    }
  }

  /**
   * The ledger's one write path, inside the caller's transaction: lock the households' balance
   * rows (in id order), chain the new entries in memory, then one multi-row insert each for
   * entries, balances and outbox events.
   */
  async postWithin(repos: PointsRepositories, postings: Posting[], now = new Date(), lookForReplays = true): Promise<LedgerEntryRow[]> {
    return this.postBuiltWithin(repos, postings.map((p) => p.householdId), async () => postings, now, lookForReplays);
  }

  private async postBuiltWithin(
    repos: PointsRepositories,
    householdIds: string[],
    build: (balances: BalanceRow[]) => Promise<Posting[]>,
    now: Date,
    lookForReplays: boolean,
  ): Promise<LedgerEntryRow[]> {
    if (!householdIds.length) return [];
    const locked = await repos.ledger.lockBalances(householdIds);
    const balances = new Map(locked.map((b) => [b.householdId, b]));
    for (const id of householdIds) if (!balances.has(id)) throw PointsErrors.householdNotFound(id);
    const postings = await build(householdIds.map((id) => balances.get(id)!));
    if (!postings.length) return [];

    const replays = lookForReplays ? await repos.ledger.entriesByKeys(postings.map((p) => p.idempotencyKey)) : [];
    const existing = new Map(replays.map((e) => [e.idempotencyKey, e]));
    const fresh = postings.filter((p) => !existing.has(p.idempotencyKey));
    for (const p of postings) {
      const e = existing.get(p.idempotencyKey);
      if (e && (e.householdId !== p.householdId || e.delta !== p.delta)) throw PointsErrors.keyReused();
    }
    // The cap query runs while the entries are chained in memory (one turn of the event loop puts it
    // on the wire first); nothing is written before it answers.
    const capsChecked = this.checkCaps(repos, fresh, now);
    capsChecked.catch(() => undefined); // handled: awaited below, even if it fails during the wait
    await new Promise((resolve) => setImmediate(resolve));

    const created: LedgerEntryRow[] = [];
    const touched = new Map<string, BalanceRow>();
    for (const p of fresh) {
      const b = balances.get(p.householdId)!;
      const entry: LedgerEntryRow = {
        id: newId(),
        householdId: p.householdId,
        seq: b.lastSeq + 1,
        villageCode: b.villageCode,
        itemId: p.item?.id ?? null,
        itemCode: p.item?.code ?? null,
        itemVersion: p.item?.version ?? null,
        category: p.item?.category ?? p.category ?? null,
        delta: p.delta,
        source: p.source,
        honour: p.item?.honour ?? false,
        reason: p.reason,
        actorId: p.actorId,
        idempotencyKey: p.idempotencyKey,
        occurredAt: now,
        prevHash: b.lastHash,
        hash: '',
      };
      entry.hash = entryHash(entry);
      applyEntry(b, entry);
      touched.set(b.householdId, b);
      created.push(entry);
    }
    await capsChecked;
    if (created.length) {
      // Sent back to back on the transaction's connection: each statement is formatted while the one before it runs.
      await Promise.all([
        repos.ledger.insertEntries(created),
        repos.ledger.saveBalances([...touched.values()]),
        repos.ledger.recordEvents(postedEvents(created), now),
      ]);
    }
    const byKey = new Map(created.map((e) => [e.idempotencyKey, e]));
    return postings.map((p) => existing.get(p.idempotencyKey) ?? byKey.get(p.idempotencyKey)!);
  }

  private async checkCaps(repos: PointsRepositories, postings: Posting[], now: Date): Promise<void> {
    const capped = postings.filter((p) => p.item && p.delta > 0 && (p.item.monthlyCap !== null || p.item.yearlyCap !== null));
    const byItem = groupBy(capped, (p) => p.item!.code);
    for (const [code, list] of byItem) {
      const item = list[0].item!;
      const ids = [...new Set(list.map((p) => p.householdId))];
      const sums = await repos.ledger.itemTotalsSince(ids, code, yearRange(yearKey(now))[0], monthRange(monthKey(now))[0]);
      for (const [cap, period, totals] of [
        [item.monthlyCap, 'month', sums.month],
        [item.yearlyCap, 'year', sums.year],
      ] as const) {
        if (cap === null) continue;
        for (const p of list) {
          const total = (totals.get(p.householdId) ?? 0) + p.delta;
          if (total > cap) throw PointsErrors.capExceeded(code, period, cap);
          totals.set(p.householdId, total);
        }
      }
    }
  }

  // Reading

  async pointsOf(householdIds: readonly string[]): Promise<Map<string, HouseholdPointsView>> {
    const rows = await this.repos.ledger.balances(householdIds);
    const now = new Date();
    const out = new Map<string, HouseholdPointsView>();
    for (const b of rows) out.set(b.householdId, await this.view(b, now));
    return out;
  }

  private async view(b: BalanceRow, now: Date): Promise<HouseholdPointsView> {
    return {
      householdId: b.householdId,
      balance: b.balance,
      available: b.balance - b.reserved,
      earned: b.earned,
      spent: b.spent,
      thisMonth: b.monthKey === monthKey(now) ? b.thisMonth : 0,
      thisYear: b.yearKey === yearKey(now) ? b.thisYear : 0,
      villageRank: await this.repos.ledger.rankOf('village_code', b.villageCode, b.earned),
    };
  }

  async ledgerPage(householdId: string, first: number, after?: string | null): Promise<Connection<LedgerEntryRow>> {
    const beforeSeq = after ? Number(decodeCursor(after)[0]) : null;
    const rows = await this.repos.ledger.pageOf(householdId, beforeSeq, first + 1);
    return toConnection(rows, first, (e) => [e.seq]);
  }

  async verifyChain(ctx: RequestContext, household: HouseholdRow): Promise<ChainCheck> {
    this.assertCanRead(ctx, household);
    const check = verifyChain(await this.repos.ledger.entriesOf(household.id));
    // The projection's head must be the chain's head too: a deleted last entry shows here.
    const [balance] = await this.repos.ledger.balances([household.id]);
    if (check.valid && balance && balance.lastHash !== check.headHash) return { ...check, valid: false, brokenAtSeq: check.entries + 1 };
    return check;
  }

  /** Recomputes every household's projection of a region from the ledger and lists what differs. */
  async reconcile(ctx: RequestContext, regionCode: string): Promise<ReconciliationView> {
    const region = normalizeRegionCode(regionCode);
    requireRoleOver(ctx, region, CADRES_AND_ABOVE);
    const now = new Date();
    const prefix = regionPrefix(region);
    const [sums, balances] = await Promise.all([this.repos.ledger.ledgerSums(prefix, monthKey(now), yearKey(now)), this.repos.ledger.balancesInRegion(prefix)]);
    const fromLedger = new Map(sums.map((s) => [s.householdId, s]));
    const mismatches: ReconciliationView['mismatches'] = [];
    let entries = 0;
    for (const b of balances) {
      const s = fromLedger.get(b.householdId) ?? { balance: 0, earned: 0, spent: 0, thisMonth: 0, thisYear: 0, entries: 0, lastSeq: 0 };
      entries += s.entries;
      const projected = {
        balance: b.balance, earned: b.earned, spent: b.spent,
        thisMonth: b.monthKey === monthKey(now) ? b.thisMonth : 0,
        thisYear: b.yearKey === yearKey(now) ? b.thisYear : 0,
        lastSeq: b.lastSeq,
      };
      for (const field of Object.keys(projected) as Array<keyof typeof projected>) {
        const expected = field === 'lastSeq' ? s.entries : s[field];
        if (projected[field] !== expected) mismatches.push({ householdId: b.householdId, field, projected: projected[field], fromLedger: expected });
      }
    }
    return { households: balances.length, entries, mismatches };
  }

  assertCanRead(ctx: RequestContext, household: { id: string; villageCode: string }): void {
    if (!canReadHousehold(ctx.principal, household)) throw PointsErrors.householdNotFound(household.id);
  }

  // Spending (the mall, through a SERVICE client)

  async reserve(ctx: RequestContext, input: { householdId: string; amount: number; idempotencyKey: string; reason: string }): Promise<ReservationRow> {
    const client = requireSpendService(ctx);
    const run = () =>
      this.tx.run(async (repos) => {
        const [balance] = await repos.ledger.lockBalances([input.householdId]);
        const prior = await repos.ledger.reservationByKey(input.idempotencyKey);
        if (prior) {
          if (prior.householdId !== input.householdId || prior.amount !== input.amount) throw PointsErrors.keyReused();
          return prior;
        }
        if (!balance) throw PointsErrors.householdNotFound(input.householdId);
        const available = balance.balance - balance.reserved;
        if (available < input.amount) throw PointsErrors.insufficient(Math.max(available, 0), input.amount);
        const now = new Date();
        const row: ReservationRow = {
          id: newId(), householdId: input.householdId, amount: input.amount, status: 'RESERVED', idempotencyKey: input.idempotencyKey,
          reason: input.reason, clientId: client.clientId, entryId: null, createdAt: now, updatedAt: now,
        };
        await repos.ledger.insertReservation(row);
        await repos.ledger.setReserved(input.householdId, balance.reserved + input.amount);
        return row;
      });
    try {
      return await run();
    } catch (err) {
      // Same key on two households at once: the second finds the first's reservation.
      if (isDuplicateKey(err, 'uq_reservation_key')) return run();
      throw err;
    }
  }

  async commit(ctx: RequestContext, reservationId: string): Promise<ReservationRow> {
    const client = requireSpendService(ctx);
    return this.settle(reservationId, 'COMMITTED', client.clientId);
  }

  async release(ctx: RequestContext, reservationId: string): Promise<ReservationRow> {
    requireSpendService(ctx);
    return this.settle(reservationId, 'RELEASED', '');
  }

  private async settle(reservationId: string, to: 'COMMITTED' | 'RELEASED', actorId: string): Promise<ReservationRow> {
    const peek = await this.repos.ledger.reservation(reservationId);
    if (!peek) throw PointsErrors.reservationNotFound(reservationId);
    return this.tx.run(async (repos) => {
      // Household first, then the reservation: the same lock order as reserve().
      const [balance] = await repos.ledger.lockBalances([peek.householdId]);
      const r = (await repos.ledger.reservation(reservationId, true))!;
      if (r.status === to) return r;
      if (r.status === 'RELEASED') throw PointsErrors.reservationReleased();
      if (r.status === 'COMMITTED') throw PointsErrors.reservationCommitted();
      const now = new Date();
      let entryId: string | null = null;
      if (to === 'COMMITTED') {
        const [entry] = await this.postWithin(
          repos,
          [{ householdId: r.householdId, delta: -r.amount, source: 'SPEND', item: null, reason: r.reason, actorId: actorId || r.clientId, idempotencyKey: `spend:${r.id}` }],
          now,
        );
        entryId = entry.id;
      }
      // postWithin saved the balance with the reservation still counted; take it off now.
      const reserved = await repos.ledger.openReservedSum(r.householdId);
      await repos.ledger.setReserved(r.householdId, reserved - r.amount);
      await repos.ledger.updateReservation(r.id, to, entryId, now);
      void balance;
      return { ...r, status: to, entryId, updatedAt: now };
    });
  }

  async reservationByKey(ctx: RequestContext, key: string): Promise<ReservationRow | null> {
    requireSpendService(ctx);
    return this.repos.ledger.reservationByKey(key);
  }

  requireOfficerOver(ctx: RequestContext, region: string) {
    return requireRoleOver(ctx, region, OFFICERS);
  }
}

export function postedEntry(e: LedgerEntryRow): PointsPostedEntry {
  return {
    entryId: e.id,
    householdId: e.householdId,
    villageCode: e.villageCode,
    itemCode: e.itemCode,
    category: e.category,
    delta: e.delta,
    source: e.source,
    honour: e.honour,
    occurredAt: e.occurredAt.toISOString(),
  };
}

/** One points.posted event per posting call, split so no message grows past POINTS_POSTED_MAX_ENTRIES entries. */
export function postedEvents(entries: LedgerEntryRow[]): Array<{ topic: string; payload: Record<string, unknown> }> {
  const events: Array<{ topic: string; payload: Record<string, unknown> }> = [];
  for (let i = 0; i < entries.length; i += POINTS_POSTED_MAX_ENTRIES) {
    const payload: PointsPostedEvent = packPointsPosted(entries.slice(i, i + POINTS_POSTED_MAX_ENTRIES).map(postedEntry));
    events.push({ topic: Topics.POINTS_POSTED, payload: payload as unknown as Record<string, unknown> });
  }
  return events;
}
