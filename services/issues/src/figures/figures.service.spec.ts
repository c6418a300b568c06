import { computeFigures, figuresBy, percentile, type FigureIssue } from './figures.service';

const now = new Date('2026-11-20T08:00:00Z');
const base: FigureIssue = {
  villageCode: '510681106001',
  status: 'ACKNOWLEDGED',
  outcome: null,
  dueAt: new Date('2026-11-19T08:00:00Z'),
  firstResponseAt: null,
  firstResponderId: null,
  responseWorkingMinutes: null,
  respondedOnTime: null,
  overdueAt: null,
  rating: null,
};
const answered = (minutes: number, onTime: boolean, extra: Partial<FigureIssue> = {}): FigureIssue => ({
  ...base,
  firstResponseAt: new Date('2026-11-18T08:00:00Z'),
  firstResponderId: 'cadre-1',
  responseWorkingMinutes: minutes,
  respondedOnTime: onTime,
  ...extra,
});

describe('figures', () => {
  it('counts on-time responses, working-minute percentiles, outcomes and good ratings', () => {
    const issues = [
      answered(60, true, { status: 'CLOSED', outcome: 'RESOLVED', rating: 5 }),
      answered(120, true, { status: 'CLOSED', outcome: 'EXPLAINED', rating: 3 }),
      answered(1200, false, { status: 'RESOLVED', outcome: 'RESOLVED' }),
      { ...base, status: 'RAISED', overdueAt: now },
      { ...base, status: 'RAISED', dueAt: new Date('2026-11-21T08:00:00Z') },
    ];
    const f = computeFigures('all', issues, now);
    expect(f).toMatchObject({
      raised: 5,
      dueOrResponded: 4,
      respondedOnTime: 2,
      onTimePermille: 500,
      medianResponseWorkingMinutes: 120,
      p90ResponseWorkingMinutes: 1200,
      resolved: 2,
      explained: 1,
      rated: 2,
      averageRatingCentistars: 400,
      goodRatingPermille: 500,
      overdueNow: 1,
    });
  });

  it('groups by cadre and leaves empty rates null', () => {
    const byCadre = figuresBy([answered(30, true), { ...base, dueAt: new Date('2026-12-01T00:00:00Z') }], (i) => i.firstResponderId, now);
    expect(byCadre.map((f) => f.key)).toEqual(['cadre-1']);
    expect(computeFigures('none', [], now).onTimePermille).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});
