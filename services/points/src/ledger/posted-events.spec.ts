import { POINTS_POSTED_MAX_ENTRIES, Topics } from '@gongzhi/subgraph-kit';
import type { LedgerEntryRow } from './ledger.entity';
import { postedEvents } from './ledger.service';

const entry = (i: number): LedgerEntryRow => ({
  id: `e${i}`, householdId: `h${i}`, seq: 1, villageCode: '510681106001', itemId: null, itemCode: 'VILLAGE_CLEANUP', itemVersion: 1,
  category: '生态宜居', delta: 3, source: 'BULK', honour: false, reason: '村庄清洁日', actorId: 'u', idempotencyKey: `k${i}`,
  occurredAt: new Date('2026-05-01T02:00:00Z'), prevHash: '0'.repeat(64), hash: '1'.repeat(64),
});

describe('points.posted events', () => {
  it('carry every entry of a posting, in order, split at the message size limit', () => {
    const entries = Array.from({ length: 2 * POINTS_POSTED_MAX_ENTRIES + 1 }, (_, i) => entry(i));
    const events = postedEvents(entries);
    expect(events.map((e) => e.topic)).toEqual([Topics.POINTS_POSTED, Topics.POINTS_POSTED, Topics.POINTS_POSTED]);
    const carried = events.flatMap((e) => (e.payload as { entries: Array<{ entryId: string }> }).entries.map((x) => x.entryId));
    expect(carried).toEqual(entries.map((e) => e.id));
    expect((events[0].payload as { entries: unknown[] }).entries[0]).toEqual({
      entryId: 'e0', householdId: 'h0', villageCode: '510681106001', itemCode: 'VILLAGE_CLEANUP', category: '生态宜居', delta: 3, source: 'BULK', honour: false, occurredAt: '2026-05-01T02:00:00.000Z',
    });
  });

  it('are not written for an empty posting', () => {
    expect(postedEvents([])).toEqual([]);
  });
});
