import { demoIdNumber } from '../../services/identity/src/demo/demo-county';
import { codes, TestPlatform } from '../support/platform';

// Bulk paths of identity through the gateway: a county's register and administrative tree.
let p: TestPlatform;
beforeAll(async () => {
  p = await TestPlatform.start();
});
afterAll(async () => {
  await p?.stop();
});

const COUNTY_OFFICER = '13800000005';
const CADRE_B = '13800000006';
const importMutation = 'mutation($v: ID!, $h: [ImportHouseholdInput!]!) { importHouseholds(villageCode: $v, households: $h) { households people skipped householdIds } }';

let seq = 3000;
function person(name: string, relation?: string) {
  const n = seq++;
  return { name, phone: `134${String(n).padStart(8, '0')}`, idNumber: demoIdNumber(n), ...(relation ? { relation } : {}) };
}

it('imports a register all-or-nothing, safely re-runnable, and imported people activate before signing in', async () => {
  const officer = await p.token(COUNTY_OFFICER);
  const batch = [
    { head: person('赵一'), members: [person('钱二', '配偶'), person('孙三', '子女')] },
    { head: person('李四'), members: [] },
  ];
  const broken = [...batch, { head: { ...person('周五'), idNumber: '510681199001011236' }, members: [] }];
  const rejected = await p.gql(importMutation, { v: '510681106001', h: broken }, officer);
  expect(codes(rejected)).toEqual(['IMPORT_INVALID']);
  expect(JSON.stringify(rejected.errors![0].extensions)).toContain('households[2].head.idNumber');
  expect(JSON.stringify(rejected.errors)).not.toContain('510681199001011236');

  const done = await p.gql(importMutation, { v: '510681106001', h: batch }, officer);
  expect(done.data.importHouseholds).toMatchObject({ households: 2, people: 4, skipped: 0 });
  expect(done.data.importHouseholds.householdIds).toHaveLength(2);
  const again = await p.gql(importMutation, { v: '510681106001', h: batch }, officer);
  expect(again.data.importHouseholds).toEqual({ households: 0, people: 0, skipped: 2, householdIds: [] });

  const head = batch[0].head;
  const login = 'mutation($p: String!, $w: String!) { login(phone: $p, password: $w) { accessToken } }';
  expect(codes(await p.gql(login, { p: head.phone, w: 'unset' }))).toEqual(['INVALID_CREDENTIALS']);
  const activate = 'mutation($p: String!, $i: String!, $w: String!) { activateAccount(phone: $p, idNumber: $i, password: $w) }';
  expect(codes(await p.gql(activate, { p: head.phone, i: batch[1].head.idNumber, w: 'my-new-password' }))).toEqual(['ACTIVATION_FAILED']);
  expect((await p.gql(activate, { p: head.phone, i: head.idNumber, w: 'my-new-password' })).data.activateAccount).toMatch(/^[0-9a-f-]{36}$/);
  expect(codes(await p.gql(activate, { p: head.phone, i: head.idNumber, w: 'another-password' }))).toEqual(['ACCOUNT_ALREADY_ACTIVE']);

  const token = (await p.login(head.phone, 'my-new-password')).accessToken;
  const me = await p.gql('{ me { roles { role regionCode } household { villageCode members { name relationToHead } } } }', {}, token);
  expect(me.data.me.roles).toEqual([{ role: 'VILLAGER', regionCode: '510681106001' }]);
  expect(me.data.me.household.members.map((m: any) => m.relationToHead).sort()).toEqual(['子女', '户主', '配偶'].sort());
});

it('refuses imports outside the caller region and oversized batches', async () => {
  const forbidden = await p.gql(importMutation, { v: '510681106001', h: [{ head: person('吴六'), members: [] }] }, await p.token(CADRE_B));
  expect(codes(forbidden)).toEqual(['FORBIDDEN']);
  const many = Array.from({ length: 501 }, () => ({ head: person('郑七'), members: [] }));
  expect(codes(await p.gql(importMutation, { v: '510681106001', h: many }, await p.token(COUNTY_OFFICER)))).toEqual(['IMPORT_TOO_LARGE']);
});

it('imports regions under the officer region only', async () => {
  const mutation = 'mutation($r: [ImportRegionInput!]!) { importRegions(regions: $r) }';
  const regions = [
    { code: '510681199000', name: '测试镇' },
    { code: '510681199001', name: '测试村' },
  ];
  expect(codes(await p.gql(mutation, { r: regions }, await p.token(CADRE_B)))).toEqual(['FORBIDDEN']);
  expect((await p.gql(mutation, { r: regions }, await p.token(COUNTY_OFFICER))).data.importRegions).toBe(2);
  const village = await p.gql('{ region(code: "510681199001") { name level ancestors { name } } }');
  expect(village.data.region).toMatchObject({ name: '测试村', level: 'VILLAGE' });
  expect(village.data.region.ancestors.map((a: any) => a.name)).toContain('测试镇');
});
