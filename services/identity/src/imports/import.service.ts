import {
  CADRES_AND_ABOVE,
  DomainError,
  ForbiddenError,
  hasRoleOver,
  isRegionCode,
  newId,
  normalizeRegionCode,
  NotFoundError,
  OFFICERS,
  regionLevel,
  RegionLevel,
  requireUser,
  Role,
  Topics,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { HEAD_RELATION } from '../households/household.service';
import type { HouseholdEntity, HouseholdMemberEntity } from '../households/household.entity';
import { IdNumberVault, isValidIdNumber, normalizeIdNumber } from '../id-number/id-number';
import { parentCodeOf } from '../regions/region.service';
import type { RegionEntity } from '../regions/region.entity';
import type { IdentityRepositories } from '../repositories';
import type { RoleGrantEntity } from '../roles/role-grant.entity';
import { hashPassword } from '../users/password';
import type { UserEntity } from '../users/user.entity';
import { PHONE_PATTERN } from '../users/user.service';
import type { LoginThrottle } from '../sessions/session.service';
import { ImportErrors } from './import.errors';

export const MAX_HOUSEHOLDS_PER_IMPORT = 500;
export const MAX_MEMBERS_PER_HOUSEHOLD = 15;
export const MAX_REGIONS_PER_IMPORT = 2000;
/** Imported people have no password until they activate their account with their ID number (not a scrypt hash, so login always fails). */
export const UNSET_PASSWORD = 'unset';

export interface ImportPerson {
  name: string;
  phone: string;
  idNumber: string;
  relation?: string;
}

export interface ImportHousehold {
  head: ImportPerson;
  members: ImportPerson[];
}

export interface ImportResult {
  households: number;
  people: number;
  /** Households skipped because their head already belongs to a household (re-running an import is safe). */
  skipped: number;
  /** Ids of the households created, in the order of the batch (skipped ones left out). */
  householdIds: string[];
}

/** Every problem of a batch, by position, so a county clerk can fix the file in one go. */
export function validateHouseholdBatch(batch: ImportHousehold[]): string[] {
  const problems: string[] = [];
  const seenIds = new Map<string, string>();
  const seenPhones = new Map<string, string>();
  batch.forEach((household, i) => {
    if (household.members.length > MAX_MEMBERS_PER_HOUSEHOLD) problems.push(`households[${i}]: more than ${MAX_MEMBERS_PER_HOUSEHOLD} members`);
    [household.head, ...household.members].forEach((person, j) => {
      const at = j === 0 ? `households[${i}].head` : `households[${i}].members[${j - 1}]`;
      const name = person.name.trim();
      if (!name || name.length > 50) problems.push(`${at}.name: 1 to 50 characters`);
      if (!PHONE_PATTERN.test(person.phone.trim())) problems.push(`${at}.phone: not an 11-digit mainland mobile number`);
      const id = normalizeIdNumber(person.idNumber);
      if (!isValidIdNumber(id)) problems.push(`${at}.idNumber: not a valid ID-card number`);
      if (j > 0 && (!person.relation?.trim() || person.relation.trim().length > 20 || person.relation.trim() === HEAD_RELATION)) {
        problems.push(`${at}.relation: 1 to 20 characters, not ${HEAD_RELATION}`);
      }
      if (seenIds.has(id)) problems.push(`${at}.idNumber: also at ${seenIds.get(id)}`);
      else seenIds.set(id, at);
      const phone = person.phone.trim();
      if (seenPhones.has(phone)) problems.push(`${at}.phone: also at ${seenPhones.get(phone)}`);
      else seenPhones.set(phone, at);
    });
  });
  return problems;
}

/**
 * Bulk paths for a county's register (户籍) and administrative tree: one transaction per
 * batch, multi-row inserts, all-or-nothing, and safe to run again.
 */
export class ImportService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: Transactor<IdentityRepositories>,
    private readonly vault: IdNumberVault,
    private readonly throttle: LoginThrottle,
  ) {}

  async importRegions(ctx: RequestContext, input: Array<{ code: string; name: string }>): Promise<number> {
    const user = requireUser(ctx);
    if (input.length > MAX_REGIONS_PER_IMPORT) throw new DomainError(ImportErrors.IMPORT_TOO_LARGE, `At most ${MAX_REGIONS_PER_IMPORT} regions per call`);
    const regions: RegionEntity[] = [];
    const problems: string[] = [];
    input.forEach((r, i) => {
      const code = r.code.trim();
      const name = r.name.trim();
      if (!isRegionCode(code)) return problems.push(`regions[${i}].code: 12 or 15 digits`);
      if (!name || name.length > 100) return problems.push(`regions[${i}].name: 1 to 100 characters`);
      const parentCode = parentCodeOf(code);
      if (!parentCode || !hasRoleOver(user, parentCode, OFFICERS)) return problems.push(`regions[${i}]: you cannot add regions under ${parentCode ?? code}`);
      regions.push({ code, name, level: regionLevel(code), parentCode });
    });
    if (problems.some((p) => p.includes('cannot add'))) throw new ForbiddenError(problems.join('; '));
    if (problems.length) throw new DomainError(ImportErrors.IMPORT_INVALID, `The batch has ${problems.length} problem(s); nothing was imported`, { problems });
    const known = new Set(regions.map((r) => r.code));
    const outside = [...new Set(regions.map((r) => r.parentCode!).filter((c) => !known.has(c)))];
    const found = new Set((await this.repos.regions.findByCodes(outside)).map((r) => r.code));
    const orphans = outside.filter((c) => !found.has(c));
    if (orphans.length) throw new NotFoundError('Parent region', orphans.slice(0, 5).join(', '));
    await this.repos.regions.upsert(regions);
    return regions.length;
  }

  async importHouseholds(ctx: RequestContext, rawVillageCode: string, batch: ImportHousehold[]): Promise<ImportResult> {
    const user = requireUser(ctx);
    const villageCode = normalizeRegionCode(rawVillageCode);
    if (!hasRoleOver(user, villageCode, CADRES_AND_ABOVE)) throw new ForbiddenError('This village is outside your region');
    if (regionLevel(villageCode) !== RegionLevel.VILLAGE) throw new DomainError('NOT_A_VILLAGE', 'Households belong to a village or community');
    if (batch.length > MAX_HOUSEHOLDS_PER_IMPORT) {
      throw new DomainError(ImportErrors.IMPORT_TOO_LARGE, `At most ${MAX_HOUSEHOLDS_PER_IMPORT} households per call`);
    }
    const problems = validateHouseholdBatch(batch);
    if (problems.length) throw new DomainError(ImportErrors.IMPORT_INVALID, `The batch has ${problems.length} problem(s); nothing was imported`, { problems: problems.slice(0, 50) });
    if (!(await this.repos.regions.findByCode(villageCode))) throw new NotFoundError('Village', villageCode);

    return this.tx.run(async (repos) => {
      const people = batch.flatMap((h) => [h.head, ...h.members]);
      const hashes = people.map((p) => this.vault.lookupHash(p.idNumber));
      const existingByHash = new Map((await repos.users.findByIdNumberHashes(hashes)).map((u) => [u.idNumberHash, u]));
      const phoneOwners = new Map((await repos.users.findByPhones(people.map((p) => p.phone.trim()))).map((u) => [u.phone, u]));
      const clash = people.filter((p, i) => {
        const owner = phoneOwners.get(p.phone.trim());
        return owner && owner.idNumberHash !== hashes[i];
      });
      if (clash.length) {
        throw new DomainError(ImportErrors.IMPORT_INVALID, `${clash.length} phone number(s) belong to other registered people; nothing was imported`);
      }
      const existingIds = [...existingByHash.values()].map((u) => u.id);
      const memberships = new Set((await repos.households.membershipsOf(existingIds)).map((m) => m.userId));

      const now = new Date();
      const users: UserEntity[] = [];
      const households: HouseholdEntity[] = [];
      const members: HouseholdMemberEntity[] = [];
      const grants: RoleGrantEntity[] = [];
      const events: Record<string, unknown>[] = [];
      const userIdOf = (person: ImportPerson): string => {
        const hash = this.vault.lookupHash(person.idNumber);
        const existing = existingByHash.get(hash);
        if (existing) return existing.id;
        const created: UserEntity = {
          id: newId(),
          name: person.name.trim(),
          phone: person.phone.trim(),
          idNumberCipher: this.vault.encrypt(normalizeIdNumber(person.idNumber)),
          idNumberHash: hash,
          passwordHash: UNSET_PASSWORD,
          createdAt: now,
        };
        existingByHash.set(hash, created);
        users.push(created);
        return created.id;
      };
      let skipped = 0;
      for (const entry of batch) {
        const everyone = [entry.head, ...entry.members];
        const alreadyPlaced = everyone.some((p) => {
          const existing = existingByHash.get(this.vault.lookupHash(p.idNumber));
          return existing && memberships.has(existing.id);
        });
        if (alreadyPlaced) {
          skipped++;
          continue;
        }
        const household: HouseholdEntity = { id: newId(), villageCode, headUserId: userIdOf(entry.head), qrTokenHash: null, qrTokenRotatedAt: null, createdAt: now };
        households.push(household);
        everyone.forEach((person, j) => {
          const userId = userIdOf(person);
          members.push({ userId, householdId: household.id, relation: j === 0 ? HEAD_RELATION : person.relation!.trim(), joinedAt: now });
          grants.push({ id: newId(), userId, role: Role.VILLAGER, regionCode: villageCode, grantedBy: user.userId, createdAt: now });
        });
        events.push({ householdId: household.id, villageCode, headUserId: household.headUserId });
      }
      await repos.users.insertMany(users);
      await repos.households.insertMany(households, members);
      await repos.roles.insertManyIfAbsent(grants);
      await repos.events.recordMany(Topics.HOUSEHOLD_CREATED, events);
      return { households: households.length, people: members.length, skipped, householdIds: households.map((h) => h.id) };
    });
  }

  /** An imported person sets a password by proving who they are with their ID-card number. */
  async activateAccount(phone: string, idNumber: string, password: string): Promise<string> {
    const key = `activate:${phone.trim()}`;
    await this.throttle.check(key);
    if (password.length < 8 || password.length > 128) throw new DomainError('PASSWORD_TOO_WEAK', 'Password must be 8 to 128 characters');
    const user = await this.repos.users.findByPhone(phone.trim());
    const matches = !!user && isValidIdNumber(normalizeIdNumber(idNumber)) && user.idNumberHash === this.vault.lookupHash(idNumber);
    if (!user || !matches) {
      await this.throttle.recordFailure(key);
      throw new DomainError(ImportErrors.ACTIVATION_FAILED, 'Phone number and ID-card number do not match a registered person');
    }
    if (user.passwordHash !== UNSET_PASSWORD) throw new DomainError(ImportErrors.ACCOUNT_ALREADY_ACTIVE, 'This account already has a password; sign in instead');
    await this.repos.users.setPasswordHash(user.id, await hashPassword(password));
    await this.throttle.reset(key);
    return user.id;
  }
}
