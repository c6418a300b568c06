import { IssueAction as A, IssueStatus as S, transition, type IssueState } from './workflow.service';

const state = (status: S, extra: Partial<IssueState> = {}): IssueState => ({ status, reopenCount: 0, rating: null, ...extra });
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('issue workflow', () => {
  it('walks 群众说 → 村委议 → 多方办 → 群众评', () => {
    let s = state(S.RAISED);
    const first = transition(s, A.ACKNOWLEDGE, 'STAFF');
    expect(first).toMatchObject({ from: S.RAISED, to: S.ACKNOWLEDGED, firstResponse: true });
    s = state(first.to);
    s = state(transition(s, A.DELIBERATE, 'STAFF').to);
    expect(s.status).toBe(S.DELIBERATING);
    s = state(transition(s, A.HAND_OFF, 'STAFF').to);
    expect(transition(s, A.PARTY_REPORT, 'STAFF').to).toBe(S.HANDED_OFF);
    const resolved = transition(s, A.RESOLVE, 'STAFF');
    expect(resolved).toMatchObject({ to: S.RESOLVED, settled: S.RESOLVED, firstResponse: false });
    expect(transition(state(S.RESOLVED), A.RATE, 'RAISER').to).toBe(S.CLOSED);
  });

  it('explanation is its own settled state, rated like a result', () => {
    const explained = transition(state(S.RAISED), A.EXPLAIN, 'STAFF');
    expect(explained).toMatchObject({ to: S.EXPLAINED, settled: S.EXPLAINED, firstResponse: true });
    expect(transition(state(S.EXPLAINED), A.RATE, 'RAISER').to).toBe(S.CLOSED);
  });

  it('rejects illegal transitions with a stable code', () => {
    expect(code(() => transition(state(S.RAISED), A.RESOLVE, 'STAFF'))).toBe('ISSUE_ILLEGAL_TRANSITION');
    expect(code(() => transition(state(S.CLOSED), A.ACKNOWLEDGE, 'STAFF'))).toBe('ISSUE_ILLEGAL_TRANSITION');
    expect(code(() => transition(state(S.REJECTED), A.REOPEN, 'RAISER'))).toBe('ISSUE_ILLEGAL_TRANSITION');
    expect(code(() => transition(state(S.ACKNOWLEDGED), A.RATE, 'RAISER'))).toBe('ISSUE_ILLEGAL_TRANSITION');
    expect(code(() => transition(state(S.DELIBERATING), A.PARTY_REPORT, 'STAFF'))).toBe('ISSUE_ILLEGAL_TRANSITION');
  });

  it('only the raiser rates or reopens, once', () => {
    expect(code(() => transition(state(S.RESOLVED), A.RATE, 'STAFF'))).toBe('ISSUE_NOT_RAISER');
    expect(code(() => transition(state(S.CLOSED, { rating: 5 }), A.RATE, 'RAISER'))).toBe('ISSUE_ALREADY_RATED');
    expect(transition(state(S.RESOLVED), A.REOPEN, 'RAISER').to).toBe(S.ACKNOWLEDGED);
    expect(code(() => transition(state(S.RESOLVED, { reopenCount: 1 }), A.REOPEN, 'RAISER'))).toBe('ISSUE_REOPEN_LIMIT');
  });

  it('staff cannot answer for the villager and the villager cannot answer for the village', () => {
    expect(code(() => transition(state(S.NEEDS_INFO), A.PROVIDE_DETAIL, 'STAFF'))).toBe('ISSUE_NOT_RAISER');
    expect(code(() => transition(state(S.RAISED), A.ACKNOWLEDGE, 'RAISER'))).toBe('ISSUE_ILLEGAL_TRANSITION');
    expect(transition(state(S.NEEDS_INFO), A.PROVIDE_DETAIL, 'RAISER').to).toBe(S.ACKNOWLEDGED);
  });

  it('only the system closes an unrated result', () => {
    expect(transition(state(S.RESOLVED), A.CLOSE_UNRATED, 'SYSTEM').to).toBe(S.CLOSED);
    expect(code(() => transition(state(S.ACKNOWLEDGED), A.CLOSE_UNRATED, 'SYSTEM'))).toBe('ISSUE_ILLEGAL_TRANSITION');
  });
});
