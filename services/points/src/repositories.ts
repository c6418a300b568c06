import { recordEvent } from '@gongzhi/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { ApplicationRepository } from './applications/application.repository';
import { DisclosureRepository } from './disclosures/disclosure.repository';
import { HouseholdRepository } from './households/household.repository';
import { LedgerRepository } from './ledger/ledger.repository';
import { RuleRepository } from './rules/rule.repository';
import { TaskRepository } from './tasks/task.repository';

/** Every repository of points bound to one EntityManager (one transaction, or none). */
export function pointsRepositories(manager: EntityManager) {
  return {
    households: new HouseholdRepository(manager),
    rules: new RuleRepository(manager),
    ledger: new LedgerRepository(manager),
    applications: new ApplicationRepository(manager),
    tasks: new TaskRepository(manager),
    disclosures: new DisclosureRepository(manager),
    events: { record: (topic: string, payload: Record<string, unknown>) => recordEvent(manager, topic, payload) },
  };
}

export type PointsRepositories = ReturnType<typeof pointsRepositories>;
