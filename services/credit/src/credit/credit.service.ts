import { createHash } from 'node:crypto';
import {
  ForbiddenError,
  hasRoleOver,
  newId,
  NotFoundError,
  OFFICERS,
  Role,
  VILLAGE_STAFF,
  type Principal,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import type { CreditRepositories } from '../repositories';
import { DEFAULT_MODEL, scoreHousehold, validateModel, type ModelConfig, type NegativeKind, type Reason } from '../scoring/scoring.model';
import type { HouseholdFactsEntity } from '../projection/projection.entity';
import type { CreditScoreEntity, RescoreRunEntity } from './credit.entity';
import { CreditUnknownHouseholdError, InvalidModelError } from './credit.errors';

export interface TownshipStanding {
  /** 1 = highest score; ties share a rank. */
  rank: number;
  townshipSize: number;
}

export interface CreditReferenceView {
  householdId: string;
  villageCode: string;
  score: number;
  grade: string;
  blocked: boolean;
  points: number;
  /** Rank in the township, computed on first use (it counts the township's scores). */
  standing: () => Promise<TownshipStanding>;
  modelVersion: number;
  reasons: Reason[];
  computedAt: Date;
  reviewPending: boolean;
}

/** Month key in China Standard Time (UTC+8), which is where villages count their months. */
export function monthKey(date: Date): string {
  const d = new Date(date.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function windowStartMonth(now: Date, months: number): string {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (months - 1), 1));
  return `${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function dateKey(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Members see their own household; staff see households of the villages they serve. */
export function canSeeHousehold(principal: Principal | null, householdId: string, villageCode: string): boolean {
  if (!principal || principal.kind !== 'user') return false;
  return principal.householdId === householdId || hasRoleOver(principal, villageCode, VILLAGE_STAFF);
}

export interface Actor {
  kind: 'USER' | 'BANK' | 'AGENCY' | 'SYSTEM' | 'CLIENT';
  id: string;
}

export function actorOf(principal: Principal | null): Actor {
  if (!principal) return { kind: 'SYSTEM', id: 'anonymous' };
  if (principal.kind === 'user') return { kind: 'USER', id: principal.userId };
  return { kind: principal.clientKind === 'BANK' ? 'BANK' : principal.clientKind === 'AGENCY' ? 'AGENCY' : 'CLIENT', id: principal.clientId };
}

interface ModelVersion {
  version: number;
  config: ModelConfig;
}

export class CreditService {
  constructor(
    private readonly repos: CreditRepositories,
    private readonly tx: Transactor<CreditRepositories>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async modelFor(repos: CreditRepositories, countyCode: string): Promise<ModelVersion> {
    const latest = await repos.credit.latestModel(countyCode);
    return latest ? { version: latest.version, config: latest.config as unknown as ModelConfig } : { version: 0, config: DEFAULT_MODEL };
  }

  /** Scores of a batch of households from their facts; pure apart from the reads. */
  async computeScores(repos: CreditRepositories, facts: HouseholdFactsEntity[], models: Map<string, ModelVersion>): Promise<CreditScoreEntity[]> {
    if (!facts.length) return [];
    const now = this.clock();
    const today = dateKey(now);
    const ids = facts.map((f) => f.householdId);
    for (const county of new Set(facts.map((f) => f.countyCode))) {
      if (!models.has(county)) models.set(county, await this.modelFor(repos, county));
    }
    const windows = new Map<number, Map<string, number>>();
    for (const months of new Set([...models.values()].map((m) => m.config.recent.months))) {
      windows.set(months, await repos.projection.recentPointsFor(ids, windowStartMonth(now, months)));
    }
    const negatives = new Map<string, NegativeKind[]>();
    for (const e of await repos.negative.unremovedFor(ids)) {
      if (e.startsOn > today || (e.expiresOn !== null && e.expiresOn <= today)) continue;
      negatives.set(e.householdId, [...(negatives.get(e.householdId) ?? []), e.kind as NegativeKind]);
    }
    return facts.map((f) => {
      const model = models.get(f.countyCode)!;
      const result = scoreHousehold(
        {
          lifetimePoints: f.lifetimePoints,
          recentPoints: windows.get(model.config.recent.months)?.get(f.householdId) ?? 0,
          applicationsApproved: f.applicationsApproved,
          tasksCompleted: f.tasksCompleted,
          issuesRaised: f.issuesRaised,
          issuesRated: f.issuesRated,
          loansRepaid: f.loansRepaid,
          loansDefaulted: f.loansDefaulted,
          honours: f.honours,
          negativeKinds: negatives.get(f.householdId) ?? [],
        },
        model.config,
      );
      return {
        householdId: f.householdId,
        villageCode: f.villageCode,
        townshipCode: f.townshipCode,
        countyCode: f.countyCode,
        score: result.score,
        grade: result.grade,
        blocked: result.blocked,
        points: f.lifetimePoints,
        modelVersion: model.version,
        reasons: result.reasons,
        computedAt: now,
      };
    });
  }

  /** Rescore a few households inside the caller's transaction; each computation is audited. */
  async rescore(repos: CreditRepositories, householdIds: string[], cause: Record<string, unknown>): Promise<CreditScoreEntity[]> {
    const facts = await repos.projection.factsFor(householdIds);
    const scores = await this.computeScores(repos, facts, new Map());
    await repos.credit.upsertScores(scores);
    await repos.audit.appendMany(
      scores.map((s) => ({
        householdId: s.householdId,
        actorKind: 'SYSTEM' as const,
        actorId: 'credit-model',
        action: 'SCORE_COMPUTED',
        detail: { ...cause, score: s.score, grade: s.grade, blocked: s.blocked, modelVersion: s.modelVersion, reasons: s.reasons.map((r) => [r.code, r.contribution]) },
      })),
    );
    return scores;
  }

  /**
   * Scores whose negative-list entries started or expired since they were computed are
   * recomputed before anyone reads them, so an expired entry never blocks a household.
   */
  private async freshScores(ids: readonly string[], repos: CreditRepositories): Promise<CreditScoreEntity[]> {
    const scores = await repos.credit.scoresFor(ids);
    if (!scores.length) return scores;
    const today = dateKey(this.clock());
    const computedOn = new Map(scores.map((s) => [s.householdId, dateKey(s.computedAt)]));
    const stale = new Set<string>();
    for (const e of await repos.negative.unremovedFor(scores.map((s) => s.householdId))) {
      const since = computedOn.get(e.householdId)!;
      const crossed = (day: string | null) => day !== null && day > since && day <= today;
      if (crossed(e.startsOn) || crossed(e.expiresOn)) stale.add(e.householdId);
    }
    if (!stale.size) return scores;
    await this.tx.run((r) => this.rescore(r, [...stale], { negativeListDatePassed: today }));
    return repos.credit.scoresFor(ids);
  }

  async views(ids: readonly string[], repos: CreditRepositories = this.repos): Promise<Map<string, CreditReferenceView>> {
    const scores = await this.freshScores(ids, repos);
    const reviews = await repos.reviews.householdsWithOpenReview(scores.map((s) => s.householdId));
    const out = new Map<string, CreditReferenceView>();
    for (const s of scores) {
      let standing: Promise<TownshipStanding> | null = null;
      const rankOf = () => repos.credit.rankOf(s.townshipCode, s.score).then(({ rank, size }) => ({ rank, townshipSize: size }));
      out.set(s.householdId, {
        householdId: s.householdId,
        villageCode: s.villageCode,
        score: s.score,
        grade: s.grade,
        blocked: !!s.blocked,
        points: s.points,
        standing: () => (standing ??= rankOf()),
        modelVersion: s.modelVersion,
        reasons: s.reasons,
        computedAt: s.computedAt,
        reviewPending: reviews.has(s.householdId),
      });
    }
    return out;
  }

  async villageOf(householdId: string): Promise<string> {
    const [facts] = await this.repos.projection.factsFor([householdId]);
    if (!facts) throw new CreditUnknownHouseholdError(householdId);
    return facts.villageCode;
  }

  /** For the household's members and the staff of its village. */
  async reference(ctx: RequestContext, householdId: string): Promise<CreditReferenceView> {
    const view = (await this.views([householdId])).get(householdId);
    if (!view) throw new CreditUnknownHouseholdError(householdId);
    if (!canSeeHousehold(ctx.principal, householdId, view.villageCode)) throw new ForbiddenError('Only the household and the staff of its village see its credit reference');
    return view;
  }

  /** Batched for the federated `Household.credit` field: invisible households resolve to null. */
  async visibleReferences(ctx: RequestContext, ids: readonly string[]): Promise<Array<CreditReferenceView | null>> {
    const views = await this.views(ids);
    return ids.map((id) => {
      const v = views.get(id);
      return v && canSeeHousehold(ctx.principal, id, v.villageCode) ? v : null;
    });
  }

  currentModel(ctx: RequestContext, countyCode: string): Promise<ModelVersion> {
    if (!ctx.principal) throw new ForbiddenError();
    return this.modelFor(this.repos, countyCode);
  }

  /** A county officer publishes a new model version; a rescoring run follows. */
  async publishModel(ctx: RequestContext, countyCode: string, config: unknown, note: string): Promise<{ version: number }> {
    const county = `${countyCode.slice(0, 6)}000000`;
    if (!hasRoleOver(ctx.principal, county, [Role.COUNTY_OFFICER, Role.CITY_OFFICER])) throw new ForbiddenError('Only county officers publish a credit model');
    const problems = validateModel(config as ModelConfig);
    if (problems.length) throw new InvalidModelError(problems);
    const actor = actorOf(ctx.principal);
    return this.tx.run(async (repos) => {
      const latest = await repos.credit.latestModel(countyCode.slice(0, 6));
      const version = (latest?.version ?? 0) + 1;
      await repos.credit.insertModel({ id: newId(), countyCode: countyCode.slice(0, 6), version, config: config as Record<string, unknown>, note, createdBy: actor.id, createdAt: this.clock() });
      await repos.audit.append({ householdId: null, actorKind: actor.kind, actorId: actor.id, action: 'MODEL_PUBLISHED', detail: { countyCode: countyCode.slice(0, 6), version, note } });
      return { version };
    });
  }

  async startRun(ctx: RequestContext, countyCode: string): Promise<RescoreRunEntity> {
    if (!hasRoleOver(ctx.principal, `${countyCode.slice(0, 6)}000000`, [Role.COUNTY_OFFICER, Role.CITY_OFFICER])) throw new ForbiddenError('Only county officers start a rescoring run');
    return this.createRun(countyCode.slice(0, 6), actorOf(ctx.principal).id);
  }

  async createRun(countyCode: string, requestedBy: string): Promise<RescoreRunEntity> {
    const model = await this.modelFor(this.repos, countyCode);
    const run: RescoreRunEntity = {
      id: newId(), countyCode, modelVersion: model.version, status: 'QUEUED', total: await this.repos.projection.countInCounty(countyCode),
      done: 0, requestedBy, createdAt: this.clock(), finishedAt: null, error: null,
    };
    await this.repos.credit.insertRun(run);
    return run;
  }

  async getRun(ctx: RequestContext, id: string): Promise<RescoreRunEntity> {
    const run = await this.repos.credit.findRun(id);
    if (!run) throw new NotFoundError('Rescoring run', id);
    if (!hasRoleOver(ctx.principal, `${run.countyCode}000000`, OFFICERS)) throw new ForbiddenError();
    return run;
  }

  /**
   * Rescores every household of a county in keyset batches: one read per table and one
   * multi-row upsert per batch, progress written after each. The batch is audited as one
   * row holding a digest of every (household, score, grade), not 180,000 rows.
   */
  async runBatch(runId: string, batchSize = 2000, onProgress?: (done: number, total: number) => void): Promise<RescoreRunEntity> {
    const run = await this.repos.credit.findRun(runId);
    if (!run) throw new NotFoundError('Rescoring run', runId);
    await this.repos.credit.updateRun(runId, { status: 'RUNNING' });
    const models = new Map<string, ModelVersion>();
    const digest = createHash('sha256');
    const grades: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
    let after: string | null = null;
    let done = 0;
    try {
      for (;;) {
        const facts = await this.repos.projection.pageInCounty(run.countyCode, after, batchSize);
        if (!facts.length) break;
        const scores = await this.computeScores(this.repos, facts, models);
        await this.repos.credit.upsertScores(scores);
        for (const s of scores) {
          digest.update(`${s.householdId}:${s.score}:${s.grade}\n`);
          grades[s.grade]++;
        }
        done += facts.length;
        after = facts[facts.length - 1].householdId;
        await this.repos.credit.updateRun(runId, { done, total: Math.max(run.total, done) });
        onProgress?.(done, Math.max(run.total, done));
        // Let live requests in between batches.
        await new Promise((r) => setImmediate(r));
      }
      const finished = { status: 'DONE', done, total: done, finishedAt: this.clock() };
      await this.tx.run(async (repos) => {
        await repos.credit.updateRun(runId, finished);
        await repos.audit.append({
          householdId: null, actorKind: 'SYSTEM', actorId: 'credit-model', action: 'SCORE_BATCH',
          detail: { runId, countyCode: run.countyCode, modelVersion: models.get(run.countyCode)?.version ?? run.modelVersion, households: done, grades, digest: digest.digest('hex') },
        });
      });
      return { ...run, ...finished };
    } catch (err) {
      await this.repos.credit.updateRun(runId, { status: 'FAILED', error: String((err as Error).message).slice(0, 500), done });
      throw err;
    }
  }
}
