import { DomainError } from '@gongzhi/subgraph-kit';

/** Stable codes of the points service (extensions.code). */
export const PointsErrors = {
  householdNotFound: (id: string) => new DomainError('HOUSEHOLD_NOT_FOUND', `Household ${id} is not known to the points service`),
  itemNotFound: (code: string) => new DomainError('RULE_ITEM_NOT_FOUND', `No rule item "${code}" is in effect here`),
  itemExists: (code: string) => new DomainError('RULE_ITEM_EXISTS', `Rule item "${code}" already exists here; update it to make a new version`),
  capExceeded: (code: string, period: 'month' | 'year', cap: number) =>
    new DomainError('CAP_EXCEEDED', `Item "${code}" is capped at ${cap} points per household per ${period}`),
  evidenceRequired: (code: string) => new DomainError('EVIDENCE_REQUIRED', `Item "${code}" needs at least one evidence link`),
  keyReused: () => new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request'),
  insufficient: (available: number, amount: number) =>
    new DomainError('INSUFFICIENT_POINTS', `Only ${available} points are available, ${amount} requested`),
  reservationNotFound: (id: string) => new DomainError('RESERVATION_NOT_FOUND', `Reservation ${id} not found`),
  reservationReleased: () => new DomainError('RESERVATION_RELEASED', 'The reservation was released; make a new one'),
  reservationCommitted: () => new DomainError('RESERVATION_COMMITTED', 'The reservation was committed; refund through the mall instead'),
  applicationNotFound: (id: string) => new DomainError('APPLICATION_NOT_FOUND', `Application ${id} not found`),
  alreadyDecided: (status: string) => new DomainError('APPLICATION_ALREADY_DECIDED', `The application was already ${status.toLowerCase()}`),
  taskNotFound: (id: string) => new DomainError('TASK_NOT_FOUND', `Task ${id} not found`),
  taskFull: () => new DomainError('TASK_FULL', 'Every slot of this task is taken'),
  taskClosed: () => new DomainError('TASK_CLOSED', 'The task is past its deadline or closed'),
  alreadyClaimed: () => new DomainError('TASK_ALREADY_CLAIMED', 'Your household already claimed this task'),
  claimNotFound: () => new DomainError('TASK_CLAIM_NOT_FOUND', 'That household has not claimed this task'),
  claimCompleted: () => new DomainError('TASK_ALREADY_COMPLETED', 'The task was already confirmed for that household'),
  bulkTooLarge: (max: number) => new DomainError('BULK_TOO_LARGE', `A bulk posting takes at most ${max} households`),
  disclosureNotFound: () => new DomainError('DISCLOSURE_NOT_FOUND', 'No disclosure for that village and month'),
  disclosurePublished: () => new DomainError('DISCLOSURE_ALREADY_PUBLISHED', 'The disclosure is already published'),
  objectionWindowClosed: () => new DomainError('OBJECTION_WINDOW_CLOSED', 'The objection window of this disclosure is closed or not open yet'),
  objectionNotFound: () => new DomainError('OBJECTION_NOT_FOUND', 'Objection not found'),
  objectionResolved: () => new DomainError('OBJECTION_ALREADY_RESOLVED', 'The objection was already resolved'),
  noHousehold: () => new DomainError('NO_HOUSEHOLD', 'Your account belongs to no household'),
};
