import {
  BadInputError,
  DomainError,
  ForbiddenError,
  hasRoleOver,
  isDuplicateKey,
  newId,
  NotFoundError,
  requireUser,
  Role,
  VILLAGE_STAFF,
  type Principal,
  type RequestContext,
  type Transactor,
  Topics,
} from '@gongzhi/subgraph-kit';
import { householdsById, membershipsByUser, viewerMembership } from '../households/household.loaders';
import type { IdentityRepositories } from '../repositories';
import { IdNumberVault, isValidIdNumber, maskIdNumber, maskPhone, normalizeIdNumber } from '../id-number/id-number';
import { hashPassword } from './password';
import type { UserEntity } from './user.entity';
import { UserErrors } from './user.errors';

export interface RegistrationInput {
  name: string;
  phone: string;
  idNumber: string;
  password: string;
}

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** A user as the API shows it to one viewer: ID number always masked, phone masked unless allowed. */
export interface UserView {
  id: string;
  name: string;
  phone: string;
  idNumberMasked: string;
  householdId: string | null;
  villageCode: string | null;
  relationToHead: string | null;
}

/** Who may see a person's full phone: the person, and grid workers and cadres of their village. */
export function seesFullPhone(viewer: Principal | null, userId: string, villageCode: string | null): boolean {
  if (viewer?.kind !== 'user') return false;
  if (viewer.userId === userId) return true;
  return villageCode !== null && hasRoleOver(viewer, villageCode, [Role.GRID_WORKER, Role.VILLAGE_CADRE]);
}

export class UserService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: Transactor<IdentityRepositories>,
    private readonly vault: IdNumberVault,
  ) {}

  async register(input: RegistrationInput): Promise<UserView> {
    const name = input.name.trim();
    const phone = input.phone.trim();
    const idNumber = normalizeIdNumber(input.idNumber);
    if (!name || name.length > 50) throw new BadInputError('Name must be 1 to 50 characters');
    if (!PHONE_PATTERN.test(phone)) throw new DomainError(UserErrors.PHONE_INVALID, 'Phone must be an 11-digit mainland mobile number');
    if (!isValidIdNumber(idNumber)) {
      throw new DomainError(UserErrors.ID_NUMBER_INVALID, 'The ID-card number is not valid (GB 11643 check failed)');
    }
    if (input.password.length < 8 || input.password.length > 128) {
      throw new DomainError(UserErrors.PASSWORD_TOO_WEAK, 'Password must be 8 to 128 characters');
    }
    const idNumberHash = this.vault.lookupHash(idNumber);
    if (await this.repos.users.findByPhone(phone)) throw new DomainError(UserErrors.PHONE_TAKEN, 'This phone number is already registered');
    if (await this.repos.users.findByIdNumberHash(idNumberHash)) {
      throw new DomainError(UserErrors.ID_NUMBER_TAKEN, 'This ID-card number is already registered');
    }
    const user: UserEntity = {
      id: newId(),
      name,
      phone,
      idNumberCipher: this.vault.encrypt(idNumber),
      idNumberHash,
      passwordHash: await hashPassword(input.password),
      createdAt: new Date(),
    };
    try {
      await this.tx.run(async (repos) => {
        await repos.users.insert(user);
        await repos.events.record(Topics.USER_REGISTERED, { userId: user.id });
      });
    } catch (err) {
      // Two registrations racing past the checks above: the unique keys decide.
      if (isDuplicateKey(err, 'uq_user_phone')) throw new DomainError(UserErrors.PHONE_TAKEN, 'This phone number is already registered');
      if (isDuplicateKey(err, 'uq_user_id_number')) throw new DomainError(UserErrors.ID_NUMBER_TAKEN, 'This ID-card number is already registered');
      throw err;
    }
    return {
      id: user.id,
      name: user.name,
      phone: user.phone,
      idNumberMasked: maskIdNumber(idNumber),
      householdId: null,
      villageCode: null,
      relationToHead: null,
    };
  }

  /** Views of users the caller may see, in the order asked; null where not found or not allowed. */
  async viewsFor(ctx: RequestContext, ids: readonly string[]): Promise<Array<UserView | null>> {
    const [users, memberships, viewer] = await Promise.all([
      this.repos.users.findByIds(ids),
      membershipsByUser(ctx, this.repos).loadMany(ids),
      viewerMembership(ctx, this.repos),
    ]);
    const householdIds = [...new Set(memberships.flatMap((m) => (m && !(m instanceof Error) ? [m.householdId] : [])))];
    const households = await householdsById(ctx, this.repos).loadMany(householdIds);
    const villageOf = new Map(households.flatMap((h) => (h && !(h instanceof Error) ? [[h.id, h.villageCode] as const] : [])));
    return ids.map((id, i) => {
      const user = users.find((u) => u.id === id);
      if (!user) return null;
      const m = memberships[i];
      if (m instanceof Error) throw m;
      const membership = m ?? null;
      const villageCode = (membership && villageOf.get(membership.householdId)) ?? null;
      const sameHousehold = !!membership && viewer?.householdId === membership.householdId;
      if (!this.canSee(ctx.principal, id, villageCode, sameHousehold)) return null;
      return {
        id: user.id,
        name: user.name,
        phone: seesFullPhone(ctx.principal, id, villageCode) ? user.phone : maskPhone(user.phone),
        idNumberMasked: maskIdNumber(this.vault.decrypt(user.idNumberCipher)),
        householdId: membership?.householdId ?? null,
        villageCode,
        relationToHead: membership?.relation ?? null,
      };
    });
  }

  async getVisible(ctx: RequestContext, id: string): Promise<UserView> {
    if (!ctx.principal) requireUser(ctx);
    if (ctx.principal?.kind === 'client') throw new ForbiddenError('Integrators cannot read personal data');
    const [view] = await this.viewsFor(ctx, [id]);
    if (!view) throw new NotFoundError('User', id);
    return view;
  }

  async me(ctx: RequestContext): Promise<UserView> {
    const user = requireUser(ctx);
    return this.getVisible(ctx, user.userId);
  }

  /** The person, members of their household, and staff over their village. Integrators: never. */
  private canSee(viewer: Principal | null, userId: string, villageCode: string | null, sameHousehold: boolean): boolean {
    if (viewer?.kind !== 'user') return false;
    if (viewer.userId === userId || sameHousehold) return true;
    if (viewer.roles.some((r) => r.role === Role.PLATFORM_ADMIN)) return true;
    return villageCode !== null && hasRoleOver(viewer, villageCode, VILLAGE_STAFF);
  }
}
