import { DEFAULT_MODEL, scoreHousehold, validateModel, type ScoringFacts } from './scoring.model';

const none: ScoringFacts = {
  lifetimePoints: 0, recentPoints: 0, applicationsApproved: 0, tasksCompleted: 0, issuesRaised: 0, issuesRated: 0,
  loansRepaid: 0, loansDefaulted: 0, honours: 0, negativeKinds: [],
};

describe('scoreHousehold', () => {
  it('gives a new household the base score, grade D, with every factor listed', () => {
    const r = scoreHousehold(none, DEFAULT_MODEL);
    expect(r.score).toBe(300);
    expect(r.grade).toBe('D');
    expect(r.reasons.map((x) => x.code)).toEqual(['BASE', 'POINTS_LIFETIME', 'POINTS_RECENT', 'PARTICIPATION', 'FULFILMENT', 'SOCIAL_EVALUATION']);
  });

  it('adds each factor with integer contributions that sum to the score', () => {
    const r = scoreHousehold({ ...none, lifetimePoints: 1250, recentPoints: 300, tasksCompleted: 3, issuesRaised: 1, honours: 1, loansRepaid: 1 }, DEFAULT_MODEL);
    const by = Object.fromEntries(r.reasons.map((x) => [x.code, x.contribution]));
    expect(by).toEqual({ BASE: 300, POINTS_LIFETIME: 156, POINTS_RECENT: 75, PARTICIPATION: 35, FULFILMENT: 40, SOCIAL_EVALUATION: 50 });
    expect(r.score).toBe(656);
    expect(r.grade).toBe('B');
    expect(r.reasons.every((x) => Number.isInteger(x.contribution))).toBe(true);
  });

  it('caps each factor and keeps the score within 0..1000', () => {
    const top = scoreHousehold({ ...none, lifetimePoints: 1e6, recentPoints: 1e6, tasksCompleted: 100, honours: 10, loansRepaid: 10 }, DEFAULT_MODEL);
    expect(top.score).toBe(1000);
    expect(top.grade).toBe('A');
    const bottom = scoreHousehold({ ...none, lifetimePoints: -1e6, recentPoints: -1e6, loansDefaulted: 5 }, DEFAULT_MODEL);
    expect(bottom.score).toBe(0);
    expect(bottom.reasons.find((x) => x.code === 'RANGE_LIMIT')?.contribution).toBe(250);
  });

  it('caps the grade for a CAP entry and blocks for a BLOCK entry, saying why', () => {
    const strong = { ...none, lifetimePoints: 1e6, recentPoints: 1e6, tasksCompleted: 100, honours: 10, loansRepaid: 10 };
    const capped = scoreHousehold({ ...strong, negativeKinds: ['DISRUPTIVE_PETITIONING'] }, DEFAULT_MODEL);
    expect(capped).toMatchObject({ score: 649, grade: 'C', blocked: false });
    expect(capped.reasons.at(-1)).toMatchObject({ code: 'NEGATIVE_LIST_CAP', contribution: 649 - 1000 });
    const blocked = scoreHousehold({ ...strong, negativeKinds: ['JUDGMENT_DEFAULTER', 'DISRUPTIVE_PETITIONING'] }, DEFAULT_MODEL);
    expect(blocked).toMatchObject({ score: 499, grade: 'D', blocked: true });
    expect(blocked.reasons.at(-1)?.code).toBe('NEGATIVE_LIST_BLOCK');
    const weakBlocked = scoreHousehold({ ...none, negativeKinds: ['CRIMINAL'] }, DEFAULT_MODEL);
    expect(weakBlocked).toMatchObject({ score: 300, blocked: true });
    expect(weakBlocked.reasons.at(-1)).toMatchObject({ code: 'NEGATIVE_LIST_BLOCK', contribution: 0 });
  });

  it('follows a county model with other weights', () => {
    const model = { ...DEFAULT_MODEL, base: 500, gradeFloors: { A: 900, B: 700, C: 400 } };
    expect(scoreHousehold(none, model)).toMatchObject({ score: 500, grade: 'C' });
  });
});

describe('validateModel', () => {
  it('accepts the default and lists every problem of a bad one', () => {
    expect(validateModel(DEFAULT_MODEL)).toEqual([]);
    const bad = { ...DEFAULT_MODEL, base: 1.5, gradeFloors: { A: 500, B: 600, C: 100 } };
    expect(validateModel(bad)).toEqual(['base must be an integer']);
    expect(validateModel({ ...DEFAULT_MODEL, gradeFloors: { A: 500, B: 600, C: 100 } })).toEqual(['gradeFloors must satisfy 1000 >= A > B > C > 0']);
    expect(validateModel({ ...DEFAULT_MODEL, negative: { ...DEFAULT_MODEL.negative, OTHER: { effect: 'CAP', maxGrade: 'E' as never } } })).toEqual([
      'negative.OTHER.maxGrade must be A, B, C or D',
    ]);
  });
});
