import { RATING_GOOD_MIN } from '../issues/workflow.service';

/** What figures need of an issue (pure: computed from rows, no I/O). */
export interface FigureIssue {
  villageCode: string;
  status: string;
  outcome: string | null;
  dueAt: Date;
  firstResponseAt: Date | null;
  firstResponderId: string | null;
  responseWorkingMinutes: number | null;
  respondedOnTime: boolean | null;
  overdueAt: Date | null;
  rating: number | null;
}

export interface Figures {
  key: string;
  raised: number;
  /** Issues whose deadline has passed or that were answered: the base of the on-time rate. */
  dueOrResponded: number;
  respondedOnTime: number;
  /** Per mille (0–1000), integer, null when nothing is due yet. */
  onTimePermille: number | null;
  medianResponseWorkingMinutes: number | null;
  p90ResponseWorkingMinutes: number | null;
  resolved: number;
  explained: number;
  rated: number;
  /** Average stars × 100, integer (e.g. 437 = 4.37★). */
  averageRatingCentistars: number | null;
  /** Share of ratings with 4–5 stars, per mille. */
  goodRatingPermille: number | null;
  overdueNow: number;
}

export function computeFigures(key: string, issues: FigureIssue[], now: Date): Figures {
  const due = issues.filter((i) => i.firstResponseAt || i.dueAt.getTime() <= now.getTime());
  const onTime = issues.filter((i) => i.respondedOnTime === true).length;
  const minutes = issues.map((i) => i.responseWorkingMinutes).filter((m): m is number => m !== null).sort((a, b) => a - b);
  const ratings = issues.map((i) => i.rating).filter((r): r is number => r !== null);
  const good = ratings.filter((r) => r >= RATING_GOOD_MIN).length;
  const settled = (kind: string) => issues.filter((i) => i.outcome === kind || i.status === kind).length;
  return {
    key,
    raised: issues.length,
    dueOrResponded: due.length,
    respondedOnTime: onTime,
    onTimePermille: due.length ? Math.round((onTime * 1000) / due.length) : null,
    medianResponseWorkingMinutes: percentile(minutes, 50),
    p90ResponseWorkingMinutes: percentile(minutes, 90),
    resolved: settled('RESOLVED'),
    explained: settled('EXPLAINED'),
    rated: ratings.length,
    averageRatingCentistars: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) * 100) / ratings.length) : null,
    goodRatingPermille: ratings.length ? Math.round((good * 1000) / ratings.length) : null,
    overdueNow: issues.filter((i) => !i.firstResponseAt && i.status !== 'CLOSED' && i.status !== 'REJECTED' && i.dueAt.getTime() <= now.getTime()).length,
  };
}

/** Nearest-rank percentile of a sorted list. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function figuresBy(issues: FigureIssue[], key: (i: FigureIssue) => string | null, now: Date): Figures[] {
  const groups = new Map<string, FigureIssue[]>();
  for (const i of issues) {
    const k = key(i);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, rows]) => computeFigures(k, rows, now));
}
