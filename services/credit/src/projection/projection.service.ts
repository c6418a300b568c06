import {
  Topics,
  unpackPointsPosted,
  type EventEnvelope,
  type HouseholdCreatedEvent,
  type IssueRaisedEvent,
  type IssueRatedEvent,
  type PointsApplicationDecidedEvent,
  type PointsPostedEntry,
  type PointsPostedEvent,
  type PointsTaskCompletedEvent,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import type { CreditService } from '../credit/credit.service';
import { monthKey } from '../credit/credit.service';
import type { CreditRepositories } from '../repositories';
import type { FactCounter } from './projection.repository';

export type EventOutcome = 'APPLIED' | 'DUPLICATE' | 'IGNORED';

/** The township and county a 12-digit village code belongs to. */
export function placesOf(villageCode: string): { villageCode: string; townshipCode: string; countyCode: string } {
  const village = villageCode.slice(0, 12);
  return { villageCode: village, townshipCode: `${village.slice(0, 9)}000`, countyCode: village.slice(0, 6) };
}

const isVillageCode = (v: unknown): v is string => typeof v === 'string' && /^\d{12}(\d{3})?$/.test(v);

/**
 * Takes in the events credit consumes. Each runs in one transaction with a processed-event
 * row keyed by the event id, so a redelivered event changes nothing; points entries are
 * also keyed by ledger entry id, so the same entry under another event id counts once.
 */
export class ProjectionService {
  constructor(
    private readonly tx: Transactor<CreditRepositories>,
    private readonly credit: CreditService,
  ) {}

  async handle(envelope: EventEnvelope): Promise<EventOutcome> {
    if (envelope.topic === Topics.POINTS_POSTED) return this.pointsPosted(envelope);
    const p = envelope.payload as Record<string, unknown>;
    const householdId = typeof p.householdId === 'string' ? p.householdId : null;
    return this.tx.run(async (repos) => {
      if (!(await repos.projection.markProcessed(envelope.id, envelope.topic))) return 'DUPLICATE';
      if (!householdId || !isVillageCode(p.villageCode)) return 'IGNORED';
      const places = placesOf(p.villageCode);
      await repos.projection.ensureHousehold(householdId, places.villageCode, places.townshipCode, places.countyCode);
      const changed = await this.apply(repos, envelope.topic, p, householdId);
      if (!changed) return 'IGNORED';
      await this.credit.rescore(repos, [householdId], { eventId: envelope.id, topic: envelope.topic });
      return 'APPLIED';
    });
  }

  /**
   * A posting's entries (one award, or a bulk posting's households): taken in together, and the
   * households whose facts changed rescored in the same transaction.
   */
  private async pointsPosted(envelope: EventEnvelope): Promise<EventOutcome> {
    const entries = unpackPointsPosted(envelope.payload as Partial<PointsPostedEvent>).filter(
      (e): e is PointsPostedEntry => !!e && typeof e.entryId === 'string' && typeof e.householdId === 'string' && isVillageCode(e.villageCode) && Number.isInteger(e.delta),
    );
    return this.tx.run(async (repos) => {
      if (!(await repos.projection.markProcessed(envelope.id, envelope.topic))) return 'DUPLICATE';
      if (!entries.length) return 'IGNORED';
      const households = new Map(entries.map((e) => [e.householdId, { householdId: e.householdId, ...placesOf(e.villageCode) }]));
      await repos.projection.ensureHouseholds([...households.values()]);
      const fresh = await repos.projection.addPointsEntries(
        entries.map((e) => {
          const at = new Date(e.occurredAt);
          const occurredAt = Number.isNaN(at.getTime()) ? new Date() : at;
          // Spending in the mall is not a loss of merit: credit counts earned and deducted points only.
          return { entryId: e.entryId, householdId: e.householdId, delta: e.delta, honour: !!e.honour, occurredAt, countsAsEarned: e.source !== 'SPEND', month: monthKey(occurredAt) };
        }),
      );
      if (!fresh.length) return 'IGNORED';
      await this.credit.rescore(repos, [...new Set(fresh.map((e) => e.householdId))], { eventId: envelope.id, topic: envelope.topic });
      return 'APPLIED';
    });
  }

  private async apply(repos: CreditRepositories, topic: string, p: Record<string, unknown>, householdId: string): Promise<boolean> {
    const count = async (counter: FactCounter) => {
      await repos.projection.increment(householdId, counter);
      return true;
    };
    switch (topic) {
      case Topics.HOUSEHOLD_CREATED:
      case Topics.HOUSEHOLD_MEMBER_ADDED:
      case Topics.HOUSEHOLD_MEMBER_REMOVED:
      case Topics.HOUSEHOLD_HEAD_TRANSFERRED:
        void (p as unknown as HouseholdCreatedEvent);
        return true;
      case Topics.POINTS_APPLICATION_DECIDED:
        return (p as unknown as PointsApplicationDecidedEvent).outcome === 'APPROVED' ? count('applications_approved') : false;
      case Topics.POINTS_TASK_COMPLETED:
        void (p as unknown as PointsTaskCompletedEvent);
        return count('tasks_completed');
      case Topics.ISSUE_RAISED:
        void (p as unknown as IssueRaisedEvent);
        return count('issues_raised');
      case Topics.ISSUE_RATED:
        void (p as unknown as IssueRatedEvent);
        return count('issues_rated');
      default:
        return false;
    }
  }
}
