import { createWorker, EventQueues, eventsQueuePrefix, Topics, type EventEnvelope, type Logger } from '@gongzhi/subgraph-kit';
import type { Redis } from 'ioredis';
import type { HouseholdService } from './household.service';

/** Consumes identity's household events from `points-events`. */
export function createHouseholdEventsWorker(households: HouseholdService, connection: Redis, queueBase: string, logger: Logger) {
  const handle = async (job: { data: EventEnvelope }) => households.project(job.data);
  return createWorker(
    EventQueues.points,
    {
      [Topics.HOUSEHOLD_CREATED]: handle,
      [Topics.HOUSEHOLD_MEMBER_ADDED]: handle,
      [Topics.HOUSEHOLD_MEMBER_REMOVED]: handle,
      [Topics.HOUSEHOLD_HEAD_TRANSFERRED]: handle,
    },
    { connection, prefix: eventsQueuePrefix(queueBase), logger, concurrency: 4 },
  );
}
