import { queuePrefix } from './queue';

/**
 * The events services exchange through the outbox and BullMQ: one queue per consuming
 * service, all under the platform-wide `{events}` hash tag. Topic names and payloads are the
 * contract between services; change them only together with every consumer.
 */
export function eventsQueuePrefix(base = 'gz'): string {
  return queuePrefix('events', base);
}

export const EventQueues = {
  points: 'points-events',
  issues: 'issues-events',
  mall: 'mall-events',
  credit: 'credit-events',
} as const;

export const Topics = {
  HOUSEHOLD_CREATED: 'identity.household.created',
  HOUSEHOLD_MEMBER_ADDED: 'identity.household.member_added',
  HOUSEHOLD_MEMBER_REMOVED: 'identity.household.member_removed',
  HOUSEHOLD_HEAD_TRANSFERRED: 'identity.household.head_transferred',
  USER_REGISTERED: 'identity.user.registered',
  POINTS_POSTED: 'points.posted',
  POINTS_APPLICATION_DECIDED: 'points.application.decided',
  POINTS_TASK_COMPLETED: 'points.task.completed',
  ISSUE_RAISED: 'issues.raised',
  ISSUE_RATED: 'issues.rated',
  ORDER_COMPLETED: 'mall.order.completed',
} as const;

export interface HouseholdCreatedEvent {
  householdId: string;
  villageCode: string;
  headUserId: string;
}

/** One ledger entry, as credit and others see it. Points are signed integers. */
export interface PointsPostedEntry {
  entryId: string;
  householdId: string;
  villageCode: string;
  /** Rule item code, null for spends and reservations. */
  itemCode: string | null;
  /** One of the five categories (爱国守法, 生态宜居, 产业兴旺, 乡风文明, 共建共治) or null. */
  category: string | null;
  delta: number;
  source: 'APPLICATION' | 'TASK' | 'AWARD' | 'DEDUCTION' | 'BULK' | 'CORRECTION' | 'SPEND';
  /** An honour such as 最美家庭 (social evaluation for credit). */
  honour: boolean;
  occurredAt: string;
}

/**
 * The entries one posting wrote (a single award, or up to POINTS_POSTED_MAX_ENTRIES of a bulk
 * posting): one event per call rather than per entry, so a village clean-up day costs the
 * outbox, the queue and each consumer one message, not a thousand. What every entry has in
 * common (a bulk posting's village, item, category, time) travels once, in `shared`; an entry's
 * own fields win. Events written before `shared` existed carry whole entries and read the same.
 */
export interface PointsPostedEvent {
  shared?: Partial<PointsPostedEntry>;
  entries: Array<Partial<PointsPostedEntry>>;
}

export const POINTS_POSTED_MAX_ENTRIES = 500;

const SHAREABLE = ['villageCode', 'itemCode', 'category', 'source', 'honour', 'occurredAt'] as const;

export function packPointsPosted(entries: PointsPostedEntry[]): PointsPostedEvent {
  if (entries.length < 2) return { entries };
  const shared: Partial<Record<keyof PointsPostedEntry, unknown>> = {};
  for (const key of SHAREABLE) if (entries.every((e) => e[key] === entries[0][key])) shared[key] = entries[0][key];
  const own = (Object.keys(entries[0]) as Array<keyof PointsPostedEntry>).filter((key) => !(key in shared));
  const packed = entries.map((e) => {
    const out: Partial<Record<keyof PointsPostedEntry, unknown>> = {};
    for (const key of own) out[key] = e[key];
    return out as Partial<PointsPostedEntry>;
  });
  return { shared: shared as Partial<PointsPostedEntry>, entries: packed };
}

/** The entries of an event as the producer wrote them, unchecked (a consumer validates each). */
export function unpackPointsPosted(event: Partial<PointsPostedEvent>): Array<Partial<PointsPostedEntry>> {
  const entries = Array.isArray(event.entries) ? event.entries : [];
  const shared = event.shared && typeof event.shared === 'object' ? event.shared : null;
  return shared ? entries.map((e) => (e && typeof e === 'object' ? { ...shared, ...e } : e)) : entries;
}

export interface PointsApplicationDecidedEvent {
  applicationId: string;
  householdId: string;
  villageCode: string;
  outcome: 'APPROVED' | 'REJECTED';
  occurredAt: string;
}

export interface PointsTaskCompletedEvent {
  taskId: string;
  householdId: string;
  villageCode: string;
  occurredAt: string;
}

export interface IssueRaisedEvent {
  issueId: string;
  householdId: string | null;
  userId: string;
  villageCode: string;
  occurredAt: string;
}

export interface IssueRatedEvent {
  issueId: string;
  householdId: string | null;
  userId: string;
  villageCode: string;
  stars: number;
  occurredAt: string;
}
