import { POINTS_POSTED_MAX_ENTRIES, Topics, unpackPointsPosted, type PointsPostedEvent } from '@gongzhi/subgraph-kit';
import type { LedgerEntryRow } from './ledger.entity';
import { postedEntry, postedEvents } from './ledger.service';

const entry = (i: number, over: Partial<LedgerEntryRow> = {}): LedgerEntryRow => ({
  id: `e${i}`, householdId: `h${i}`, seq: 1, villageCode: '510681106001', itemId: null, itemCode: 'VILLAGE_CLEANUP', itemVersion: 1,
  category: '生态宜居', delta: 3, source: 'BULK', honour: false, reason: '村庄清洁日', actorId: 'u', idempotencyKey: `k${i}`,
  occurredAt: new Date('2026-05-01T02:00:00Z'), prevHash: '0'.repeat(64), hash: '1'.repeat(64), ...over,
});

const payloads = (entries: LedgerEntryRow[]) => postedEvents(entries).map((e) => e.payload as unknown as PointsPostedEvent);

describe('points.posted events', () => {
  it('carry every entry of a posting, in order, split at the message size limit', () => {
    const entries = Array.from({ length: 2 * POINTS_POSTED_MAX_ENTRIES + 1 }, (_, i) => entry(i));
    const events = postedEvents(entries);
    expect(events.map((e) => e.topic)).toEqual([Topics.POINTS_POSTED, Topics.POINTS_POSTED, Topics.POINTS_POSTED]);
    const carried = events.flatMap((e) => unpackPointsPosted(e.payload as unknown as PointsPostedEvent));
    expect(carried).toEqual(entries.map(postedEntry));
    expect(carried[0]).toEqual({
      entryId: 'e0', householdId: 'h0', villageCode: '510681106001', itemCode: 'VILLAGE_CLEANUP', category: '生态宜居', delta: 3, source: 'BULK', honour: false, occurredAt: '2026-05-01T02:00:00.000Z',
    });
  });

  it('send what a bulk posting shares once, and keep per entry what differs', () => {
    const [bulk] = payloads([entry(0), entry(1), entry(2)]);
    expect(bulk.shared).toEqual({ villageCode: '510681106001', itemCode: 'VILLAGE_CLEANUP', category: '生态宜居', source: 'BULK', honour: false, occurredAt: '2026-05-01T02:00:00.000Z' });
    expect(bulk.entries[1]).toEqual({ entryId: 'e1', householdId: 'h1', delta: 3 });

    const mixed = [entry(0), entry(1, { villageCode: '510681106002', delta: -5, honour: true })];
    const [event] = payloads(mixed);
    expect(event.shared).toEqual({ itemCode: 'VILLAGE_CLEANUP', category: '生态宜居', source: 'BULK', occurredAt: '2026-05-01T02:00:00.000Z' });
    expect(unpackPointsPosted(event)).toEqual(mixed.map(postedEntry));
  });

  it('leave a single entry whole, and read events written before entries were packed', () => {
    const [single] = payloads([entry(7)]);
    expect(single).toEqual({ entries: [postedEntry(entry(7))] });
    expect(unpackPointsPosted(single)).toEqual([postedEntry(entry(7))]);
    const old = { entries: [postedEntry(entry(1)), postedEntry(entry(2))] };
    expect(unpackPointsPosted(old)).toEqual(old.entries);
    expect(unpackPointsPosted({} as PointsPostedEvent)).toEqual([]);
  });

  it('are not written for an empty posting', () => {
    expect(postedEvents([])).toEqual([]);
  });
});
