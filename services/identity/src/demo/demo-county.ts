import { IntegratorKind, newId, regionLevel, Role, type RequestContext } from '@gongzhi/subgraph-kit';
import type { IdentityApp } from '../app';
import { hashClientSecret } from '../integrators/integrator.service';
import { parentCodeOf } from '../regions/region.service';
import { identityRepositories } from '../repositories';

/**
 * 德阳市 / 广汉市 with a few townships, villages and households, and one login per role.
 * Ids of demo people are fixed so other services' demo data can refer to them. Idempotent.
 */
export const DEMO_PASSWORD = 'Gongzhi@2026';

export const DEMO_REGIONS: Array<[code: string, name: string]> = [
  ['510000000000', '四川省'],
  ['510600000000', '德阳市'],
  ['510681000000', '广汉市'],
  ['510681001000', '雒城街道'],
  ['510681001001', '东城社区'],
  ['510681106000', '三星堆镇'],
  ['510681106001', '真武村'],
  ['510681106002', '回龙村'],
  ['510681106001001', '真武村第一网格'],
  ['510681107000', '南兴镇'],
  ['510681107001', '友谊村'],
];

export const VILLAGE_A = '510681106001';
export const VILLAGE_B = '510681106002';

interface DemoPerson {
  phone: string;
  name: string;
  role?: [Role, string];
  label: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { phone: '13800000000', name: '平台管理员', role: [Role.PLATFORM_ADMIN, '510000000000'], label: 'platform admin' },
  { phone: '13800000001', name: '王建国', label: 'villager, head of a 真武村 household' },
  { phone: '13800000002', name: '张丽', role: [Role.VILLAGE_CADRE, VILLAGE_A], label: 'village cadre of 真武村' },
  { phone: '13800000003', name: '刘伟', role: [Role.GRID_WORKER, VILLAGE_A], label: 'grid worker of 真武村' },
  { phone: '13800000004', name: '陈明', role: [Role.TOWNSHIP_OFFICER, '510681106000'], label: 'township officer of 三星堆镇' },
  { phone: '13800000005', name: '赵强', role: [Role.COUNTY_OFFICER, '510681000000'], label: 'county officer of 广汉市' },
  { phone: '13800000006', name: '孙红', role: [Role.VILLAGE_CADRE, VILLAGE_B], label: 'village cadre of 回龙村' },
  { phone: '13800000007', name: '周平', label: 'villager, head of a 回龙村 household' },
  { phone: '13800000008', name: '黄涛', role: [Role.CITY_OFFICER, '510600000000'], label: 'city officer of 德阳市' },
  { phone: '13800000009', name: '何静', role: [Role.TOWNSHIP_OFFICER, '510681107000'], label: 'township officer of 南兴镇' },
];

export const DEMO_BANK = { clientId: 'gzc_demo_gh_rural_bank', clientSecret: 'gzs_demo_bank_secret_change_me', name: '广汉农商银行' };
export const DEMO_MERCHANT = { clientId: 'gzc_demo_sxd_pharmacy', clientSecret: 'gzs_demo_merchant_secret_change_me', name: '三星堆镇惠民药店' };
export const DEMO_HOSPITAL = { clientId: 'gzc_demo_gh_hospital', clientSecret: 'gzs_demo_hospital_secret_change_me', name: '广汉市人民医院' };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = ['秀英', '桂兰', '建华', '志强', '玉梅', '国庆', '红梅', '德明', '春燕', '海波'];

/** A valid GB 11643 number, deterministic from a sequence number. */
export function demoIdNumber(seq: number): string {
  const body = `510681${1950 + (seq % 50)}${String((seq % 12) + 1).padStart(2, '0')}${String((seq % 28) + 1).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export async function seedDemoCounty(app: IdentityApp, log: (line: string) => void = () => undefined): Promise<void> {
  const repos = identityRepositories(app.dataSource.manager);
  const { users, households } = app.services;
  // Levels and parents are derived from the codes, as the API would.
  await repos.regions.upsert(DEMO_REGIONS.map(([code, name]) => ({ code, name, level: regionLevel(code), parentCode: parentCodeOf(code) })));

  let seq = 1;
  const ensureUser = async (phone: string, name: string) => {
    const n = seq++;
    const existing = await repos.users.findByPhone(phone);
    if (existing) return existing.id;
    const view = await users.register({ phone, name, idNumber: demoIdNumber(n), password: DEMO_PASSWORD });
    return view.id;
  };

  const ids: Record<string, string> = {};
  for (const person of DEMO_PEOPLE) ids[person.phone] = await ensureUser(person.phone, person.name);
  const adminId = ids['13800000000'];
  for (const person of DEMO_PEOPLE) {
    if (!person.role) continue;
    await repos.roles.insertIfAbsent({
      id: newId(),
      userId: ids[person.phone],
      role: person.role[0],
      regionCode: person.role[1],
      grantedBy: person.phone === '13800000000' ? null : adminId,
      createdAt: new Date(),
    });
  }
  const admin: RequestContext = {
    principal: { kind: 'user', userId: adminId, roles: [{ role: Role.PLATFORM_ADMIN, region: '510000000000' }], householdId: null },
    requestId: 'demo-seed',
  };

  // Households: the demo villagers' own, their family members, and neighbours.
  const families: Array<{ village: string; head: string; members: Array<[phone: string, name: string, relation: string]> }> = [
    { village: VILLAGE_A, head: '13800000001', members: [['13800000011', '李秀英', '配偶'], ['13800000012', '王小明', '子女']] },
    { village: VILLAGE_B, head: '13800000007', members: [['13800000017', '吴桂兰', '配偶']] },
  ];
  let phoneSeq = 100;
  for (const village of ['510681106001', '510681106002', '510681107001', '510681001001']) {
    for (let i = 0; i < 5; i++) {
      const head = `1390000${String(phoneSeq++).padStart(4, '0')}`;
      const spouse = `1390000${String(phoneSeq++).padStart(4, '0')}`;
      families.push({ village, head, members: [[spouse, `${SURNAMES[phoneSeq % SURNAMES.length]}${GIVEN[phoneSeq % GIVEN.length]}`, '配偶']] });
    }
  }
  let created = 0;
  for (const family of families) {
    const headName = DEMO_PEOPLE.find((p) => p.phone === family.head)?.name ?? `${SURNAMES[seq % SURNAMES.length]}${GIVEN[seq % GIVEN.length]}`;
    const headId = await ensureUser(family.head, headName);
    let household = await households.ofUser(headId);
    if (!household) {
      household = await households.create(admin, family.village, family.head);
      created++;
    }
    for (const [phone, name, relation] of family.members) {
      const memberId = await ensureUser(phone, name);
      if (!(await households.ofUser(memberId))) await households.addMember(admin, household.id, phone, relation);
    }
  }

  for (const [client, kind, scopes] of [
    [DEMO_BANK, IntegratorKind.BANK, 'credit:read credit:decide household:verify'],
    [DEMO_MERCHANT, IntegratorKind.MERCHANT, 'benefit:check household:verify'],
    [DEMO_HOSPITAL, IntegratorKind.HOSPITAL, 'benefit:check household:verify'],
  ] as const) {
    if (await repos.integrators.findByClientId(client.clientId)) continue;
    const now = new Date();
    await repos.integrators.insert({
      id: newId(),
      clientId: client.clientId,
      name: client.name,
      kind,
      regionCode: '510681000000',
      scopes,
      secretHash: hashClientSecret(client.clientSecret),
      secretRotatedAt: now,
      createdBy: adminId,
      createdAt: now,
    });
  }
  log(`demo county ready: ${DEMO_REGIONS.length} regions, ${families.length} households (${created} new)`);
}
