import {
  BadInputError,
  CADRES_AND_ABOVE,
  DomainError,
  ForbiddenError,
  hasRoleOver,
  isWithinRegion,
  newId,
  normalizeRegionCode,
  NotFoundError,
  regionPrefix,
  requireClientScope,
  requireUser,
  VILLAGE_STAFF,
  type Logger,
  type RequestContext,
} from '@gongzhi/subgraph-kit';
import type { PlatformPort } from '../gateway/points.port';
import type { MallRepositories } from '../repositories';
import { requireText } from '../stores/store.service';
import type { BenefitProgramEntity, BenefitTierEntity } from './benefit.entity';

export const BENEFIT_CHECK_SCOPE = 'benefit:check';

export interface NewBenefitProgram {
  name: string;
  regionCode: string;
  tiers: Array<{ name: string; minPoints: number; discountPercent: number; description: string }>;
}

export interface BenefitAnswer {
  programName: string;
  /** null when the household is below every tier. */
  tier: BenefitTierEntity | null;
}

/** The highest tier whose threshold the points reach. */
export function tierFor(tiers: BenefitTierEntity[], points: number): BenefitTierEntity | null {
  return [...tiers].sort((a, b) => b.minPoints - a.minPoints).find((t) => points >= t.minPoints) ?? null;
}

/**
 * 强村惠民卡. Officers and cadres define programs with tiers; merchants and hospitals join;
 * a member scanning a household code learns the tier and benefit only — never who the
 * household is or its points. Every scan is logged.
 */
export class BenefitService {
  constructor(
    private readonly repos: MallRepositories,
    private readonly platform: PlatformPort,
    private readonly logger: Logger,
  ) {}

  async createProgram(ctx: RequestContext, input: NewBenefitProgram): Promise<BenefitProgramEntity> {
    const user = requireUser(ctx);
    const code = normalizeRegionCode(input.regionCode);
    if (!hasRoleOver(user, code, CADRES_AND_ABOVE)) throw new ForbiddenError('Only cadres and officers over this region define benefit programs');
    const name = requireText(input.name, 'name');
    if (!(await this.platform.regionLevel(code))) throw new DomainError('REGION_NOT_FOUND', `Region ${code} does not exist`);
    if (!input.tiers.length) throw new BadInputError('A program needs at least one tier');
    if (new Set(input.tiers.map((t) => t.minPoints)).size !== input.tiers.length) throw new BadInputError('Tiers need different point thresholds');
    const program: BenefitProgramEntity = { id: newId(), name, regionCode: code, createdBy: user.userId, createdAt: new Date() };
    const tiers = input.tiers.map((t) => ({ id: newId(), programId: program.id, name: requireText(t.name, 'tier name'), minPoints: t.minPoints, discountPercent: t.discountPercent, description: requireText(t.description, 'tier description') }));
    await this.repos.benefits.insertProgram(program, tiers);
    return program;
  }

  /** Staff over the program's region enrol a merchant or hospital (by its OAuth client id). */
  async addMember(ctx: RequestContext, programId: string, clientId: string): Promise<BenefitProgramEntity> {
    const program = await this.repos.benefits.findProgram(programId);
    if (!program) throw new NotFoundError('Benefit program', programId);
    if (!hasRoleOver(requireUser(ctx), program.regionCode, CADRES_AND_ABOVE)) throw new ForbiddenError();
    if (!/^gzc_[a-z0-9_]{3,36}$/.test(clientId)) throw new BadInputError('clientId must be an integrator client id (gzc_…)');
    await this.repos.benefits.addMember(program.id, clientId);
    return program;
  }

  async programs(ctx: RequestContext, regionCode?: string | null): Promise<BenefitProgramEntity[]> {
    if (ctx.principal?.kind === 'client') return this.repos.benefits.programsJoinedBy(ctx.principal.clientId);
    const user = requireUser(ctx);
    if (!regionCode) throw new BadInputError('regionCode is required');
    const code = normalizeRegionCode(regionCode);
    if (!hasRoleOver(user, code, VILLAGE_STAFF)) throw new ForbiddenError('This region is outside yours');
    return this.repos.benefits.programsUnderPrefix(regionPrefix(code));
  }

  tiersOf(programIds: readonly string[]): Promise<BenefitTierEntity[]> {
    return this.repos.benefits.tiersOf(programIds);
  }

  async members(ctx: RequestContext, program: BenefitProgramEntity): Promise<string[]> {
    if (!hasRoleOver(ctx.principal, program.regionCode, VILLAGE_STAFF)) return [];
    return (await this.repos.benefits.membersOf([program.id])).map((m) => m.clientId);
  }

  /** A merchant scans a household code: one answer per program it has joined that covers the household. */
  async check(ctx: RequestContext, householdCode: string): Promise<BenefitAnswer[]> {
    const client = requireClientScope(ctx, BENEFIT_CHECK_SCOPE);
    const log = (outcome: string, programId: string | null, householdId: string | null, tierId: string | null) =>
      this.repos.benefits.logCheck({ id: newId(), clientId: client.clientId, programId, householdId, tierId, outcome, createdAt: new Date() });
    if (householdCode.length > 200) throw new DomainError('QR_TOKEN_INVALID', 'This household code is not valid');
    let household: { householdId: string; villageCode: string };
    try {
      household = await this.platform.verifyHouseholdCode(householdCode);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'QR_TOKEN_INVALID' || err.code === 'BAD_USER_INPUT')) {
        await log('INVALID_CODE', null, null, null);
        this.logger.info({ clientId: client.clientId, outcome: 'INVALID_CODE' }, 'benefit check');
        throw new DomainError('QR_TOKEN_INVALID', 'This household code is not valid');
      }
      throw err;
    }
    const programs = (await this.repos.benefits.programsJoinedBy(client.clientId)).filter((p) => isWithinRegion(household.villageCode, p.regionCode));
    if (!programs.length) {
      await log('NOT_COVERED', null, household.householdId, null);
      this.logger.info({ clientId: client.clientId, outcome: 'NOT_COVERED' }, 'benefit check');
      return [];
    }
    const points = await this.platform.householdPoints(household.householdId);
    const tiers = await this.repos.benefits.tiersOf(programs.map((p) => p.id));
    const answers: BenefitAnswer[] = [];
    for (const program of programs) {
      const tier = tierFor(tiers.filter((t) => t.programId === program.id), points.balance);
      await log(tier ? 'TIER' : 'BELOW_TIERS', program.id, household.householdId, tier?.id ?? null);
      // The log line names the client, program and tier, not the household.
      this.logger.info({ clientId: client.clientId, programId: program.id, tier: tier?.name ?? null }, 'benefit check');
      answers.push({ programName: program.name, tier });
    }
    return answers;
  }
}
