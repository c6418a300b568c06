import { createHash, randomBytes } from 'node:crypto';
import {
  BadInputError,
  decodeCursor,
  DomainError,
  ForbiddenError,
  hasRoleOver,
  isDuplicateKey,
  isWithinRegion,
  newId,
  normalizeRegionCode,
  NotFoundError,
  regionLevel,
  RegionLevel,
  requireClientScope,
  requireUser,
  Role,
  toConnection,
  VILLAGE_STAFF,
  type Connection,
  type Principal,
  type RequestContext,
  type Transactor,
  Topics,
} from '@gongzhi/subgraph-kit';
import { householdsById, viewerMembership } from './household.loaders';
import type { IdentityRepositories } from '../repositories';
import { PHONE_PATTERN } from '../users/user.service';
import type { HouseholdEntity, HouseholdMemberEntity } from './household.entity';
import { HouseholdErrors } from './household.errors';

export const HEAD_RELATION = '户主';
export const HOUSEHOLD_VERIFY_SCOPE = 'household:verify';

export interface QrTokenCheck {
  householdId: string;
  villageCode: string;
}

function hashQrToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function cleanRelation(relation: string): string {
  const value = relation.trim();
  if (!value || value.length > 20) throw new BadInputError('Relation must be 1 to 20 characters, e.g. 配偶, 子女');
  if (value === HEAD_RELATION) throw new BadInputError('Use transferHouseholdHead to change the head of household');
  return value;
}

export class HouseholdService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: Transactor<IdentityRepositories>,
  ) {}

  /** Members of the household and staff over its village; integrators never. */
  async canSee(principal: Principal | null, household: HouseholdEntity): Promise<boolean> {
    if (principal?.kind !== 'user') return false;
    if (hasRoleOver(principal, household.villageCode, VILLAGE_STAFF)) return true;
    const membership = await this.repos.households.membershipOf(principal.userId);
    return membership?.householdId === household.id;
  }

  async get(ctx: RequestContext, id: string): Promise<HouseholdEntity> {
    if (!ctx.principal) requireUser(ctx);
    const household = await this.repos.households.findById(id);
    if (!household) throw new NotFoundError('Household', id);
    if (!(await this.canSee(ctx.principal, household))) throw new ForbiddenError('This household is outside your region');
    return household;
  }

  /** Batched for federation: entities the caller may not see come back as null. */
  async visibleByIds(ctx: RequestContext, ids: readonly string[]): Promise<Array<HouseholdEntity | null>> {
    if (ctx.principal?.kind !== 'user') return ids.map(() => null);
    const [households, own] = await Promise.all([householdsById(ctx, this.repos).loadMany(ids), viewerMembership(ctx, this.repos)]);
    return ids.map((id, i) => {
      const h = households[i];
      if (h instanceof Error) throw h;
      if (!h) return null;
      const visible = own?.householdId === h.id || hasRoleOver(ctx.principal, h.villageCode, VILLAGE_STAFF);
      return visible ? h : null;
    });
  }

  async ofUser(userId: string): Promise<HouseholdEntity | null> {
    const membership = await this.repos.households.membershipOf(userId);
    return membership ? this.repos.households.findById(membership.householdId) : null;
  }

  membersOf(householdIds: readonly string[]): Promise<HouseholdMemberEntity[]> {
    return this.repos.households.membersOf(householdIds);
  }

  async pageInVillage(ctx: RequestContext, rawVillageCode: string, first: number, after?: string | null): Promise<Connection<HouseholdEntity>> {
    const villageCode = normalizeRegionCode(rawVillageCode);
    if (!hasRoleOver(requireUser(ctx), villageCode, VILLAGE_STAFF)) {
      throw new ForbiddenError('This village is outside your region');
    }
    const afterId = after ? String(decodeCursor(after)[0]) : null;
    const rows = await this.repos.households.pageInVillage(villageCode, afterId, first + 1);
    return toConnection(rows, first, (h) => [h.id]);
  }

  async create(ctx: RequestContext, rawVillageCode: string, headPhone: string): Promise<HouseholdEntity> {
    const villageCode = normalizeRegionCode(rawVillageCode);
    const actor = this.requireStaff(ctx, villageCode);
    if (regionLevel(villageCode) !== RegionLevel.VILLAGE) {
      throw new DomainError(HouseholdErrors.NOT_A_VILLAGE, 'Households belong to a village or community');
    }
    if (!(await this.repos.regions.findByCode(villageCode))) throw new NotFoundError('Village', villageCode);
    const head = await this.findUserByPhone(headPhone);
    const household: HouseholdEntity = {
      id: newId(),
      villageCode,
      headUserId: head.id,
      qrTokenHash: null,
      qrTokenRotatedAt: null,
      createdAt: new Date(),
    };
    await this.inTransaction(async (repos) => {
      await repos.households.insert(household);
      await repos.households.addMember({ userId: head.id, householdId: household.id, relation: HEAD_RELATION, joinedAt: new Date() });
      await this.ensureVillager(repos, head.id, villageCode, actor.userId);
      await repos.events.record(Topics.HOUSEHOLD_CREATED, { householdId: household.id, villageCode, headUserId: head.id });
    });
    return household;
  }

  async addMember(ctx: RequestContext, householdId: string, phone: string, relation: string): Promise<HouseholdEntity> {
    const household = await this.getForStaff(ctx, householdId);
    const user = await this.findUserByPhone(phone);
    const rel = cleanRelation(relation);
    await this.inTransaction(async (repos) => {
      await repos.households.findByIdForUpdate(householdId);
      await repos.households.addMember({ userId: user.id, householdId, relation: rel, joinedAt: new Date() });
      await this.ensureVillager(repos, user.id, household.villageCode, (ctx.principal as { userId: string }).userId);
      await repos.events.record(Topics.HOUSEHOLD_MEMBER_ADDED, { householdId, userId: user.id, villageCode: household.villageCode });
    });
    return household;
  }

  async removeMember(ctx: RequestContext, householdId: string, userId: string): Promise<HouseholdEntity> {
    const household = await this.getForStaff(ctx, householdId);
    await this.tx.run(async (repos) => {
      const locked = await repos.households.findByIdForUpdate(householdId);
      const membership = await repos.households.membershipOf(userId);
      if (membership?.householdId !== householdId) throw new DomainError(HouseholdErrors.NOT_A_MEMBER, 'That person is not in this household');
      if (locked?.headUserId === userId) {
        throw new DomainError(HouseholdErrors.HEAD_CANNOT_LEAVE, 'Transfer the head of household before removing this person');
      }
      await repos.households.removeMember(userId);
      await repos.events.record(Topics.HOUSEHOLD_MEMBER_REMOVED, { householdId, userId, villageCode: household.villageCode });
    });
    return household;
  }

  /** The current head or staff of the village may hand headship to another member. */
  async transferHead(ctx: RequestContext, householdId: string, newHeadUserId: string, formerHeadRelation: string): Promise<HouseholdEntity> {
    const user = requireUser(ctx);
    const rel = cleanRelation(formerHeadRelation);
    return this.tx.run(async (repos) => {
      const household = await repos.households.findByIdForUpdate(householdId);
      if (!household) throw new NotFoundError('Household', householdId);
      if (household.headUserId !== user.userId && !hasRoleOver(user, household.villageCode, VILLAGE_STAFF)) {
        throw new ForbiddenError('Only the head of household or village staff can transfer headship');
      }
      const membership = await repos.households.membershipOf(newHeadUserId);
      if (membership?.householdId !== householdId) throw new DomainError(HouseholdErrors.NOT_A_MEMBER, 'The new head must be a member of this household');
      if (household.headUserId === newHeadUserId) return household;
      await repos.households.setRelation(household.headUserId, rel);
      await repos.households.setRelation(newHeadUserId, HEAD_RELATION);
      await repos.households.update(householdId, { headUserId: newHeadUserId });
      await repos.events.record(Topics.HOUSEHOLD_HEAD_TRANSFERRED, { householdId, villageCode: household.villageCode, from: household.headUserId, to: newHeadUserId });
      return { ...household, headUserId: newHeadUserId };
    });
  }

  /** A new opaque QR token (户码); the old one stops working. Shown once, stored hashed. */
  async rotateQrToken(ctx: RequestContext, householdId: string): Promise<string> {
    const user = requireUser(ctx);
    const household = await this.repos.households.findById(householdId);
    if (!household) throw new NotFoundError('Household', householdId);
    if (household.headUserId !== user.userId && !hasRoleOver(user, household.villageCode, VILLAGE_STAFF)) {
      throw new ForbiddenError('Only the head of household or village staff can issue the household code');
    }
    const token = `gzh_${randomBytes(24).toString('base64url')}`;
    await this.repos.households.update(householdId, { qrTokenHash: hashQrToken(token), qrTokenRotatedAt: new Date() });
    return token;
  }

  /** For integrators scanning a household code: valid only within the integrator's region. */
  async verifyQrToken(ctx: RequestContext, token: string): Promise<QrTokenCheck> {
    const client = requireClientScope(ctx, HOUSEHOLD_VERIFY_SCOPE);
    const household = token.length <= 100 ? await this.repos.households.findByQrTokenHash(hashQrToken(token)) : null;
    if (!household || !isWithinRegion(household.villageCode, client.region)) {
      throw new DomainError(HouseholdErrors.QR_TOKEN_INVALID, 'This household code is not valid');
    }
    return { householdId: household.id, villageCode: household.villageCode };
  }

  private requireStaff(ctx: RequestContext, villageCode: string) {
    const user = requireUser(ctx);
    if (!hasRoleOver(user, villageCode, VILLAGE_STAFF)) throw new ForbiddenError('This village is outside your region');
    return user;
  }

  private async getForStaff(ctx: RequestContext, householdId: string): Promise<HouseholdEntity> {
    const household = await this.repos.households.findById(householdId);
    if (!household) throw new NotFoundError('Household', householdId);
    this.requireStaff(ctx, household.villageCode);
    return household;
  }

  private async findUserByPhone(phone: string) {
    const clean = phone.trim();
    if (!PHONE_PATTERN.test(clean)) throw new BadInputError('Phone must be an 11-digit mainland mobile number');
    const user = await this.repos.users.findByPhone(clean);
    if (!user) throw new DomainError('USER_NOT_FOUND', 'No registered user has this phone number; they must register first');
    return user;
  }

  private async ensureVillager(repos: IdentityRepositories, userId: string, villageCode: string, grantedBy: string) {
    await repos.roles.insertIfAbsent({ id: newId(), userId, role: Role.VILLAGER, regionCode: villageCode, grantedBy, createdAt: new Date() });
  }

  private async inTransaction(work: (repos: IdentityRepositories) => Promise<void>): Promise<void> {
    try {
      await this.tx.run(work);
    } catch (err) {
      // household_member's primary key is the user: one household per person, even under races.
      if (isDuplicateKey(err)) throw new DomainError(HouseholdErrors.ALREADY_IN_HOUSEHOLD, 'That person already belongs to a household');
      throw err;
    }
  }
}
