import { randomUUID } from 'node:crypto';
import { DEMO_BANK, DEMO_PASSWORD, demoIdNumber, VILLAGE_A } from '../../services/identity/src/demo/demo-county';
import { codes, type GraphQLResponse } from '../support/platform';
import { ProcessPlatform } from '../support/process-platform';
import { waitFor } from '../support/wait';

// Privacy across the whole platform as separate processes: a journey that registers, imports and
// activates real-name people with their ID-card numbers and takes their new households through
// every service; then every column of every database of the run, every line every process
// wrote and every response the journey received are searched for an ID-card number in clear.
// Phones are shown whole only to whom identity allows; a bank sees a household only while the
// household's consent is live.
jest.setTimeout(240_000);

let p: ProcessPlatform;
beforeAll(async () => {
  // debug: whatever a service would log at its chattiest must not carry the numbers either.
  p = await ProcessPlatform.start({ logLevel: 'debug' });
}, 300_000);
afterAll(async () => {
  await p?.stop();
});

const CADRE_A = '13800000002';
const GRID_A = '13800000003';
const TOWNSHIP = '13800000004';
const COUNTY_OFFICER = '13800000005';
const CADRE_B = '13800000006';
const OTHER_VILLAGER = '13800000001';

/** GB 11643: 17 digits (region, birth date, sequence) and the ISO 7064 MOD 11-2 check character. Checked here on its own, not with identity's code. */
function isIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const [y, m, d] = [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((t, w, i) => t + w * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17];
}

/** Any 18-character ID-card number in clear (not part of a longer run of digits), checked by date and check character. */
function idNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9])\d{17}[\dXx](?![0-9])/g)].map((m) => m[0].toUpperCase()).filter(isIdNumber);
}

let phoneSeq = 0;
const runPhones: string[] = [];
function newPhone(): string {
  const phone = `136${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneSeq++).padStart(2, '0')}`;
  runPhones.push(phone);
  return phone;
}
let idSeq = 7000 + Math.floor(Math.random() * 5000);
const runIdNumbers: string[] = [];
function newIdNumber(): string {
  const id = demoIdNumber(idSeq++);
  runIdNumbers.push(id);
  return id;
}
const PASSWORD = `pv-${randomUUID().slice(0, 12)}`;

function ok<T = any>(res: GraphQLResponse<T>, what: string): T {
  if (res.errors?.length || !res.data) throw new Error(`${what}: ${res.raw.slice(0, 300)}`);
  return res.data;
}

async function bank(): Promise<string> {
  return p.clientToken(DEMO_BANK.clientId, DEMO_BANK.clientSecret);
}

interface Person {
  name: string;
  phone: string;
  idNumber: string;
  userId: string;
}

const people: Record<'head' | 'spouse' | 'imported', Person> = {} as never;
let householdId = '';
let importedHousehold = '';
let token = '';

describe('a real-name journey through every service', () => {
  it('registers two people, opens their household, imports and activates a third', async () => {
    for (const [key, name] of [['head', '隐私户主'], ['spouse', '隐私配偶']] as const) {
      const person = { name, phone: newPhone(), idNumber: newIdNumber(), userId: '' };
      const res = await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id idNumberMasked phone } }', { i: { name: person.name, phone: person.phone, idNumber: person.idNumber, password: PASSWORD } });
      const user = ok(res, 'register').register;
      expect(user.idNumberMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
      people[key] = { ...person, userId: user.id };
    }
    // Refusals that carry a number must not echo or log it either.
    expect(codes(await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name: '重复', phone: newPhone(), idNumber: people.head.idNumber, password: PASSWORD } }))).toEqual([
      'ID_NUMBER_TAKEN',
    ]);
    const bad = `${people.spouse.idNumber.slice(0, 17)}${people.spouse.idNumber[17] === '0' ? '1' : '0'}`;
    runIdNumbers.push(bad);
    expect(codes(await p.gql('mutation($i: RegisterInput!) { register(input: $i) { id } }', { i: { name: '校验位错', phone: newPhone(), idNumber: bad, password: PASSWORD } }))).toEqual([
      'ID_NUMBER_INVALID',
    ]);

    const cadre = await p.token(CADRE_A);
    const household = ok(await p.gql('mutation($v: ID!, $h: String!) { createHousehold(villageCode: $v, headPhone: $h) { id } }', { v: VILLAGE_A, h: people.head.phone }, cadre), 'createHousehold');
    householdId = household.createHousehold.id;
    ok(await p.gql('mutation($h: ID!, $p: String!) { addHouseholdMember(householdId: $h, phone: $p, relation: "配偶") { id } }', { h: householdId, p: people.spouse.phone }, cadre), 'addHouseholdMember');

    const imported = { name: '隐私导入', phone: newPhone(), idNumber: newIdNumber() };
    const done = await p.gql(
      'mutation($v: ID!, $h: [ImportHouseholdInput!]!) { importHouseholds(villageCode: $v, households: $h) { households householdIds } }',
      { v: VILLAGE_A, h: [{ head: imported, members: [] }] },
      await p.token(COUNTY_OFFICER),
    );
    importedHousehold = ok(done, 'importHouseholds').importHouseholds.householdIds[0];
    const activate = 'mutation($p: String!, $i: String!, $w: String!) { activateAccount(phone: $p, idNumber: $i, password: $w) }';
    // Someone else's number first (refused), then the right one.
    expect(codes(await p.gql(activate, { p: imported.phone, i: people.head.idNumber, w: PASSWORD }))).toEqual(['ACTIVATION_FAILED']);
    const userId = ok(await p.gql(activate, { p: imported.phone, i: imported.idNumber, w: PASSWORD }), 'activate').activateAccount;
    people.imported = { ...imported, userId };

    // Signed in again: the token now names the household.
    token = (await p.login(people.head.phone, PASSWORD)).accessToken;
    const me = ok(await p.gql('{ me { id phone idNumberMasked household { id members { name phone idNumberMasked } } } }', {}, token), 'me');
    expect(me.me).toMatchObject({ id: people.head.userId, phone: people.head.phone, household: { id: householdId } });
    for (const m of me.me.household.members) expect(m.idNumberMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
  });

  it('the new household earns, raises a matter, redeems and asks for a loan', async () => {
    // Identity's household events reach points, the mall and credit.
    await waitFor('the household in points', async () => (await p.gql('{ me { household { points { balance } credit { score } } } }', {}, token)).data?.me?.household?.credit);
    const filed = ok(
      await p.gql('mutation($i: FileApplicationInput!) { fileApplication(input: $i) { id } }', { i: { itemCode: 'GOOD_SAMARITAN', note: '救起落水儿童', evidence: ['https://evidence.example/a.jpg'], idempotencyKey: randomUUID() } }, token),
      'fileApplication',
    );
    ok(await p.gql('mutation($id: ID!) { approveApplication(id: $id) { status } }', { id: filed.fileApplication.id }, await p.token(CADRE_A)), 'approve');
    await waitFor('the points in credit', async () => (await p.gql('{ me { household { credit { points } } } }', {}, token)).data?.me?.household?.credit?.points === 20);
    ok(await p.gql('mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { id } }', { i: { category: 'ENVIRONMENT', title: '隐私测试：沟渠堵塞', body: '请尽快疏通。', isPublic: false } }, token), 'raiseIssue');
    const stores = ok(await p.gql('{ stores { id products { id price } } }', {}, token), 'stores').stores;
    const product = stores[0].products.find((x: { price: number }) => x.price <= 20);
    const order = await p.gql('mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }', { i: { storeId: stores[0].id, productId: product.id, quantity: 1, clientRequestId: randomUUID() } }, token);
    expect(ok(order, 'placeOrder').placeOrder.status).toBe('RESERVED');
  });
});

describe('phone numbers: whole only for the person and the grid workers and cadres of their village', () => {
  const PHONE = 'query($id: ID!) { user(id: $id) { phone idNumberMasked } }';
  const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

  it.each([
    ['the person', 'head', 'full'],
    ['a member of the same household', 'spouse', 'masked'],
    ['a grid worker of the village', GRID_A, 'full'],
    ['a cadre of the village', CADRE_A, 'full'],
    ['a township officer over the village', TOWNSHIP, 'masked'],
    ['a villager of another household', OTHER_VILLAGER, 'hidden'],
    ['a cadre of another village', CADRE_B, 'hidden'],
    ['a bank', 'bank', 'forbidden'],
  ])('%s: %s', async (_who, viewer, expected) => {
    const t =
      viewer === 'bank' ? await bank() : viewer === 'head' || viewer === 'spouse' ? (await p.login(people[viewer].phone, PASSWORD)).accessToken : await p.token(viewer);
    const res = await p.gql(PHONE, { id: people.head.userId }, t);
    if (expected === 'full') expect(ok(res, 'user').user.phone).toBe(people.head.phone);
    if (expected === 'masked') expect(ok(res, 'user').user.phone).toBe(masked(people.head.phone));
    if (expected === 'hidden') expect(codes(res)).toEqual(['NOT_FOUND']);
    if (expected === 'forbidden') expect(codes(res)).toEqual(['FORBIDDEN']);
    if (res.data?.user) expect(res.data.user.idNumberMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(res.raw).not.toContain(people.head.idNumber);
    if (expected !== 'full') expect(res.raw).not.toContain(people.head.phone);
  });

  it('the household member list follows the same rule per member', async () => {
    const spouse = (await p.login(people.spouse.phone, PASSWORD)).accessToken;
    const members = ok(await p.gql('{ me { household { members { id phone } } } }', {}, spouse), 'members').me.household.members;
    expect(members.find((m: { id: string }) => m.id === people.spouse.userId).phone).toBe(people.spouse.phone);
    expect(members.find((m: { id: string }) => m.id === people.head.userId).phone).toBe(masked(people.head.phone));
    const grid = ok(await p.gql('query($h: ID!) { household(id: $h) { members { id phone } } }', { h: householdId }, await p.token(GRID_A)), 'household').household.members;
    expect(grid.map((m: { phone: string }) => m.phone).sort()).toEqual([people.head.phone, people.spouse.phone].sort());
  });
});

describe('a bank sees a household only with its live consent', () => {
  const READ = 'query($id: ID!) { bankLoanApplication(id: $id) { application { householdId } credit { score grade points } } }';
  let applicationId = '';
  let consentId = '';

  async function bankSeesNothing(): Promise<void> {
    const b = await bank();
    const direct = await p.gql('query($h: ID!) { creditReference(householdId: $h) { score } }', { h: householdId }, b);
    expect(codes(direct)).toEqual(['FORBIDDEN']);
    const household = await p.gql('query($h: ID!) { household(id: $h) { id credit { score } members { name phone } } }', { h: householdId }, b);
    expect(household.data?.household?.credit ?? null).toBeNull();
    expect(household.data?.household?.members ?? null).toBeNull();
    expect(household.raw).not.toContain(people.head.name);
    const listed = ok(await p.gql('{ bankLoanApplications(first: 100) { application { householdId } } }', {}, b), 'list').bankLoanApplications;
    expect(listed.map((a: { application: { householdId: string } }) => a.application.householdId)).not.toContain(householdId);
    if (applicationId) expect(codes(await p.gql(READ, { id: applicationId }, b))).toEqual(['CONSENT_REQUIRED']);
  }

  it('before any consent: no reference, no household data, nothing listed', async () => {
    await bankSeesNothing();
  });

  it('with live consent and an application: the reference, audited', async () => {
    const granted = ok(
      await p.gql(
        'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "隐私测试", dataShared: ["CREDIT_REFERENCE"], expiresAt: $e) { id live } }',
        { e: new Date(Date.now() + 30 * 86_400_000).toISOString() },
        token,
      ),
      'consent',
    );
    consentId = granted.grantCreditConsent.id;
    const product = ok(await p.gql('{ loanProducts { id } }', {}, token), 'products').loanProducts[0].id;
    const applied = await p.gql('mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 100000, termMonths: 12) { id } }', { p: product, c: consentId }, token);
    applicationId = ok(applied, 'applyForLoan').applyForLoan.id;
    const read = ok(await p.gql(READ, { id: applicationId }, await bank()), 'bank read');
    expect(read.bankLoanApplication).toMatchObject({ application: { householdId }, credit: { points: 20 } });
    const log = ok(await p.gql('query($h: ID!) { creditAccessLog(householdId: $h) { action actorId } }', { h: householdId }, token), 'access log');
    expect(log.creditAccessLog.some((e: { action: string; actorId: string }) => e.action === 'BANK_READ' && e.actorId === DEMO_BANK.clientId)).toBe(true);
  });

  it('after the household revokes it: nothing again', async () => {
    ok(await p.gql('mutation($id: ID!) { revokeCreditConsent(id: $id) { live } }', { id: consentId }, token), 'revoke');
    await bankSeesNothing();
  });
});

describe('no ID-card number in clear anywhere', () => {
  const demoNumbers = Array.from({ length: 300 }, (_, i) => demoIdNumber(i));

  function leaks(where: string, text: string, secrets: string[]): string[] {
    const found = new Set(idNumbersIn(text));
    for (const s of secrets) if (text.includes(s)) found.add(s);
    return [...found].map((n) => `${where}: ${n.slice(0, 3)}…${n.slice(-4)}`);
  }

  it('in any text or binary column of any database of the run', async () => {
    const dbs = p.databaseNames();
    const columns = await p.sqlAdmin<{ db: string; tbl: string; col: string }>(
      `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA IN (?) AND DATA_TYPE IN ('char','varchar','tinytext','text','mediumtext','longtext','json','binary','varbinary','tinyblob','blob','mediumblob','longblob','enum','set')`,
      [dbs],
    );
    expect(new Set(columns.map((c) => c.db)).size).toBe(dbs.length);
    const found: string[] = [];
    let cells = 0;
    let dump = '';
    for (const [table, cols] of groupBy(columns, (c) => `${c.db}.${c.tbl}`)) {
      const [db, tbl] = table.split('.');
      const rows = await p.sqlAdmin(`SELECT ${cols.map((c) => `\`${c.col}\``).join(', ')} FROM \`${db}\`.\`${tbl}\``);
      for (const row of rows) {
        for (const [col, value] of Object.entries(row)) {
          if (value === null) continue;
          cells += 1;
          const text = Buffer.isBuffer(value) ? value.toString('latin1') : typeof value === 'string' ? value : JSON.stringify(value);
          dump += `${text}\n`;
          found.push(...leaks(`${table}.${col}`, text, [...runIdNumbers, ...demoNumbers]));
        }
      }
    }
    // The scan is real: the people, their encrypted numbers and their journey are in there.
    expect(cells).toBeGreaterThan(1000);
    for (const person of Object.values(people)) expect(dump).toContain(person.phone);
    expect(dump).toContain('隐私测试：沟渠堵塞');
    expect(found).toEqual([]);
  });

  it('in any line any process wrote (services, SLA worker, gateway, seeds)', () => {
    const byProcess = groupBy(p.logs, (l) => l.process);
    for (const name of ['identity', 'points', 'issues', 'issues-worker', 'credit', 'mall', 'gateway', 'identity-seed']) expect(byProcess.get(name)?.length ?? 0).toBeGreaterThan(0);
    const text = p.logs.map((l) => l.line).join('\n');
    expect(leaks('logs', text, [...runIdNumbers, ...demoNumbers])).toEqual([]);
    // Nor the journey's passwords, tokens or phone numbers (the loggers' redaction list).
    const secrets = [PASSWORD, DEMO_PASSWORD, token, p.secrets.ID_ENCRYPTION_KEY, p.secrets.ID_HASH_KEY, p.secrets.GATEWAY_SECRET, DEMO_BANK.clientSecret];
    expect(secrets.every(Boolean)).toBe(true);
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const phone of runPhones) expect(text).not.toContain(phone);
  });

  it('in any response the journey received', () => {
    expect(p.responses.length).toBeGreaterThan(40);
    expect(leaks('responses', p.responses.join('\n'), [...runIdNumbers, ...demoNumbers])).toEqual([]);
  });
});

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
