/**
 * The credit model: pure functions from a household's projected facts to a score (0–1000),
 * a grade (A–D) and reason codes carrying each factor's contribution. Every constant lives
 * in a versioned, per-county `ModelConfig`, so a county changes weights by publishing a new
 * version, never by changing code.
 */
export type Grade = 'A' | 'B' | 'C' | 'D';
export const GRADES: Grade[] = ['A', 'B', 'C', 'D'];

export const NEGATIVE_KINDS = ['CRIMINAL', 'JUDGMENT_DEFAULTER', 'MILITARY_SERVICE_REFUSAL', 'DISRUPTIVE_PETITIONING', 'OTHER'] as const;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];

export interface NegativeRule {
  /** BLOCK: no automated grade above D and not eligible for loans; CAP: grade at most `maxGrade`. */
  effect: 'BLOCK' | 'CAP';
  maxGrade?: Grade;
}

export interface ModelConfig {
  base: number;
  /** Lifetime earned points: `perPoint` thousandths of a score point each, within [min, max]. */
  lifetime: { perPointMilli: number; min: number; max: number };
  recent: { perPointMilli: number; min: number; max: number; months: number };
  participation: { applicationApproved: number; taskCompleted: number; issueRaised: number; issueRated: number; max: number };
  fulfilment: { repaid: number; defaulted: number; min: number; max: number };
  social: { perHonour: number; max: number };
  /** Lowest score of each grade; D is everything below C. */
  gradeFloors: { A: number; B: number; C: number };
  negative: Record<NegativeKind, NegativeRule>;
}

export const DEFAULT_MODEL: ModelConfig = {
  base: 300,
  lifetime: { perPointMilli: 125, min: -100, max: 250 },
  recent: { perPointMilli: 250, min: -150, max: 150, months: 12 },
  participation: { applicationApproved: 10, taskCompleted: 10, issueRaised: 5, issueRated: 5, max: 100 },
  fulfilment: { repaid: 40, defaulted: -200, min: -300, max: 120 },
  social: { perHonour: 50, max: 100 },
  gradeFloors: { A: 800, B: 650, C: 500 },
  negative: {
    CRIMINAL: { effect: 'BLOCK' },
    JUDGMENT_DEFAULTER: { effect: 'BLOCK' },
    MILITARY_SERVICE_REFUSAL: { effect: 'CAP', maxGrade: 'C' },
    DISRUPTIVE_PETITIONING: { effect: 'CAP', maxGrade: 'C' },
    OTHER: { effect: 'CAP', maxGrade: 'B' },
  },
};

export interface ScoringFacts {
  lifetimePoints: number;
  recentPoints: number;
  applicationsApproved: number;
  tasksCompleted: number;
  issuesRaised: number;
  issuesRated: number;
  loansRepaid: number;
  loansDefaulted: number;
  honours: number;
  /** Live (not removed, not expired) negative-list kinds. */
  negativeKinds: NegativeKind[];
}

export interface Reason {
  code: string;
  /** Score points this factor added (negative: removed). */
  contribution: number;
  /** The figures behind it; `detail` is these in words. Stored compactly as [code, contribution, ...args]. */
  args: Array<number | string>;
  detail: string;
}

/** The words of a reason, from its figures (so storage keeps only the figures). */
export function describeReason(code: string, args: Array<number | string>): string {
  const a = args;
  switch (code) {
    case 'BASE': return 'Starting score of every household';
    case 'POINTS_LIFETIME': return `${a[0]} points earned in total`;
    case 'POINTS_RECENT': return `${a[0]} points in the last ${a[1]} months`;
    case 'PARTICIPATION': return `${a[0]} applications approved, ${a[1]} tasks done, ${a[2]} matters raised, ${a[3]} answers rated`;
    case 'FULFILMENT': return `${a[0]} loans repaid, ${a[1]} defaulted`;
    case 'SOCIAL_EVALUATION': return `${a[0]} honours (e.g. 最美家庭)`;
    case 'RANGE_LIMIT': return 'Scores stay between 0 and 1000';
    case 'NEGATIVE_LIST_BLOCK':
    case 'NEGATIVE_LIST_CAP': return `On the negative list (${a.slice(1).join(', ')}): grade at most ${a[0]}`;
    default: return a.join(', ');
  }
}

const reason = (code: string, contribution: number, ...args: Array<number | string>): Reason => ({ code, contribution, args, detail: describeReason(code, args) });

export type StoredReason = [string, number, ...Array<number | string>];

export function storeReasons(reasons: Reason[]): StoredReason[] {
  return reasons.map((r) => [r.code, r.contribution, ...r.args]);
}

export function loadReasons(stored: StoredReason[]): Reason[] {
  return stored.map(([code, contribution, ...args]) => reason(code, contribution, ...args));
}

export interface ScoreResult {
  score: number;
  grade: Grade;
  blocked: boolean;
  reasons: Reason[];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
// Integer arithmetic: milli-points per point, truncated toward zero.
const scaled = (points: number, perPointMilli: number) => Math.trunc((points * perPointMilli) / 1000);

export function gradeOf(score: number, floors: ModelConfig['gradeFloors']): Grade {
  if (score >= floors.A) return 'A';
  if (score >= floors.B) return 'B';
  if (score >= floors.C) return 'C';
  return 'D';
}

/** The highest score that still has grade `grade` (the cap a negative entry imposes). */
export function gradeCeiling(grade: Grade, floors: ModelConfig['gradeFloors']): number {
  if (grade === 'A') return 1000;
  if (grade === 'B') return floors.A - 1;
  if (grade === 'C') return floors.B - 1;
  return floors.C - 1;
}

export function scoreHousehold(facts: ScoringFacts, model: ModelConfig): ScoreResult {
  const reasons: Reason[] = [reason('BASE', model.base)];
  const lifetime = clamp(scaled(facts.lifetimePoints, model.lifetime.perPointMilli), model.lifetime.min, model.lifetime.max);
  reasons.push(reason('POINTS_LIFETIME', lifetime, facts.lifetimePoints));
  const recent = clamp(scaled(facts.recentPoints, model.recent.perPointMilli), model.recent.min, model.recent.max);
  reasons.push(reason('POINTS_RECENT', recent, facts.recentPoints, model.recent.months));
  const p = model.participation;
  const participation = Math.min(
    p.max,
    facts.applicationsApproved * p.applicationApproved + facts.tasksCompleted * p.taskCompleted + facts.issuesRaised * p.issueRaised + facts.issuesRated * p.issueRated,
  );
  reasons.push(reason('PARTICIPATION', participation, facts.applicationsApproved, facts.tasksCompleted, facts.issuesRaised, facts.issuesRated));
  const fulfilment = clamp(facts.loansRepaid * model.fulfilment.repaid + facts.loansDefaulted * model.fulfilment.defaulted, model.fulfilment.min, model.fulfilment.max);
  reasons.push(reason('FULFILMENT', fulfilment, facts.loansRepaid, facts.loansDefaulted));
  const social = Math.min(model.social.max, facts.honours * model.social.perHonour);
  reasons.push(reason('SOCIAL_EVALUATION', social, facts.honours));

  const raw = reasons.reduce((sum, r) => sum + r.contribution, 0);
  let score = clamp(raw, 0, 1000);
  if (score !== raw) reasons.push(reason('RANGE_LIMIT', score - raw));

  let blocked = false;
  let cap: Grade = 'A';
  for (const kind of [...new Set(facts.negativeKinds)].sort()) {
    const rule = model.negative[kind];
    if (rule.effect === 'BLOCK') blocked = true;
    else if (rule.maxGrade && GRADES.indexOf(rule.maxGrade) > GRADES.indexOf(cap)) cap = rule.maxGrade;
  }
  if (blocked) cap = 'D';
  const ceiling = gradeCeiling(cap, model.gradeFloors);
  if (score > ceiling) {
    reasons.push(reason(blocked ? 'NEGATIVE_LIST_BLOCK' : 'NEGATIVE_LIST_CAP', ceiling - score, cap, ...[...new Set(facts.negativeKinds)].sort()));
    score = ceiling;
  } else if (facts.negativeKinds.length) {
    reasons.push(reason(blocked ? 'NEGATIVE_LIST_BLOCK' : 'NEGATIVE_LIST_CAP', 0, cap, ...[...new Set(facts.negativeKinds)].sort()));
  }
  return { score, grade: gradeOf(score, model.gradeFloors), blocked, reasons };
}

/** Problems with a proposed model, empty when it can be published. */
export function validateModel(m: ModelConfig): string[] {
  const problems: string[] = [];
  const ints: Array<[string, unknown]> = [
    ['base', m?.base],
    ['lifetime.perPointMilli', m?.lifetime?.perPointMilli], ['lifetime.min', m?.lifetime?.min], ['lifetime.max', m?.lifetime?.max],
    ['recent.perPointMilli', m?.recent?.perPointMilli], ['recent.min', m?.recent?.min], ['recent.max', m?.recent?.max], ['recent.months', m?.recent?.months],
    ['participation.applicationApproved', m?.participation?.applicationApproved], ['participation.taskCompleted', m?.participation?.taskCompleted],
    ['participation.issueRaised', m?.participation?.issueRaised], ['participation.issueRated', m?.participation?.issueRated], ['participation.max', m?.participation?.max],
    ['fulfilment.repaid', m?.fulfilment?.repaid], ['fulfilment.defaulted', m?.fulfilment?.defaulted], ['fulfilment.min', m?.fulfilment?.min], ['fulfilment.max', m?.fulfilment?.max],
    ['social.perHonour', m?.social?.perHonour], ['social.max', m?.social?.max],
    ['gradeFloors.A', m?.gradeFloors?.A], ['gradeFloors.B', m?.gradeFloors?.B], ['gradeFloors.C', m?.gradeFloors?.C],
  ];
  for (const [key, v] of ints) if (!Number.isInteger(v) || Math.abs(v as number) > 100_000) problems.push(`${key} must be an integer`);
  if (problems.length) return problems;
  if (m.base < 0 || m.base > 1000) problems.push('base must be within 0..1000');
  if (m.recent.months < 1 || m.recent.months > 60) problems.push('recent.months must be within 1..60');
  if (!(m.gradeFloors.A > m.gradeFloors.B && m.gradeFloors.B > m.gradeFloors.C && m.gradeFloors.C > 0 && m.gradeFloors.A <= 1000)) {
    problems.push('gradeFloors must satisfy 1000 >= A > B > C > 0');
  }
  for (const [key, r] of [['lifetime', m.lifetime], ['recent', m.recent], ['fulfilment', m.fulfilment]] as const) {
    if (r.min > r.max) problems.push(`${key}.min must not exceed ${key}.max`);
  }
  for (const kind of NEGATIVE_KINDS) {
    const rule = m.negative?.[kind];
    if (!rule || !['BLOCK', 'CAP'].includes(rule.effect)) problems.push(`negative.${kind}.effect must be BLOCK or CAP`);
    else if (rule.effect === 'CAP' && !GRADES.includes(rule.maxGrade as Grade)) problems.push(`negative.${kind}.maxGrade must be A, B, C or D`);
  }
  return problems;
}
