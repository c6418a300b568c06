import { demoIdNumber } from '../../../services/identity/src/demo/demo-county';
import { CLIENT_ACTORS, OFFICERS_OVER_A, STAFF_OVER_A, USER_ACTORS, type Actor } from '../actors';
import type { Fixtures, MatrixRow } from '../matrix';

let seq = 0;
function uniquePhone(): string {
  return `136${String(Date.now() % 1e6).padStart(6, '0')}${String(seq++ % 100).padStart(2, '0')}`;
}
let idSeq = 700;

/** A household in village A with a fresh head, made by the admin, for rows that change households. */
async function freshHousehold(fx: Fixtures): Promise<{ id: string; headPhone: string; headId: string }> {
  const head = await fx.newPerson();
  const res = await fx.p.gql(`mutation { createHousehold(villageCode: "${fx.demo.villageA}", headPhone: "${head.phone}") { id } }`, {}, fx.token('admin'));
  return { id: res.data.createHousehold.id, headPhone: head.phone, headId: head.userId };
}

const USERS_NO_CLIENTS: Partial<Record<Actor, string>> = Object.fromEntries(CLIENT_ACTORS.map((a) => [a, 'FORBIDDEN']));

export const identityRows: MatrixRow[] = [
  { operation: 'Query.region', allow: 'everyone', request: () => ({ query: '{ region(code: "510681106001") { name children { code } } }' }) },
  { operation: 'Query.me', allow: USER_ACTORS, request: () => ({ query: '{ me { id name phone } }' }) },
  {
    operation: 'Query.user',
    allow: ['villager', ...STAFF_OVER_A],
    // Someone you may not see does not exist for you.
    deny: { villagerOther: 'NOT_FOUND', cadreOther: 'NOT_FOUND', townshipOther: 'NOT_FOUND' },
    request: (fx) => ({ query: 'query($id: ID!) { user(id: $id) { id name } }', variables: { id: fx.demo.villagerUserId } }),
  },
  {
    operation: 'Query.household',
    allow: ['villager', ...STAFF_OVER_A],
    request: (fx) => ({ query: 'query($id: ID!) { household(id: $id) { id members { name } } }', variables: { id: fx.demo.householdA } }),
  },
  {
    operation: 'Query.households',
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($v: ID!) { households(villageCode: $v, first: 2) { edges { node { id } } } }', variables: { v: fx.demo.villageA } }),
  },
  {
    operation: 'Query.verifyHouseholdCode',
    allow: CLIENT_ACTORS,
    request: async (fx) => ({ query: 'query($t: String!) { verifyHouseholdCode(token: $t) { householdId } }', variables: { t: await fx.householdCodeA() } }),
  },
  {
    operation: 'Query.integratorClients',
    allow: ['county', 'city'],
    request: (fx) => ({ query: 'query($r: ID!) { integratorClients(regionCode: $r) { clientId } }', variables: { r: fx.demo.county } }),
  },
  {
    operation: 'Mutation.register',
    allow: 'everyone',
    request: () => ({
      query: 'mutation($i: RegisterInput!) { register(input: $i) { id } }',
      variables: { i: { name: '矩阵', phone: uniquePhone(), idNumber: demoIdNumber(idSeq++), password: 'matrix-password' } },
    }),
  },
  {
    operation: 'Mutation.login',
    allow: 'everyone',
    request: async (fx) => {
      const person = await fx.newPerson();
      return { query: 'mutation($p: String!, $w: String!) { login(phone: $p, password: $w) { userId } }', variables: { p: person.phone, w: person.password } };
    },
  },
  {
    operation: 'Mutation.refreshSession',
    allow: 'everyone',
    request: async (fx) => {
      const person = await fx.newPerson();
      const login = await fx.p.login(person.phone, person.password);
      return { query: 'mutation($t: String!) { refreshSession(refreshToken: $t) { userId } }', variables: { t: login.refreshToken } };
    },
  },
  {
    operation: 'Mutation.logout',
    allow: 'everyone',
    request: async (fx) => {
      const person = await fx.newPerson();
      const login = await fx.p.login(person.phone, person.password);
      return { query: 'mutation($t: String!) { logout(refreshToken: $t) }', variables: { t: login.refreshToken } };
    },
  },
  {
    operation: 'Mutation.grantRole',
    allow: STAFF_OVER_A,
    deny: USERS_NO_CLIENTS,
    request: async (fx) => {
      const person = await fx.newPerson();
      return { query: 'mutation($u: ID!, $g: ID!) { grantRole(userId: $u, role: VILLAGER, regionCode: $g) { id } }', variables: { u: person.userId, g: fx.demo.villageA } };
    },
  },
  {
    operation: 'Mutation.revokeRole',
    allow: STAFF_OVER_A,
    request: async (fx) => {
      const person = await fx.newPerson();
      const grant = await fx.p.gql('mutation($u: ID!, $g: ID!) { grantRole(userId: $u, role: VILLAGER, regionCode: $g) { id } }', { u: person.userId, g: fx.demo.villageA }, fx.token('admin'));
      return { query: 'mutation($id: ID!) { revokeRole(grantId: $id) }', variables: { id: grant.data.grantRole.id } };
    },
  },
  {
    operation: 'Mutation.createHousehold',
    allow: STAFF_OVER_A,
    request: async (fx) => {
      const head = await fx.newPerson();
      return { query: 'mutation($v: ID!, $p: String!) { createHousehold(villageCode: $v, headPhone: $p) { id } }', variables: { v: fx.demo.villageA, p: head.phone } };
    },
  },
  {
    operation: 'Mutation.addHouseholdMember',
    allow: STAFF_OVER_A,
    request: async (fx) => {
      const household = await freshHousehold(fx);
      const member = await fx.newPerson();
      return { query: 'mutation($h: ID!, $p: String!) { addHouseholdMember(householdId: $h, phone: $p, relation: "子女") { id } }', variables: { h: household.id, p: member.phone } };
    },
  },
  {
    operation: 'Mutation.removeHouseholdMember',
    allow: STAFF_OVER_A,
    request: async (fx) => {
      const household = await freshHousehold(fx);
      const member = await fx.newPerson();
      await fx.p.gql('mutation($h: ID!, $p: String!) { addHouseholdMember(householdId: $h, phone: $p, relation: "子女") { id } }', { h: household.id, p: member.phone }, fx.token('admin'));
      return { query: 'mutation($h: ID!, $u: ID!) { removeHouseholdMember(householdId: $h, userId: $u) { id } }', variables: { h: household.id, u: member.userId } };
    },
  },
  {
    operation: 'Mutation.transferHouseholdHead',
    allow: STAFF_OVER_A,
    request: async (fx) => {
      const household = await freshHousehold(fx);
      const member = await fx.newPerson();
      await fx.p.gql('mutation($h: ID!, $p: String!) { addHouseholdMember(householdId: $h, phone: $p, relation: "配偶") { id } }', { h: household.id, p: member.phone }, fx.token('admin'));
      return {
        query: 'mutation($h: ID!, $u: ID!) { transferHouseholdHead(householdId: $h, newHeadUserId: $u, formerHeadRelation: "配偶") { id } }',
        variables: { h: household.id, u: member.userId },
      };
    },
  },
  {
    operation: 'Mutation.rotateHouseholdCode',
    // The demo villager is the head of household A.
    allow: ['villager', ...STAFF_OVER_A],
    request: async (fx, actor) => {
      // The villager acts on their own household; everyone else on a fresh one in village A.
      const id = actor === 'villager' ? fx.demo.householdA : (await freshHousehold(fx)).id;
      return { query: 'mutation($h: ID!) { rotateHouseholdCode(householdId: $h) { householdId } }', variables: { h: id } };
    },
  },
  {
    operation: 'Mutation.createIntegratorClient',
    allow: ['county', 'city'],
    request: (fx) => ({
      query: 'mutation($i: CreateIntegratorClientInput!) { createIntegratorClient(input: $i) { client { clientId } } }',
      variables: { i: { name: '矩阵商户', kind: 'MERCHANT', regionCode: fx.demo.county, scopes: ['benefit:check'] } },
    }),
  },
  {
    operation: 'Mutation.rotateIntegratorClientSecret',
    allow: ['county', 'city'],
    request: async (fx) => {
      const made = await fx.p.gql(
        'mutation($i: CreateIntegratorClientInput!) { createIntegratorClient(input: $i) { client { clientId } } }',
        { i: { name: '矩阵医院', kind: 'HOSPITAL', regionCode: fx.demo.county, scopes: ['benefit:check'] } },
        fx.token('admin'),
      );
      return { query: 'mutation($c: ID!) { rotateIntegratorClientSecret(clientId: $c) { clientSecret } }', variables: { c: made.data.createIntegratorClient.client.clientId } };
    },
  },
  {
    operation: 'Mutation.createRegion',
    // A grid in village A: its cadre and the officers above it.
    allow: ['cadre', ...OFFICERS_OVER_A],
    request: () => ({
      query: 'mutation($i: CreateRegionInput!) { createRegion(input: $i) { code } }',
      variables: { i: { code: `510681106001${String(100 + (seq++ % 900))}`, name: '矩阵网格' } },
    }),
  },
  {
    operation: 'Mutation.importRegions',
    allow: OFFICERS_OVER_A,
    request: () => ({
      query: 'mutation($r: [ImportRegionInput!]!) { importRegions(regions: $r) }',
      variables: { r: [{ code: `510681106001${String(100 + (seq++ % 900))}`, name: '矩阵网格' }] },
    }),
  },
  {
    operation: 'Mutation.importHouseholds',
    allow: ['cadre', ...OFFICERS_OVER_A],
    request: (fx) => ({
      query: 'mutation($v: ID!, $h: [ImportHouseholdInput!]!) { importHouseholds(villageCode: $v, households: $h) { households } }',
      variables: { v: fx.demo.villageA, h: [{ head: { name: '矩阵户主', phone: uniquePhone(), idNumber: demoIdNumber(idSeq++) }, members: [] }] },
    }),
  },
  {
    operation: 'Mutation.activateAccount',
    allow: 'everyone',
    request: async (fx) => {
      const head = { name: '矩阵激活', phone: uniquePhone(), idNumber: demoIdNumber(idSeq++) };
      await fx.p.gql(
        'mutation($v: ID!, $h: [ImportHouseholdInput!]!) { importHouseholds(villageCode: $v, households: $h) { households } }',
        { v: fx.demo.villageA, h: [{ head, members: [] }] },
        fx.token('admin'),
      );
      return {
        query: 'mutation($p: String!, $i: String!, $w: String!) { activateAccount(phone: $p, idNumber: $i, password: $w) }',
        variables: { p: head.phone, i: head.idNumber, w: 'matrix-password' },
      };
    },
  },
];
