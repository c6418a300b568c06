import { DomainError } from '@gongzhi/subgraph-kit';

export const IssueErrors = {
  illegalTransition: (from: string, action: string) =>
    new DomainError('ISSUE_ILLEGAL_TRANSITION', `An issue that is ${from} cannot be ${ACTION_PAST[action] ?? action}`, { from, action }),
  alreadyRated: () => new DomainError('ISSUE_ALREADY_RATED', 'This issue has already been rated'),
  reopenLimit: () => new DomainError('ISSUE_REOPEN_LIMIT', 'An issue can be reopened only once'),
  notRaiser: () => new DomainError('ISSUE_NOT_RAISER', 'Only the villager who raised this issue can do this'),
  partiesPending: (names: string[]) =>
    new DomainError('ISSUE_PARTIES_PENDING', `Waiting for ${names.join(', ')} to report back before resolving`, { parties: names }),
  partyOutsideRegion: (regionCode: string) =>
    new DomainError('ISSUE_PARTY_OUTSIDE_REGION', `Party region ${regionCode} is outside the county of this issue`, { regionCode }),
  partyNotFound: (id: string) => new DomainError('NOT_FOUND', `Party ${id} not found on this issue`),
  partyAlreadyReported: () => new DomainError('ISSUE_PARTY_ALREADY_REPORTED', 'This party has already reported back'),
  notAVillager: () => new DomainError('ISSUE_NOT_A_VILLAGER', 'Only a registered villager of a village can raise an issue there'),
  unsafeText: (field: string) => new DomainError('BAD_USER_INPUT', `${field} must be plain text (no HTML or script)`, { field }),
};

const ACTION_PAST: Record<string, string> = {
  ACKNOWLEDGE: 'acknowledged',
  REQUEST_DETAIL: 'sent back for more detail',
  PROVIDE_DETAIL: 'given more detail',
  REJECT: 'rejected',
  DELIBERATE: 'put to deliberation',
  HAND_OFF: 'handed off',
  PARTY_REPORT: 'reported on by a party',
  RESOLVE: 'resolved',
  EXPLAIN: 'closed with an explanation',
  RATE: 'rated',
  REOPEN: 'reopened',
  CLOSE_UNRATED: 'closed unrated',
};
