import { randomBytes } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import mysql from 'mysql2/promise';
import { parseMysqlUrl, Role } from '@gongzhi/subgraph-kit';
import { DEMO_BANK, demoIdNumber, VILLAGE_A, VILLAGE_B } from '../../services/identity/src/demo/demo-county';
import { codes, TestPlatform } from '../support/platform';

// Through the gateway, as a client would: the foundation's "done when" list.
let p: TestPlatform;
beforeAll(async () => {
  p = await TestPlatform.start();
});
afterAll(async () => {
  await p?.stop();
});

const VILLAGER = '13800000001';
const CADRE_A = '13800000002';
const TOWNSHIP = '13800000004';
const COUNTY = '13800000005';
const CADRE_B = '13800000006';

let phoneSeq = 0;
function newPhone(): string {
  return `137${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneSeq++).padStart(2, '0')}`;
}
let idSeq = 500;
const usedIdNumbers: string[] = [];
function newIdNumber(): string {
  const id = demoIdNumber(idSeq++);
  usedIdNumbers.push(id);
  return id;
}

async function bankToken(scope?: string): Promise<{ status: number; body: any }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_BANK.clientId, client_secret: DEMO_BANK.clientSecret });
  if (scope) form.set('scope', scope);
  const res = await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: res.status, body: await res.json() };
}

async function identityGraphqlRequests(): Promise<number> {
  const metric = await p.identityServer.metrics.registry.getSingleMetric('http_request_duration_seconds')!.get();
  return metric.values
    .filter((v) => (v as { metricName?: string }).metricName === 'http_request_duration_seconds_count' && v.labels.route === '/graphql')
    .reduce((sum, v) => sum + v.value, 0);
}

async function countRows(table: string): Promise<number> {
  const conn = await mysql.createConnection(parseMysqlUrl(p.identityEnv.DATABASE_URL));
  try {
    const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
    return Number((rows as Array<{ n: number }>)[0].n);
  } finally {
    await conn.end();
  }
}

describe('villager', () => {
  it('logs in through the gateway and reads me { household { members } }', async () => {
    const token = await p.token(VILLAGER);
    const res = await p.gql('{ me { name phone household { villageCode members { name phone relationToHead } } } }', {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.me.name).toBe('王建国');
    expect(res.data.me.phone).toBe(VILLAGER);
    expect(res.data.me.household.villageCode).toBe(VILLAGE_A);
    const members = res.data.me.household.members;
    expect(members.map((m: any) => m.relationToHead).sort()).toEqual(['子女', '户主', '配偶'].sort());
    // Family members' phones are masked even to the head of household.
    expect(members.find((m: any) => m.relationToHead === '配偶').phone).toBe('138****0011');
  });

  it('cannot list households of the village', async () => {
    const res = await p.gql(`{ households(villageCode: "${VILLAGE_A}") { edges { node { id } } } }`, {}, await p.token(VILLAGER));
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});

describe('cadres are scoped to their village', () => {
  it('a cadre of village A lists A and is refused B, by list and by id', async () => {
    const cadreA = await p.token(CADRE_A);
    const listA = await p.gql(`{ households(villageCode: "${VILLAGE_A}", first: 3) { edges { node { id head { phone } } } pageInfo { hasNextPage endCursor } } }`, {}, cadreA);
    expect(listA.errors).toBeUndefined();
    expect(listA.data.households.edges).toHaveLength(3);
    expect(listA.data.households.pageInfo.hasNextPage).toBe(true);
    // Cadres see the full phone of their villagers.
    expect(listA.data.households.edges[0].node.head.phone).toMatch(/^1\d{10}$/);

    const page2 = await p.gql(`query($after: String) { households(villageCode: "${VILLAGE_A}", first: 3, after: $after) { edges { node { id } } } }`, { after: listA.data.households.pageInfo.endCursor }, cadreA);
    const firstIds = listA.data.households.edges.map((e: any) => e.node.id);
    expect(page2.data.households.edges.map((e: any) => e.node.id).some((id: string) => firstIds.includes(id))).toBe(false);

    const listB = await p.gql(`{ households(villageCode: "${VILLAGE_B}") { edges { node { id } } } }`, {}, cadreA);
    expect(codes(listB)).toEqual(['FORBIDDEN']);

    const cadreB = await p.token(CADRE_B);
    const householdA = firstIds[0];
    const byId = await p.gql(`{ household(id: "${householdA}") { id members { name } } }`, {}, cadreB);
    expect(codes(byId)).toEqual(['FORBIDDEN']);
    expect(byId.data).toBeNull();
  });

  it('a township officer sees every village of the township', async () => {
    const officer = await p.token(TOWNSHIP);
    for (const village of [VILLAGE_A, VILLAGE_B]) {
      const res = await p.gql(`{ households(villageCode: "${village}") { edges { node { id } } } }`, {}, officer);
      expect(res.errors).toBeUndefined();
      expect(res.data.households.edges.length).toBeGreaterThan(0);
    }
    const other = await p.gql('{ households(villageCode: "510681107001") { edges { node { id } } } }', {}, officer);
    expect(codes(other)).toEqual(['FORBIDDEN']);
  });

  it('entity lookups apply the same rule: _entities for another village resolves to null', async () => {
    const cadreA = await p.token(CADRE_A);
    const list = await p.gql(`{ households(villageCode: "${VILLAGE_A}", first: 1) { edges { node { id } } } }`, {}, cadreA);
    const id = list.data.households.edges[0].node.id;
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id villageCode } } }';
    const headers = { 'x-gateway-secret': p.gatewaySecret };
    const own = await p.post(p.identityServer.url, { query, variables: { r: [{ __typename: 'Household', id }] } }, { ...headers, authorization: `Bearer ${cadreA}` });
    expect(JSON.parse(own.text).data._entities[0]).toEqual({ id, villageCode: VILLAGE_A });
    const other = await p.post(p.identityServer.url, { query, variables: { r: [{ __typename: 'Household', id }] } }, { ...headers, authorization: `Bearer ${await p.token(CADRE_B)}` });
    expect(JSON.parse(other.text).data._entities[0]).toBeNull();
  });
});

describe('integrators', () => {
  it('a bank gets a token by client credentials and is refused personal data', async () => {
    const { status, body } = await bankToken();
    expect(status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(body.scope.split(' ')).toContain('credit:read');
    const bank = body.access_token;
    for (const query of ['{ me { name } }', `{ households(villageCode: "${VILLAGE_A}") { edges { node { id } } } }`]) {
      const res = await p.gql(query, {}, bank);
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
    const villager = await p.login(VILLAGER);
    const user = await p.gql(`{ user(id: "${villager.userId}") { name phone } }`, {}, bank);
    expect(codes(user)).toEqual(['FORBIDDEN']);
  });

  it('rejects a wrong secret, an unknown grant type and a scope the client does not hold', async () => {
    const wrong = await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${DEMO_BANK.clientId}&client_secret=nope`,
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_client');
    const scope = await bankToken('benefit:check');
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe('invalid_scope');
    const narrowed = await bankToken('household:verify');
    expect(narrowed.body.scope).toBe('household:verify');
  });

  it('verifies a household code within its region; a rotated code stops working', async () => {
    const villager = await p.login(VILLAGER);
    const me = await p.gql('{ me { household { id } } }', {}, villager.accessToken);
    const householdId = me.data.me.household.id;
    const issued = await p.gql(`mutation { rotateHouseholdCode(householdId: "${householdId}") { token } }`, {}, villager.accessToken);
    const code1 = issued.data.rotateHouseholdCode.token;
    const bank = (await bankToken()).body.access_token;
    const check = await p.gql('query($t: String!) { verifyHouseholdCode(token: $t) { householdId villageCode } }', { t: code1 }, bank);
    expect(check.data.verifyHouseholdCode).toEqual({ householdId, villageCode: VILLAGE_A });

    const rotated = await p.gql(`mutation { rotateHouseholdCode(householdId: "${householdId}") { token } }`, {}, villager.accessToken);
    expect(rotated.data.rotateHouseholdCode.token).not.toBe(code1);
    const stale = await p.gql('query($t: String!) { verifyHouseholdCode(token: $t) { householdId } }', { t: code1 }, bank);
    expect(codes(stale)).toEqual(['QR_TOKEN_INVALID']);
    const forged = await p.gql('query($t: String!) { verifyHouseholdCode(token: $t) { householdId } }', { t: `gzh_${randomBytes(24).toString('base64url')}` }, bank);
    expect(codes(forged)).toEqual(['QR_TOKEN_INVALID']);
    // A villager token has no household:verify scope.
    const byVillager = await p.gql('query($t: String!) { verifyHouseholdCode(token: $t) { householdId } }', { t: rotated.data.rotateHouseholdCode.token }, villager.accessToken);
    expect(codes(byVillager)).toEqual(['FORBIDDEN']);
  });

  it('county officers register integrators; cadres cannot; rotating the secret retires the old one', async () => {
    const create = `mutation($input: CreateIntegratorClientInput!) { createIntegratorClient(input: $input) { clientSecret client { clientId scopes } } }`;
    const input = { name: '广汉人民医院', kind: 'HOSPITAL', regionCode: '510681000000', scopes: ['benefit:check'] };
    expect(codes(await p.gql(create, { input }, await p.token(CADRE_A)))).toEqual(['FORBIDDEN']);
    const notAllowed = await p.gql(create, { input: { ...input, scopes: ['credit:read'] } }, await p.token(COUNTY));
    expect(codes(notAllowed)).toEqual(['SCOPE_NOT_ALLOWED']);
    const made = await p.gql(create, { input }, await p.token(COUNTY));
    expect(made.errors).toBeUndefined();
    const { clientId } = made.data.createIntegratorClient.client;
    const secret1 = made.data.createIntegratorClient.clientSecret;
    const tokenWith = async (secret: string) =>
      (await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })).status;
    expect(await tokenWith(secret1)).toBe(200);
    const rotated = await p.gql(`mutation { rotateIntegratorClientSecret(clientId: "${clientId}") { clientSecret } }`, {}, await p.token(COUNTY));
    expect(await tokenWith(secret1)).toBe(401);
    expect(await tokenWith(rotated.data.rotateIntegratorClientSecret.clientSecret)).toBe(200);
  });
});

describe('tokens', () => {
  it('refuses an expired access token with TOKEN_EXPIRED', async () => {
    const villager = await p.login(VILLAGER);
    const expired = await p.identity.signer.signUser(villager.userId, [{ role: Role.VILLAGER, region: VILLAGE_A }], -5);
    const res = await p.gql('{ me { name } }', {}, expired);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['TOKEN_EXPIRED']);
  });

  it('refuses forged and tampered tokens with TOKEN_INVALID', async () => {
    const villager = await p.login(VILLAGER);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ typ: 'user', roles: [{ role: 'PLATFORM_ADMIN', region: '510000000000' }] })
      .setProtectedHeader({ alg: 'ES256', kid: 'attacker' })
      .setSubject(villager.userId)
      .setIssuer('gongzhi-identity')
      .setAudience('gongzhi')
      .setExpirationTime('5m')
      .sign(privateKey);
    const [h, payload, sig] = villager.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.roles = [{ role: 'PLATFORM_ADMIN', region: '510000000000' }];
    const tampered = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    for (const token of [forged, tampered, none, 'not-a-jwt']) {
      const res = await p.gql('{ me { name } }', {}, token);
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['TOKEN_INVALID']);
    }
  });

  it('rotates refresh tokens and ends the session when an old one is reused', async () => {
    const first = await p.login(VILLAGER);
    const refresh = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }';
    const second = await p.gql(refresh, { t: first.refreshToken });
    expect(second.errors).toBeUndefined();
    const next = second.data.refreshSession.refreshToken;
    expect(next).not.toBe(first.refreshToken);
    const me = await p.gql('{ me { name } }', {}, second.data.refreshSession.accessToken);
    expect(me.data.me.name).toBe('王建国');

    const reuse = await p.gql(refresh, { t: first.refreshToken });
    expect(codes(reuse)).toEqual(['REFRESH_TOKEN_REUSED']);
    // The whole family is revoked: the newest token no longer works either.
    expect(codes(await p.gql(refresh, { t: next }))).toEqual(['REFRESH_TOKEN_INVALID']);
  });

  it('allows one of several concurrent refreshes with the same token', async () => {
    const refresh = 'mutation($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }';
    for (let round = 0; round < 5; round++) {
      const login = await p.login(VILLAGER);
      const results = await Promise.all([0, 1, 2].map(() => p.gql(refresh, { t: login.refreshToken })));
      const winners = results.filter((r) => r.data?.refreshSession);
      expect(winners).toHaveLength(1);
      // The first loser finds the token used (reuse: family revoked); a later one finds it revoked.
      const lost = results.flatMap(codes);
      expect(lost).toHaveLength(2);
      expect(lost).toContain('REFRESH_TOKEN_REUSED');
      expect(lost.every((c) => c === 'REFRESH_TOKEN_REUSED' || c === 'REFRESH_TOKEN_INVALID')).toBe(true);
      const next = await p.gql(refresh, { t: winners[0].data.refreshSession.refreshToken });
      expect(codes(next)).toEqual(['REFRESH_TOKEN_INVALID']);
    }
  });

  it('logout ends the session', async () => {
    const login = await p.login(VILLAGER);
    const out = await p.gql('mutation($t: String!) { logout(refreshToken: $t) }', { t: login.refreshToken });
    expect(out.data.logout).toBe(true);
    const after = await p.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: login.refreshToken });
    expect(codes(after)).toEqual(['REFRESH_TOKEN_INVALID']);
  });

  it('rate-limits failed logins per account', async () => {
    const phone = newPhone();
    await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name: '测试', phone, idNumber: newIdNumber(), password: 'right-password' } });
    const attempt = (password: string) => p.gql('mutation($p: String!, $w: String!) { login(phone: $p, password: $w) { userId } }', { p: phone, w: password });
    for (let i = 0; i < 5; i++) expect(codes(await attempt('wrong-password'))).toEqual(['INVALID_CREDENTIALS']);
    expect(codes(await attempt('right-password'))).toEqual(['TOO_MANY_ATTEMPTS']);
  });
});

describe('registration input', () => {
  const register = 'mutation($i: RegisterInput!) { register(input: $i) { id name phone idNumberMasked } }';

  it('registers a real-name user and masks the ID number', async () => {
    const idNumber = newIdNumber();
    const res = await p.gql(register, { i: { name: '新村民', phone: newPhone(), idNumber, password: 'a-long-password' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.register.idNumberMasked).toBe(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`);
  });

  it('rejects a malformed ID number, a duplicate phone and a duplicate ID number, changing nothing', async () => {
    const before = await countRows('app_user');
    // Right shape, wrong check character.
    const badId = await p.gql(register, { i: { name: '甲', phone: newPhone(), idNumber: '510681199001011236', password: 'a-long-password' } });
    expect(codes(badId)).toEqual(['ID_NUMBER_INVALID']);
    const dupPhone = await p.gql(register, { i: { name: '乙', phone: VILLAGER, idNumber: newIdNumber(), password: 'a-long-password' } });
    expect(codes(dupPhone)).toEqual(['PHONE_TAKEN']);
    const dupId = await p.gql(register, { i: { name: '丙', phone: newPhone(), idNumber: demoIdNumber(1), password: 'a-long-password' } });
    expect(codes(dupId)).toEqual(['ID_NUMBER_TAKEN']);
    const shortPassword = await p.gql(register, { i: { name: '丁', phone: newPhone(), idNumber: newIdNumber(), password: 'short' } });
    expect(codes(shortPassword)).toEqual(['BAD_USER_INPUT']);
    expect(shortPassword.errors![0].extensions!.fields).toHaveProperty('password');
    expect(await countRows('app_user')).toBe(before);
  });

  it('one of two concurrent registrations of the same phone wins', async () => {
    const phone = newPhone();
    const results = await Promise.all([0, 1].map(() => p.gql(register, { i: { name: '戊', phone, idNumber: newIdNumber(), password: 'a-long-password' } })));
    expect(results.filter((r) => r.data?.register).length).toBe(1);
    expect(results.flatMap(codes)).toEqual(['PHONE_TAKEN']);
  });
});

describe('roles and households', () => {
  it('a cadre grants roles in their village only; a villager cannot grant', async () => {
    const phone = newPhone();
    const reg = await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name: '网格员', phone, idNumber: newIdNumber(), password: 'a-long-password' } });
    const userId = reg.data.register.id;
    const grant = 'mutation($u: ID!, $r: Role!, $g: ID!) { grantRole(userId: $u, role: $r, regionCode: $g) { id role regionCode } }';
    const cadre = await p.token(CADRE_A);
    const ok = await p.gql(grant, { u: userId, r: 'GRID_WORKER', g: VILLAGE_A }, cadre);
    expect(ok.data.grantRole).toMatchObject({ role: 'GRID_WORKER', regionCode: VILLAGE_A });
    expect(codes(await p.gql(grant, { u: userId, r: 'GRID_WORKER', g: VILLAGE_B }, cadre))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql(grant, { u: userId, r: 'VILLAGE_CADRE', g: VILLAGE_A }, cadre))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql(grant, { u: userId, r: 'VILLAGER', g: '510681106000' }, cadre))).toEqual(['ROLE_REGION_MISMATCH']);
    expect(codes(await p.gql(grant, { u: userId, r: 'VILLAGER', g: VILLAGE_A }, await p.token(VILLAGER)))).toEqual(['FORBIDDEN']);
    // The role is in the next token.
    const login = await p.login(phone, 'a-long-password');
    const me = await p.gql('{ me { roles { role regionCode } } }', {}, login.accessToken);
    expect(me.data.me.roles).toEqual([{ role: 'GRID_WORKER', regionCode: VILLAGE_A }]);
  });

  it('opens a household, adds a member, transfers the head; one household per person', async () => {
    const register = async (name: string) => {
      const phone = newPhone();
      await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name, phone, idNumber: newIdNumber(), password: 'a-long-password' } });
      return phone;
    };
    const headPhone = await register('户主甲');
    const memberPhone = await register('成员乙');
    const cadre = await p.token(CADRE_A);
    const created = await p.gql(`mutation { createHousehold(villageCode: "${VILLAGE_A}", headPhone: "${headPhone}") { id head { name } } }`, {}, cadre);
    expect(created.data.createHousehold.head.name).toBe('户主甲');
    const householdId = created.data.createHousehold.id;
    const added = await p.gql(`mutation { addHouseholdMember(householdId: "${householdId}", phone: "${memberPhone}", relation: "配偶") { members { id name relationToHead } } }`, {}, cadre);
    const member = added.data.addHouseholdMember.members.find((m: any) => m.name === '成员乙');
    expect(member.relationToHead).toBe('配偶');
    const again = await p.gql(`mutation { createHousehold(villageCode: "${VILLAGE_A}", headPhone: "${memberPhone}") { id } }`, {}, cadre);
    expect(codes(again)).toEqual(['ALREADY_IN_HOUSEHOLD']);
    const elsewhere = await p.gql(`mutation { createHousehold(villageCode: "${VILLAGE_B}", headPhone: "${headPhone}") { id } }`, {}, cadre);
    expect(codes(elsewhere)).toEqual(['FORBIDDEN']);

    const transferred = await p.gql(`mutation { transferHouseholdHead(householdId: "${householdId}", newHeadUserId: "${member.id}", formerHeadRelation: "配偶") { head { name } members { name relationToHead } } }`, {}, cadre);
    expect(transferred.data.transferHouseholdHead.head.name).toBe('成员乙');
    expect(transferred.data.transferHouseholdHead.members.find((m: any) => m.name === '户主甲').relationToHead).toBe('配偶');
    // The new member became a villager of the village.
    const login = await p.login(memberPhone, 'a-long-password');
    const me = await p.gql('{ me { roles { role regionCode } household { id } } }', {}, login.accessToken);
    expect(me.data.me.household.id).toBe(householdId);
    expect(me.data.me.roles).toEqual([{ role: 'VILLAGER', regionCode: VILLAGE_A }]);
  });

  it('reads the region tree by code', async () => {
    const res = await p.gql('{ region(code: "510681106000") { name level children { code name } ancestors { name } } }');
    expect(res.data.region.name).toBe('三星堆镇');
    expect(res.data.region.level).toBe('TOWNSHIP');
    expect(res.data.region.children.map((c: any) => c.name)).toEqual(['真武村', '回龙村']);
    expect(res.data.region.ancestors.map((a: any) => a.name)).toEqual(['四川省', '德阳市', '广汉市']);
    expect(codes(await p.gql('{ region(code: "12ab") { name } }'))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('operation limits are enforced before any subgraph is called', () => {
  async function expectRejected(body: unknown, code: string, status?: number, headers: Record<string, string> = {}) {
    const before = await identityGraphqlRequests();
    const res = await p.post(p.gateway.url, body, headers);
    if (status) expect(res.status).toBe(status);
    const parsed = JSON.parse(res.text);
    expect(parsed.errors.map((e: any) => e.extensions.code)).toContain(code);
    expect(await identityGraphqlRequests()).toBe(before);
  }

  it('too deep', async () => {
    const nested = Array.from({ length: 6 }).reduce<string>((inner) => `household { members { ${inner} } }`, 'name');
    const deep = `{ me { ${nested} } }`;
    await expectRejected({ query: deep }, 'QUERY_TOO_DEEP', 400);
  });

  it('too many aliases', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: region(code: "510681000000") { name }`).join(' ');
    await expectRejected({ query: `{ ${aliases} }` }, 'TOO_MANY_ALIASES', 400);
  });

  it('too many tokens', async () => {
    const fields = Array.from({ length: 2500 }, () => 'name').join(' ');
    await expectRejected({ query: `{ region(code: "510681000000") { ${fields} } }` }, 'GRAPHQL_PARSE_FAILED', 400);
    const res = await p.post(p.gateway.url, { query: `{ region(code: "510681000000") { ${fields} } }` });
    expect(JSON.parse(res.text).errors[0].message).toMatch(/2000 tokens/);
  });

  it('too costly', async () => {
    const wide = '{ region(code: "510681000000") { children { children { children { children { name children { name code level } } } } } } }';
    const costly = await p.startGateway({ MAX_COST: '20' });
    const before = await identityGraphqlRequests();
    const res = await p.post(costly.url, { query: wide });
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(await identityGraphqlRequests()).toBe(before);
  });

  it('too large a request body', async () => {
    await expectRejected({ query: `{ me { name } }`, variables: { pad: 'x'.repeat(200_000) } }, 'REQUEST_TOO_LARGE', 413);
  });

  it('batched login attempts (an array body) are not accepted', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({ query: `mutation { login(phone: "${VILLAGER}", password: "guess${i}") { userId } }` }));
    const before = await identityGraphqlRequests();
    const res = await p.post(p.gateway.url, batch);
    expect(res.status).toBe(400);
    expect(await identityGraphqlRequests()).toBe(before);
  });

  it('CSRF: a simple cross-site request is refused', async () => {
    const res = await fetch(`${p.gateway.url}?query=${encodeURIComponent('{ region(code: "510681000000") { name } }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('rate-limits a caller past its budget, with a coded 429', async () => {
    const limited = await p.startGateway({ RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 5; i++) {
      const res = await p.post(limited.url, { query: '{ region(code: "510681000000") { name } }' });
      statuses.push(res.status);
      last = res.text;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(JSON.parse(last).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('production gateway has introspection off', async () => {
    const res = await p.post(p.gateway.url, { query: '{ __schema { types { name } } }' });
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('errors a subgraph raises before running (variable coercion)', () => {
  it('reach the client with their code, not as an internal error', async () => {
    const admin = await p.token('13800000000');
    const res = await p.gql(
      'mutation($i: CreateRuleItemInput!) { createRuleItem(input: $i) { code } }',
      { i: { regionCode: '510681000000', code: 'X_TEST', name: '测试', category: '共建共治', points: 1, effectiveFrom: 'not-a-date' } },
      admin,
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/effectiveFrom|DateTimeISO/);
  });
});

describe('subgraphs only answer the gateway', () => {
  it('refuses a direct call without or with a wrong gateway secret', async () => {
    const query = { query: '{ region(code: "510681000000") { name } }' };
    for (const headers of [{}, { 'x-gateway-secret': 'wrong-secret-wrong-secret' }] as Array<Record<string, string>>) {
      const res = await p.post(p.identityServer.url, query, headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('GATEWAY_SECRET_REQUIRED');
    }
    const ok = await p.post(p.identityServer.url, query, { 'x-gateway-secret': p.gatewaySecret });
    expect(JSON.parse(ok.text).data.region.name).toBe('广汉市');
  });

  it('serves health, readiness and metrics', async () => {
    const base = `http://127.0.0.1:${p.identityServer.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('http_request_duration_seconds');
    const jwks = (await (await fetch(`http://127.0.0.1:${p.gateway.port}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});

describe('privacy: no ID-card number in clear anywhere', () => {
  it('is absent from every database column, every response and every log line', async () => {
    const idNumber = newIdNumber();
    const phone = newPhone();
    await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name: '隐私', phone, idNumber, password: 'a-long-password' } });
    // A failing call carrying the number must not log it either.
    await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name: '隐私', phone: newPhone(), idNumber, password: 'a-long-password' } });
    const me = await p.gql('{ me { idNumberMasked } }', {}, (await p.login(phone, 'a-long-password')).accessToken);
    expect(me.data.me.idNumberMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);

    const secrets = [...usedIdNumbers, ...Array.from({ length: 60 }, (_, i) => demoIdNumber(i + 1))];
    const conn = await mysql.createConnection(parseMysqlUrl(p.identityEnv.DATABASE_URL));
    let dump = '';
    try {
      const [tables] = await conn.query('SHOW TABLES');
      for (const row of tables as Array<Record<string, string>>) {
        const [rows] = await conn.query(`SELECT * FROM \`${Object.values(row)[0]}\``);
        dump += JSON.stringify(rows);
      }
    } finally {
      await conn.end();
    }
    expect(dump).toContain(phone); // the dump is real: it holds the registration
    const responses = p.responses.join('\n');
    const logs = p.log.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(responses).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
