import { IssueErrors } from './issue.errors';

/**
 * 群众说、村委议、多方办、群众评 as a state machine: pure, no I/O. The village answers a RAISED
 * issue (acknowledge, ask for detail, reject, deliberate, hand off, resolve, explain); the
 * villager rates a RESOLVED or EXPLAINED result, or reopens it once.
 */
export enum IssueStatus {
  RAISED = 'RAISED',
  NEEDS_INFO = 'NEEDS_INFO',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  DELIBERATING = 'DELIBERATING',
  HANDED_OFF = 'HANDED_OFF',
  /** Done; waiting for the villager's rating. */
  RESOLVED = 'RESOLVED',
  /** Cannot be done, answered with an explanation (解释回复); waiting for the rating. */
  EXPLAINED = 'EXPLAINED',
  /** Out of the village's scope, with a reason. Final. */
  REJECTED = 'REJECTED',
  /** Rated or closed unrated; `outcome` keeps RESOLVED or EXPLAINED. Final. */
  CLOSED = 'CLOSED',
}

export enum IssueAction {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  REQUEST_DETAIL = 'REQUEST_DETAIL',
  PROVIDE_DETAIL = 'PROVIDE_DETAIL',
  REJECT = 'REJECT',
  DELIBERATE = 'DELIBERATE',
  HAND_OFF = 'HAND_OFF',
  PARTY_REPORT = 'PARTY_REPORT',
  RESOLVE = 'RESOLVE',
  EXPLAIN = 'EXPLAIN',
  RATE = 'RATE',
  REOPEN = 'REOPEN',
  CLOSE_UNRATED = 'CLOSE_UNRATED',
}

export type Actor = 'STAFF' | 'RAISER' | 'SYSTEM';

const S = IssueStatus;
const WORKING: IssueStatus[] = [S.ACKNOWLEDGED, S.DELIBERATING, S.HANDED_OFF];
const SETTLED: IssueStatus[] = [S.RESOLVED, S.EXPLAINED];

interface Rule {
  actor: Actor;
  from: IssueStatus[];
  /** The next status; `null` keeps the current one. */
  to: IssueStatus | null;
}

const RULES: Record<IssueAction, Rule> = {
  ACKNOWLEDGE: { actor: 'STAFF', from: [S.RAISED, S.NEEDS_INFO], to: S.ACKNOWLEDGED },
  REQUEST_DETAIL: { actor: 'STAFF', from: [S.RAISED, S.ACKNOWLEDGED], to: S.NEEDS_INFO },
  PROVIDE_DETAIL: { actor: 'RAISER', from: [S.NEEDS_INFO], to: S.ACKNOWLEDGED },
  REJECT: { actor: 'STAFF', from: [S.RAISED, S.NEEDS_INFO, S.ACKNOWLEDGED], to: S.REJECTED },
  DELIBERATE: { actor: 'STAFF', from: [S.RAISED, S.ACKNOWLEDGED], to: S.DELIBERATING },
  HAND_OFF: { actor: 'STAFF', from: [S.RAISED, ...WORKING], to: S.HANDED_OFF },
  PARTY_REPORT: { actor: 'STAFF', from: [S.HANDED_OFF], to: null },
  RESOLVE: { actor: 'STAFF', from: WORKING, to: S.RESOLVED },
  EXPLAIN: { actor: 'STAFF', from: [S.RAISED, ...WORKING], to: S.EXPLAINED },
  RATE: { actor: 'RAISER', from: SETTLED, to: S.CLOSED },
  REOPEN: { actor: 'RAISER', from: SETTLED, to: S.ACKNOWLEDGED },
  CLOSE_UNRATED: { actor: 'SYSTEM', from: SETTLED, to: S.CLOSED },
};

export interface IssueState {
  status: IssueStatus;
  reopenCount: number;
  rating: number | null;
}

export interface TransitionResult {
  from: IssueStatus;
  to: IssueStatus;
  /** True when this is the village's first answer to a RAISED issue: it stops the response clock. */
  firstResponse: boolean;
  /** RESOLVED or EXPLAINED when the result is settled (rating clock starts). */
  settled: IssueStatus | null;
}

export function transition(state: IssueState, action: IssueAction, actor: Actor): TransitionResult {
  const rule = RULES[action];
  if (!rule) throw IssueErrors.illegalTransition(state.status, String(action));
  if (action === IssueAction.RATE && state.rating !== null) throw IssueErrors.alreadyRated();
  if (rule.actor !== actor) {
    if (rule.actor === 'RAISER') throw IssueErrors.notRaiser();
    throw IssueErrors.illegalTransition(state.status, action);
  }
  if (!rule.from.includes(state.status)) throw IssueErrors.illegalTransition(state.status, action);
  if (action === IssueAction.REOPEN && state.reopenCount >= 1) throw IssueErrors.reopenLimit();
  const to = rule.to ?? state.status;
  return {
    from: state.status,
    to,
    firstResponse: actor === 'STAFF' && state.status === S.RAISED,
    settled: SETTLED.includes(to) ? to : null,
  };
}

export function isOpen(status: IssueStatus): boolean {
  return status !== S.CLOSED && status !== S.REJECTED;
}

export const RATING_GOOD_MIN = 4;
