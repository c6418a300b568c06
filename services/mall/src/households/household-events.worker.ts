import { EventQueues, Topics, type EventEnvelope, type HouseholdCreatedEvent, type JobHandlers } from '@gongzhi/subgraph-kit';
import type { Job } from 'bullmq';
import type { HouseholdProjectionRepository } from './household-projection.repository';

export const HOUSEHOLD_EVENTS_QUEUE = EventQueues.mall;

/**
 * Identity's household events keep `household_projection` (id → village). An upsert by id
 * is idempotent, so a redelivered job changes nothing. Membership events carry the village
 * too, which repairs a projection that missed the creation.
 */
export function householdEventHandlers(households: HouseholdProjectionRepository): JobHandlers {
  const upsert = async (job: Job) => {
    const { payload } = job.data as EventEnvelope<Partial<HouseholdCreatedEvent>>;
    if (payload.householdId && payload.villageCode) await households.upsert(payload.householdId, payload.villageCode);
  };
  return {
    [Topics.HOUSEHOLD_CREATED]: upsert,
    [Topics.HOUSEHOLD_MEMBER_ADDED]: upsert,
    [Topics.HOUSEHOLD_MEMBER_REMOVED]: upsert,
    [Topics.HOUSEHOLD_HEAD_TRANSFERRED]: upsert,
  };
}
