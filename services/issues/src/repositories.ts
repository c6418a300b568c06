import { recordEvent } from '@gongzhi/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { CalendarRepository } from './calendar/calendar.repository';
import { IssueRepository } from './issues/issue.repository';
import { NotificationRepository } from './notifications/notification.repository';
import { SlaRepository } from './sla/sla.repository';
import { WebhookRepository } from './webhooks/webhook.repository';

/** Every repository of the issues service bound to one EntityManager (one transaction, or none). */
export function issuesRepositories(manager: EntityManager) {
  return {
    issues: new IssueRepository(manager),
    sla: new SlaRepository(manager),
    notifications: new NotificationRepository(manager),
    calendar: new CalendarRepository(manager),
    webhooks: new WebhookRepository(manager),
    events: { record: (topic: string, payload: Record<string, unknown>) => recordEvent(manager, topic, payload) },
  };
}

export type IssuesRepositories = ReturnType<typeof issuesRepositories>;
