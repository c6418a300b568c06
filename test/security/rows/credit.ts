import { DEMO_BANK_CLIENT_ID, DEMO_PRODUCT_NAME } from '../../../services/credit/src/demo/demo-credit';
import { OFFICERS_OVER_A, STAFF_OVER_A, USER_ACTORS, type Actor } from '../actors';
import { setup, shared, type Fixtures, type MatrixRow } from '../matrix';

// Credit (积分贷): household A's credit reference, consents and loan applications with the
// demo bank (广汉农商银行, its product offered county-wide).

const COUNTY = '510681';
const COUNTY_OFFICERS: Actor[] = ['county', 'city'];
/** Staff without a household: "my household" operations answer NO_HOUSEHOLD. */
const NO_HOUSEHOLD_STAFF: Partial<Record<Actor, string>> = Object.fromEntries(
  ['gridWorker', 'cadre', 'cadreOther', 'township', 'townshipOther', 'county', 'city'].map((a) => [a, 'NO_HOUSEHOLD']),
);
/**
 * Where the credit service checks a role before asking who is calling, the anonymous caller
 * gets FORBIDDEN rather than UNAUTHENTICATED (refused either way).
 */
const ANONYMOUS_FORBIDDEN: Partial<Record<Actor, string>> = { anonymous: 'FORBIDDEN' };

const CONSENT = 'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "购买农资", dataShared: ["CREDIT_REFERENCE", "REASON_CODES"], expiresAt: $e) { id } }';
const inAMonth = () => new Date(Date.now() + 30 * 86400_000).toISOString();

/** Rows before may have left household A with an open review or on the negative list: clear both (as the admin). */
async function cleanHouseholdA(fx: Fixtures): Promise<void> {
  const open = await setup(fx, 'query($r: String!) { openCreditReviews(regionCode: $r) { id householdId } }', { r: fx.demo.villageA });
  for (const review of open.openCreditReviews.filter((r: { householdId: string }) => r.householdId === fx.demo.householdA)) {
    await setup(fx, 'mutation($id: ID!) { resolveCreditReview(id: $id, outcome: "UPHELD", resolution: "矩阵复核") { id } }', { id: review.id });
  }
  const entries = await setup(fx, 'query($h: ID!) { negativeEntries(householdId: $h) { id removedAt } }', { h: fx.demo.householdA });
  for (const entry of entries.negativeEntries.filter((e: { removedAt: string | null }) => !e.removedAt)) {
    await setup(fx, 'mutation($id: ID!) { removeNegativeEntry(id: $id, reason: "矩阵清理") { id } }', { id: entry.id });
  }
}

/** A live consent of household A for the demo bank, granted by the demo villager. */
async function consentOfA(fx: Fixtures): Promise<string> {
  return (await setup(fx, CONSENT, { e: inAMonth() }, 'villager')).grantCreditConsent.id;
}

const demoProduct = shared('credit:product', async (fx) => {
  const data = await setup(fx, '{ loanProducts { id name bankClientId } }', {}, 'villager');
  const product = data.loanProducts.find((p: { name: string; bankClientId: string }) => p.name === DEMO_PRODUCT_NAME && p.bankClientId === DEMO_BANK_CLIENT_ID);
  if (!product) throw new Error(`demo loan product not offered to household A: ${JSON.stringify(data)}`);
  return product.id as string;
});

/** A fresh SUBMITTED application of household A with live consent. */
async function applicationOfA(fx: Fixtures): Promise<string> {
  await cleanHouseholdA(fx);
  const data = await setup(
    fx,
    'mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 100000, termMonths: 12) { id } }',
    { p: await demoProduct(fx), c: await consentOfA(fx) },
    'villager',
  );
  return data.applyForLoan.id;
}

const sharedApplicationOfA = shared('credit:application', applicationOfA);

const rescoreRunId = shared('credit:run', async (fx) => (await setup(fx, `mutation { rescoreCounty(countyCode: "${COUNTY}") { id } }`)).rescoreCounty.id as string);

const DEFINE_PRODUCT = `mutation($n: String!) { defineLoanProduct(name: $n, bankName: "广汉农商银行", regionCode: "510681", baseRateBp: 500,
  reductionBpPer100Points: 10, floorRateBp: 350, maxAmountFenA: 100000, maxAmountFenB: 50000, maxAmountFenC: 10000, maxAmountFenD: 0, termMonths: 12) { id } }`;
let productSeq = 0;

export const creditRows: MatrixRow[] = [
  // ── queries ──────────────────────────────────────────────────────────────────
  {
    operation: 'Query.creditReference',
    // The household and the staff of its village; a bank only through an application.
    allow: ['villager', ...STAFF_OVER_A],
    deny: ANONYMOUS_FORBIDDEN,
    request: (fx) => ({ query: 'query($h: ID!) { creditReference(householdId: $h) { score grade reasons { code } } }', variables: { h: fx.demo.householdA } }),
  },
  {
    operation: 'Query.creditAccessLog',
    allow: ['villager', ...STAFF_OVER_A],
    deny: ANONYMOUS_FORBIDDEN,
    request: (fx) => ({ query: 'query($h: ID!) { creditAccessLog(householdId: $h, first: 5) { seq action actorKind } }', variables: { h: fx.demo.householdA } }),
  },
  {
    operation: 'Query.verifyCreditAuditChain',
    allow: COUNTY_OFFICERS,
    deny: ANONYMOUS_FORBIDDEN,
    request: () => ({ query: '{ verifyCreditAuditChain { valid checked } }' }),
  },
  {
    operation: 'Query.creditModel',
    // The scoring model is public to every signed-in caller (every score must be explainable).
    allow: [...USER_ACTORS, 'bank', 'hospital', 'merchant'],
    deny: ANONYMOUS_FORBIDDEN,
    request: () => ({ query: `{ creditModel(countyCode: "${COUNTY}") { version config } }` }),
  },
  {
    operation: 'Query.rescoreRun',
    allow: COUNTY_OFFICERS,
    deny: ANONYMOUS_FORBIDDEN,
    request: async (fx) => ({ query: 'query($id: ID!) { rescoreRun(id: $id) { id status total } }', variables: { id: await rescoreRunId(fx) } }),
  },
  {
    operation: 'Query.myCreditConsents',
    allow: ['villager', 'villagerOther'],
    deny: NO_HOUSEHOLD_STAFF,
    request: () => ({ query: '{ myCreditConsents { id bankClientId live } }' }),
  },
  {
    operation: 'Query.myLoanApplications',
    allow: ['villager', 'villagerOther'],
    deny: NO_HOUSEHOLD_STAFF,
    request: () => ({ query: '{ myLoanApplications { id status } }' }),
  },
  {
    operation: 'Query.bankLoanApplications',
    allow: ['bank'],
    request: async (fx) => {
      await sharedApplicationOfA(fx);
      await cleanHouseholdA(fx);
      return { query: '{ bankLoanApplications(first: 5) { application { id } credit { score } } }' };
    },
  },
  {
    operation: 'Query.bankLoanApplication',
    // Only the bank applied to, with live consent (hospitals and merchants lack credit:read).
    allow: ['bank'],
    request: async (fx) => {
      const id = await sharedApplicationOfA(fx);
      await cleanHouseholdA(fx);
      return { query: 'query($id: ID!) { bankLoanApplication(id: $id) { application { id } purpose credit { score grade } } }', variables: { id } };
    },
  },
  {
    operation: 'Query.negativeEntries',
    allow: ['villager', ...STAFF_OVER_A],
    deny: ANONYMOUS_FORBIDDEN,
    request: (fx) => ({ query: 'query($h: ID!) { negativeEntries(householdId: $h) { id kind } }', variables: { h: fx.demo.householdA } }),
  },
  {
    operation: 'Query.loanProducts',
    // A bank its own products; people those offered where their household lives (none without one).
    allow: [...USER_ACTORS, 'bank'],
    request: () => ({ query: '{ loanProducts { id name baseRateBp } }' }),
  },
  {
    operation: 'Query.myLoanQuotes',
    allow: ['villager', 'villagerOther'],
    deny: NO_HOUSEHOLD_STAFF,
    request: () => ({ query: '{ myLoanQuotes { product { id } eligible rateBp limitFen } }' }),
  },
  {
    operation: 'Query.openCreditReviews',
    allow: OFFICERS_OVER_A,
    deny: ANONYMOUS_FORBIDDEN,
    request: (fx) => ({ query: 'query($r: String!) { openCreditReviews(regionCode: $r) { id householdId } }', variables: { r: fx.demo.villageA } }),
  },

  // ── mutations ────────────────────────────────────────────────────────────────
  {
    operation: 'Mutation.publishCreditModel',
    allow: COUNTY_OFFICERS,
    deny: ANONYMOUS_FORBIDDEN,
    request: async (fx) => {
      const current = await setup(fx, `{ creditModel(countyCode: "${COUNTY}") { config } }`);
      return {
        query: 'mutation($c: String!, $v: String!) { publishCreditModel(countyCode: $v, config: $c, note: "矩阵：原样重发") { id } }',
        variables: { c: current.creditModel.config, v: COUNTY },
      };
    },
  },
  {
    operation: 'Mutation.rescoreCounty',
    allow: COUNTY_OFFICERS,
    deny: ANONYMOUS_FORBIDDEN,
    request: () => ({ query: `mutation { rescoreCounty(countyCode: "${COUNTY}") { id status } }` }),
  },
  {
    operation: 'Mutation.grantCreditConsent',
    // Any household for itself (the demo product is offered county-wide).
    allow: ['villager', 'villagerOther'],
    deny: NO_HOUSEHOLD_STAFF,
    request: () => ({ query: CONSENT, variables: { e: inAMonth() } }),
  },
  {
    operation: 'Mutation.revokeCreditConsent',
    allow: ['villager'],
    deny: { ...NO_HOUSEHOLD_STAFF, villagerOther: 'NOT_FOUND' },
    request: async (fx) => ({ query: 'mutation($id: ID!) { revokeCreditConsent(id: $id) { id live } }', variables: { id: await consentOfA(fx) } }),
  },
  {
    operation: 'Mutation.applyForLoan',
    allow: ['villager'],
    deny: { ...NO_HOUSEHOLD_STAFF, villagerOther: 'NOT_FOUND' },
    request: async (fx) => {
      await cleanHouseholdA(fx);
      return {
        query: 'mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 100000, termMonths: 12) { id status quotedRateBp } }',
        variables: { p: await demoProduct(fx), c: await consentOfA(fx) },
      };
    },
  },
  {
    operation: 'Mutation.recordLoanDecision',
    allow: ['bank'],
    request: async (fx) => ({
      query: 'mutation($id: ID!) { recordLoanDecision(applicationId: $id, decision: "APPROVED", note: "矩阵") { id status } }',
      variables: { id: await applicationOfA(fx) },
    }),
  },
  {
    operation: 'Mutation.addNegativeEntry',
    // County officers (or an agency integrator with negative-list:write, not among the actors).
    allow: COUNTY_OFFICERS,
    deny: ANONYMOUS_FORBIDDEN,
    request: (fx) => ({
      query: 'mutation($h: ID!) { addNegativeEntry(householdId: $h, kind: "OTHER", source: "矩阵测试", reason: "矩阵", startsOn: "2026-01-01", expiresOn: "2026-01-02") { id } }',
      variables: { h: fx.demo.householdA },
    }),
  },
  {
    operation: 'Mutation.removeNegativeEntry',
    allow: COUNTY_OFFICERS,
    deny: ANONYMOUS_FORBIDDEN,
    request: async (fx) => {
      const added = await setup(
        fx,
        'mutation($h: ID!) { addNegativeEntry(householdId: $h, kind: "OTHER", source: "矩阵测试", reason: "矩阵", startsOn: "2026-01-01", expiresOn: "2026-01-02") { id } }',
        { h: fx.demo.householdA },
      );
      return { query: 'mutation($id: ID!) { removeNegativeEntry(id: $id, reason: "矩阵撤销") { id removedAt } }', variables: { id: added.addNegativeEntry.id } };
    },
  },
  {
    operation: 'Mutation.defineLoanProduct',
    // A bank (credit:decide) within its region.
    allow: ['bank'],
    request: () => ({ query: DEFINE_PRODUCT, variables: { n: `矩阵贷${productSeq++}` } }),
  },
  {
    operation: 'Mutation.setLoanProductActive',
    // The bank that defined the product.
    allow: ['bank'],
    request: async (fx) => {
      const made = await setup(fx, DEFINE_PRODUCT, { n: `矩阵贷${productSeq++}` }, 'bank');
      return { query: 'mutation($id: ID!) { setLoanProductActive(id: $id, active: true) { id active } }', variables: { id: made.defineLoanProduct.id } };
    },
  },
  {
    operation: 'Mutation.requestCreditReview',
    // Only a member of the household asks for a human review of its score.
    allow: ['villager'],
    request: async (fx) => {
      await cleanHouseholdA(fx);
      return { query: 'mutation($h: ID!) { requestCreditReview(householdId: $h, reason: "矩阵：积分没有算全") { id status } }', variables: { h: fx.demo.householdA } };
    },
  },
  {
    operation: 'Mutation.resolveCreditReview',
    // Township and county officers over the village.
    allow: OFFICERS_OVER_A,
    request: async (fx) => {
      const open = await setup(fx, 'query($r: String!) { openCreditReviews(regionCode: $r) { id householdId } }', { r: fx.demo.villageA });
      let id = open.openCreditReviews.find((r: { householdId: string }) => r.householdId === fx.demo.householdA)?.id;
      if (!id) {
        id = (await setup(fx, 'mutation($h: ID!) { requestCreditReview(householdId: $h, reason: "矩阵复核") { id } }', { h: fx.demo.householdA }, 'villager')).requestCreditReview.id;
      }
      return { query: 'mutation($id: ID!) { resolveCreditReview(id: $id, outcome: "UPHELD", resolution: "核实无误") { id status } }', variables: { id } };
    },
  },
];
