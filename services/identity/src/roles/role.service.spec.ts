import { Role, type UserPrincipal } from '@gongzhi/subgraph-kit';
import { canGrant, roleFitsRegion } from './role.service';

const VILLAGE_A = '510681106001';
const VILLAGE_B = '510681107001';
const TOWNSHIP_A = '510681106000';

function user(...roles: Array<[Role, string]>): UserPrincipal {
  return { kind: 'user', userId: 'u1', roles: roles.map(([role, region]) => ({ role, region })), householdId: null };
}

describe('role authority', () => {
  it('lets a cadre grant villager and grid worker in their own village only', () => {
    const cadre = user([Role.VILLAGE_CADRE, VILLAGE_A]);
    expect(canGrant(cadre, Role.VILLAGER, VILLAGE_A)).toBe(true);
    expect(canGrant(cadre, Role.GRID_WORKER, VILLAGE_A)).toBe(true);
    expect(canGrant(cadre, Role.VILLAGER, VILLAGE_B)).toBe(false);
    expect(canGrant(cadre, Role.VILLAGE_CADRE, VILLAGE_A)).toBe(false);
  });

  it('lets a township officer appoint cadres in its villages', () => {
    const officer = user([Role.TOWNSHIP_OFFICER, TOWNSHIP_A]);
    expect(canGrant(officer, Role.VILLAGE_CADRE, VILLAGE_A)).toBe(true);
    expect(canGrant(officer, Role.VILLAGE_CADRE, VILLAGE_B)).toBe(false);
    expect(canGrant(officer, Role.TOWNSHIP_OFFICER, TOWNSHIP_A)).toBe(false);
  });

  it('refuses villagers, integrators and anonymous callers', () => {
    expect(canGrant(user([Role.VILLAGER, VILLAGE_A]), Role.VILLAGER, VILLAGE_A)).toBe(false);
    expect(canGrant(null, Role.VILLAGER, VILLAGE_A)).toBe(false);
  });

  it('binds roles to the right level of region', () => {
    expect(roleFitsRegion(Role.VILLAGER, VILLAGE_A)).toBe(true);
    expect(roleFitsRegion(Role.VILLAGER, TOWNSHIP_A)).toBe(false);
    expect(roleFitsRegion(Role.TOWNSHIP_OFFICER, TOWNSHIP_A)).toBe(true);
    expect(roleFitsRegion(Role.GRID_WORKER, `${VILLAGE_A}002`)).toBe(true);
  });
});
