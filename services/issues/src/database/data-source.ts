import { createDataSource, CreateOutbox1763800000000, OutboxEventEntity } from '@gongzhi/subgraph-kit';
import { CalendarYearEntity, CountySettingsEntity } from '../calendar/calendar.entity';
import { IssueEntity, IssueEventEntity, IssuePartyEntity } from '../issues/issue.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { IssueEscalationEntity, SlaReminderEntity } from '../sla/sla.entity';
import { IssuesSchema1763800000401 } from './migrations/1763800000401-issues-schema';
import { Webhooks1763800000402 } from './migrations/1763800000402-webhooks';
import { IssueIdempotency1763800000403 } from './migrations/1763800000403-issue-idempotency';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from '../webhooks/webhook.entity';

export function createIssuesDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    poolSize,
    entities: [
      IssueEntity,
      IssueEventEntity,
      IssuePartyEntity,
      SlaReminderEntity,
      IssueEscalationEntity,
      NotificationEntity,
      CountySettingsEntity,
      CalendarYearEntity,
      WebhookEndpointEntity,
      WebhookDeliveryEntity,
      OutboxEventEntity,
    ],
    migrations: [CreateOutbox1763800000000, IssuesSchema1763800000401, Webhooks1763800000402, IssueIdempotency1763800000403],
  });
}
