import { OFFICERS_OVER_A, STAFF_OVER_A, USER_ACTORS, type Actor } from '../actors';
import { setup, type Fixtures, type MatrixRow } from '../matrix';

// Issues (村民说事): every issue is a fresh private matter raised by the demo villager in
// village A, so only the raiser and the staff over village A may even know it exists.

const COUNTY = '510681';
/** Another village's people and staff: a private issue of village A does not exist for them. */
const ISSUE_HIDDEN: Partial<Record<Actor, string>> = { villagerOther: 'NOT_FOUND', cadreOther: 'NOT_FOUND', townshipOther: 'NOT_FOUND' };

/** The village answers; the raiser doing a staff step gets an illegal transition. */
const STAFF_STEP_DENY: Partial<Record<Actor, string>> = { ...ISSUE_HIDDEN, villager: 'ISSUE_ILLEGAL_TRANSITION' };
/** The raiser answers; staff doing the raiser's step are told they did not raise it. */
const RAISER_STEP_DENY: Partial<Record<Actor, string>> = {
  ...ISSUE_HIDDEN,
  ...Object.fromEntries(STAFF_OVER_A.map((a) => [a, 'ISSUE_NOT_RAISER'])),
};

async function raisedIssue(fx: Fixtures): Promise<string> {
  const data = await setup(
    fx,
    'mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { id } }',
    { i: { category: 'INFRASTRUCTURE', title: '矩阵：村道路灯不亮', body: '三组路口的路灯坏了一周', isPublic: false } },
    'villager',
  );
  return data.raiseIssue.id;
}

/** A fresh issue of village A after `steps` taken by the platform admin (as staff). */
async function issueAfter(fx: Fixtures, ...steps: string[]): Promise<string> {
  const id = await raisedIssue(fx);
  for (const step of steps) await setup(fx, `mutation($id: ID!) { ${step} { id status } }`, { id });
  return id;
}

/** Staff over the county (or above) read the calendar their deadlines follow; people and integrators do not. */
const COUNTY_STAFF: Actor[] = ['gridWorker', 'cadre', 'cadreOther', 'township', 'townshipOther', 'county', 'city'];

export const issuesRows: MatrixRow[] = [
  // ── queries ──────────────────────────────────────────────────────────────────
  {
    operation: 'Query.countyIssueCalendar',
    allow: COUNTY_STAFF,
    request: () => ({ query: `{ countyIssueCalendar(countyCode: "${COUNTY}") { countyCode workStart missingYears } }` }),
  },
  {
    operation: 'Query.workingDeadline',
    allow: COUNTY_STAFF,
    request: () => ({ query: `{ workingDeadline(countyCode: "${COUNTY}", from: "2026-09-30T08:00:00.000Z", workingMinutes: 960) }` }),
  },
  {
    operation: 'Query.issueFigures',
    // Cadres of the village and the officers above: what cadres are evaluated by.
    allow: ['cadre', ...OFFICERS_OVER_A],
    // Asked without signing in, the figures answer FORBIDDEN (no data either way).
    deny: { anonymous: 'FORBIDDEN' },
    request: (fx) => ({
      query: 'query($r: ID!, $f: DateTimeISO!, $t: DateTimeISO!) { issueFigures(regionCode: $r, from: $f, to: $t) { total { raised } cadres { key } } }',
      variables: { r: fx.demo.villageA, f: new Date(Date.now() - 30 * 86400_000).toISOString(), t: new Date(Date.now() + 86400_000).toISOString() },
    }),
  },
  {
    operation: 'Query.issue',
    allow: ['villager', ...STAFF_OVER_A],
    deny: ISSUE_HIDDEN,
    request: async (fx) => ({ query: 'query($id: ID!) { issue(id: $id) { id title timeline { kind } } }', variables: { id: await raisedIssue(fx) } }),
  },
  {
    operation: 'Query.issues',
    // Every person gets the issues they may see (filtered per caller); integrators none.
    allow: USER_ACTORS,
    request: (fx) => ({ query: 'query($v: ID) { issues(villageCode: $v, first: 5) { edges { node { id isPublic } } } }', variables: { v: fx.demo.villageA } }),
  },
  {
    operation: 'Query.issueEscalations',
    allow: OFFICERS_OVER_A,
    deny: { anonymous: 'FORBIDDEN' },
    request: (fx) => ({ query: 'query($r: ID!) { issueEscalations(regionCode: $r) { issueId villageCode } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.issueWebhookDeliveries',
    // The delivery log of a county's own systems: its county officers and the city above.
    allow: ['county', 'city'],
    request: () => ({ query: `{ issueWebhookDeliveries(countyCode: "${COUNTY}", first: 5) { id status attempts } }` }),
  },
  {
    operation: 'Query.issueWebhooks',
    // The endpoints of a county's own systems: its county officers and the city above.
    allow: ['county', 'city'],
    request: () => ({ query: `{ issueWebhooks(countyCode: "${COUNTY}") { id url active } }` }),
  },
  {
    operation: 'Query.issueInbox',
    // Each person's own inbox.
    allow: USER_ACTORS,
    request: () => ({ query: '{ issueInbox(first: 3) { edges { node { id kind } } } }' }),
  },

  // ── mutations ────────────────────────────────────────────────────────────────
  {
    operation: 'Mutation.loadCalendarYear',
    allow: ['county', 'city'],
    request: () => ({
      query: 'mutation($i: LoadCalendarYearInput!) { loadCalendarYear(input: $i) { countyCode } }',
      variables: { i: { countyCode: COUNTY, year: 2099, holidays: ['2099-01-01'], makeUpWorkdays: [], source: '矩阵测试' } },
    }),
  },
  {
    operation: 'Mutation.updateCountyIssueSettings',
    allow: ['county', 'city'],
    request: () => ({
      query: 'mutation($i: CountyIssueSettingsInput!) { updateCountyIssueSettings(input: $i) { countyCode timeZone } }',
      variables: { i: { countyCode: COUNTY, timeZone: 'Asia/Shanghai' } },
    }),
  },
  {
    operation: 'Mutation.registerIssueWebhook',
    allow: ['county', 'city'],
    // A closed local port: deliveries fail fast and are retried in the background, harmlessly.
    request: () => ({ query: `mutation { registerIssueWebhook(countyCode: "${COUNTY}", url: "https://127.0.0.1:9/matrix-hook") { id countyCode } }` }),
  },
  {
    operation: 'Mutation.removeIssueWebhook',
    allow: ['county', 'city'],
    // A fresh endpoint each time; to anyone else signed in it does not exist.
    deny: Object.fromEntries(USER_ACTORS.filter((a) => a !== 'county' && a !== 'city').map((a) => [a, 'NOT_FOUND'])),
    request: async (fx) => {
      const made = await setup(fx, `mutation { registerIssueWebhook(countyCode: "${COUNTY}", url: "https://127.0.0.1:9/matrix-removed") { id } }`);
      return { query: 'mutation($id: ID!) { removeIssueWebhook(id: $id) { id active } }', variables: { id: made.registerIssueWebhook.id } };
    },
  },
  {
    operation: 'Mutation.raiseIssue',
    // Only a villager of village A raises a matter there.
    allow: ['villager'],
    deny: Object.fromEntries(USER_ACTORS.filter((a) => a !== 'villager').map((a) => [a, 'ISSUE_NOT_A_VILLAGER'])),
    request: (fx) => ({
      query: 'mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { id status } }',
      variables: { i: { villageCode: fx.demo.villageA, category: 'ENVIRONMENT', title: '矩阵：河边有垃圾', body: '请安排清理', isPublic: false } },
    }),
  },
  {
    operation: 'Mutation.acknowledgeIssue',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({ query: 'mutation($id: ID!) { acknowledgeIssue(id: $id, note: "已收到") { id status } }', variables: { id: await raisedIssue(fx) } }),
  },
  {
    operation: 'Mutation.requestIssueDetail',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({ query: 'mutation($id: ID!) { requestIssueDetail(id: $id, note: "具体在哪里？") { id status } }', variables: { id: await raisedIssue(fx) } }),
  },
  {
    operation: 'Mutation.provideIssueDetail',
    allow: ['villager'],
    deny: RAISER_STEP_DENY,
    request: async (fx) => ({
      query: 'mutation($id: ID!) { provideIssueDetail(id: $id, note: "三组路口") { id status } }',
      variables: { id: await issueAfter(fx, 'requestIssueDetail(id: $id, note: "具体在哪里？")') },
    }),
  },
  {
    operation: 'Mutation.rejectIssue',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({ query: 'mutation($id: ID!) { rejectIssue(id: $id, reason: "不属于村级事务") { id status } }', variables: { id: await raisedIssue(fx) } }),
  },
  {
    operation: 'Mutation.deliberateIssue',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({ query: 'mutation($id: ID!) { deliberateIssue(id: $id, note: "提交村民议事会") { id status } }', variables: { id: await raisedIssue(fx) } }),
  },
  {
    operation: 'Mutation.handOffIssue',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({
      query: 'mutation($id: ID!, $i: HandOffInput!) { handOffIssue(id: $id, input: $i) { id status } }',
      variables: { id: await raisedIssue(fx), i: { parties: [{ name: '三星堆镇农业服务中心', regionCode: fx.demo.townshipA }] } },
    }),
  },
  {
    operation: 'Mutation.reportIssueParty',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => {
      const id = await raisedIssue(fx);
      const handed = await setup(fx, 'mutation($id: ID!, $i: HandOffInput!) { handOffIssue(id: $id, input: $i) { parties { id } } }', {
        id,
        i: { parties: [{ name: '广汉市供电公司', regionCode: fx.demo.county }] },
      });
      return {
        query: 'mutation($id: ID!, $p: ID!) { reportIssueParty(id: $id, partyId: $p, report: "已更换灯泡") { id status } }',
        variables: { id, p: handed.handOffIssue.parties[0].id },
      };
    },
  },
  {
    operation: 'Mutation.resolveIssue',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({
      query: 'mutation($id: ID!) { resolveIssue(id: $id, note: "已修好") { id status } }',
      variables: { id: await issueAfter(fx, 'acknowledgeIssue(id: $id)') },
    }),
  },
  {
    operation: 'Mutation.explainIssue',
    allow: STAFF_OVER_A,
    deny: STAFF_STEP_DENY,
    request: async (fx) => ({ query: 'mutation($id: ID!) { explainIssue(id: $id, explanation: "需县里立项，暂无法办理") { id status } }', variables: { id: await raisedIssue(fx) } }),
  },
  {
    operation: 'Mutation.rateIssue',
    allow: ['villager'],
    deny: RAISER_STEP_DENY,
    request: async (fx) => ({
      query: 'mutation($id: ID!) { rateIssue(id: $id, stars: 5, comment: "满意") { id status } }',
      variables: { id: await issueAfter(fx, 'explainIssue(id: $id, explanation: "无法办理")') },
    }),
  },
  {
    operation: 'Mutation.reopenIssue',
    allow: ['villager'],
    deny: RAISER_STEP_DENY,
    request: async (fx) => ({
      query: 'mutation($id: ID!) { reopenIssue(id: $id, reason: "并没有修好") { id status } }',
      variables: { id: await issueAfter(fx, 'explainIssue(id: $id, explanation: "无法办理")') },
    }),
  },
];
