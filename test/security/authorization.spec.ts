import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { demoIdNumber } from '../../services/identity/src/demo/demo-county';
import { TestPlatform } from '../support/platform';
import { ACTORS, actorTokens, type Actor } from './actors';
import { expectedOutcome, type DemoIds, type Fixtures } from './matrix';
import { MATRIX } from './rows';

// The authorization matrix: every query and mutation of the supergraph × every actor, own
// region and another, through the gateway. Expected outcomes are declared in rows/.
let p: TestPlatform;
let fx: Fixtures;

beforeAll(async () => {
  p = await TestPlatform.start();
  const tokens: Record<string, string | undefined> = { ...(await actorTokens(p)), admin: await p.token('13800000000') };
  const villager = await p.login('13800000001');
  const me = await p.gql('{ me { household { id } } }', {}, villager.accessToken);
  const householdA = me.data.me.household.id;
  const demo: DemoIds = {
    villagerUserId: villager.userId,
    householdA,
    villageA: '510681106001',
    villageB: '510681106002',
    townshipA: '510681106000',
    county: '510681000000',
  };
  let personSeq = 0;
  let idSeq = 900;
  fx = {
    p,
    demo,
    token: (actor) => tokens[actor],
    async householdCodeA() {
      const res = await p.gql(`mutation { rotateHouseholdCode(householdId: "${householdA}") { token } }`, {}, tokens.admin);
      return res.data.rotateHouseholdCode.token;
    },
    async newPerson() {
      const phone = `135${String(Date.now() % 1e6).padStart(6, '0')}${String(personSeq++ % 100).padStart(2, '0')}`;
      const password = 'matrix-password';
      const res = await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', {
        i: { name: '矩阵人员', phone, idNumber: demoIdNumber(idSeq++), password },
      });
      if (!res.data?.register) throw new Error(`register failed: ${res.raw}`);
      return { phone, password, userId: res.data.register.id };
    },
  };
}, 120_000);

afterAll(async () => {
  await p?.stop();
});

function operationsOf(typeName: 'Query' | 'Mutation'): string[] {
  const doc = parse(readFileSync(join(__dirname, '..', '..', 'supergraph.graphql'), 'utf8'));
  const type = doc.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === typeName);
  return (type?.fields ?? []).map((f) => `${typeName}.${f.name.value}`);
}

it('has exactly one row for every query and mutation of the supergraph', () => {
  const operations = [...operationsOf('Query'), ...operationsOf('Mutation')].sort();
  const rows: string[] = MATRIX.map((r) => r.operation).sort();
  expect(rows.filter((r, i) => rows.indexOf(r) !== i)).toEqual([]);
  expect({ missingRows: operations.filter((o) => !rows.includes(o)), rowsForNothing: rows.filter((r) => !operations.includes(r)) }).toEqual({
    missingRows: [],
    rowsForNothing: [],
  });
});

describe.each(MATRIX.map((row) => [row.operation, row] as const))('%s', (_name, row) => {
  it('gives every actor exactly the declared outcome', async () => {
    const mismatches: string[] = [];
    for (const actor of ACTORS) {
      const request = await row.request(fx, actor);
      const res = await p.gql(request.query, request.variables ?? {}, fx.token(actor));
      const code = res.errors?.[0]?.extensions?.code;
      const actual = res.errors?.length ? String(code) : res.data ? 'OK' : `HTTP ${res.status}`;
      const expected = expectedOutcome(row, actor);
      if (actual !== expected) mismatches.push(`${actor}: expected ${expected}, got ${actual}${res.errors ? ` (${res.errors[0].message})` : ''}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('entity lookups (_entities) straight to a subgraph, with the gateway secret', () => {
  it('Household from identity resolves only for those who may see it', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id } } }';
    const visible: Actor[] = ['villager', 'gridWorker', 'cadre', 'township', 'county', 'city'];
    const wrong: string[] = [];
    for (const actor of ACTORS) {
      const token = fx.token(actor);
      const res = await p.post(
        p.identityServer.url,
        { query, variables: { r: [{ __typename: 'Household', id: fx.demo.householdA }] } },
        { 'x-gateway-secret': p.gatewaySecret, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      );
      const entity = JSON.parse(res.text).data?._entities?.[0] ?? null;
      if (Boolean(entity) !== visible.includes(actor)) wrong.push(`${actor}: ${entity ? 'saw it' : 'got null'}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('entity lookups (_entities) of the other subgraphs, with the gateway secret', () => {
  /** Staff over village A and household A's own member: the only ones who may see its data. */
  const OVER_A: Actor[] = ['villager', 'gridWorker', 'cadre', 'township', 'county', 'city'];

  async function entities(service: string, actor: Actor, query: string, representations: unknown[]): Promise<{ data?: any; errors?: any[] }> {
    const token = fx.token(actor);
    const url = p.subgraphUrls()[service];
    const res = await p.post(url, { query, variables: { r: representations } }, { 'x-gateway-secret': p.gatewaySecret, ...(token ? { authorization: `Bearer ${token}` } : {}) });
    return JSON.parse(res.text);
  }

  /** Runs `saw` for every actor; lists who saw what they must not, and who was refused what they may see. */
  async function expectSeenOnlyBy(visible: Actor[], look: (actor: Actor) => Promise<boolean>) {
    const wrong: string[] = [];
    for (const actor of ACTORS) {
      const saw = await look(actor);
      if (saw !== visible.includes(actor)) wrong.push(`${actor}: ${saw ? 'saw it' : 'got nothing'}`);
    }
    expect(wrong).toEqual([]);
  }

  const householdA = () => [{ __typename: 'Household', id: fx.demo.householdA }];

  it('points: Household.points and Household.ledger', async () => {
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('points', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { points { balance } ledger(first: 1) { edges { node { id } } } } } }', householdA());
      const h = res.data?._entities?.[0];
      return Boolean(h?.points) || Boolean(h?.ledger);
    });
  });

  it('credit: Household.credit', async () => {
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('credit', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { credit { score grade } } } }', householdA());
      return Boolean(res.data?._entities?.[0]?.credit);
    });
  });

  it('mall: Household.orders, Store and Product', async () => {
    const storeA = '019a0000-0000-7000-8000-000000000401';
    const store = await p.gql('query($s: ID!) { store(id: $s) { products { id } } }', { s: storeA }, fx.token('villager'));
    const productA = store.data.store.products[0].id;
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('mall', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { orders(first: 1) { edges { node { id } } } } } }', householdA());
      return !res.errors?.length && Boolean(res.data?._entities?.[0]?.orders);
    });
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('mall', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { id name } } }', [{ __typename: 'Store', id: storeA }]);
      return Boolean(res.data?._entities?.[0]);
    });
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('mall', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price } } }', [{ __typename: 'Product', id: productA }]);
      return Boolean(res.data?._entities?.[0]);
    });
  });

  it("issues: a private Issue of village A, and Household.issues", async () => {
    const raised = await p.gql(
      'mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { id } }',
      { i: { category: 'NEIGHBOURHOOD', title: '矩阵：私事', body: '不公开的事项', isPublic: false } },
      fx.token('villager'),
    );
    const issueId = raised.data.raiseIssue.id;
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('issues', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Issue { id title } } }', [{ __typename: 'Issue', id: issueId }]);
      return Boolean(res.data?._entities?.[0]);
    });
    await expectSeenOnlyBy(OVER_A, async (actor) => {
      const res = await entities('issues', actor, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { issues { id } } } }', householdA());
      return (res.data?._entities?.[0]?.issues ?? []).some((i: { id: string }) => i.id === issueId);
    });
  });
});

it('every subgraph refuses calls without the gateway secret', async () => {
  const refused: Record<string, number> = {};
  for (const [name, url] of Object.entries(p.subgraphUrls())) {
    const res = await p.post(url, { query: '{ __typename }' });
    refused[name] = res.status;
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('GATEWAY_SECRET_REQUIRED');
  }
  expect(Object.values(refused).every((s) => s === 401)).toBe(true);
});
