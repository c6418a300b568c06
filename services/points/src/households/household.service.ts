import { normalizeRegionCode, Topics, type EventEnvelope, type RequestContext } from '@gongzhi/subgraph-kit';
import { PointsErrors } from '../errors';
import { GENESIS_HASH } from '../ledger/ledger.chain';
import type { PointsRepositories } from '../repositories';
import type { HouseholdRow } from './household.entity';

export function townshipOf(villageCode: string): string {
  return `${villageCode.slice(0, 9)}000`;
}

export class HouseholdService {
  constructor(private readonly repos: PointsRepositories) {}

  /** Identity's household events → this service's projection. Replays are harmless. */
  async project(event: EventEnvelope): Promise<void> {
    const p = event.payload as { householdId?: string; villageCode?: string; headUserId?: string; to?: string };
    if (!p.householdId || !p.villageCode) throw new Error(`event ${event.id} (${event.topic}) lacks householdId or villageCode`);
    const villageCode = normalizeRegionCode(p.villageCode);
    const head = event.topic === Topics.HOUSEHOLD_CREATED ? p.headUserId : event.topic === Topics.HOUSEHOLD_HEAD_TRANSFERRED ? p.to : undefined;
    await this.repos.households.upsert(
      { id: p.householdId, villageCode, townshipCode: townshipOf(villageCode), headUserId: head ?? null, createdAt: new Date(event.occurredAt) },
      GENESIS_HASH,
    );
  }

  async get(id: string): Promise<HouseholdRow> {
    const [row] = await this.repos.households.findByIds([id]);
    if (!row) throw PointsErrors.householdNotFound(id);
    return row;
  }

  byIds(ids: readonly string[]): Promise<HouseholdRow[]> {
    return this.repos.households.findByIds(ids);
  }

  /** The caller's own household (from the token), as this service knows it. */
  async own(ctx: RequestContext): Promise<HouseholdRow> {
    const p = ctx.principal;
    if (!p || p.kind !== 'user' || !p.householdId) throw PointsErrors.noHousehold();
    return this.get(p.householdId);
  }

  idsInVillage(villageCode: string): Promise<string[]> {
    return this.repos.households.idsInVillage(villageCode);
  }
}
