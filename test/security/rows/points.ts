import { CLIENT_ACTORS, OFFICERS_OVER_A, STAFF_OVER_A, USER_ACTORS, type Actor } from '../actors';
import { chinaMonth, setup, shared, unique, type Fixtures, type MatrixRow } from '../matrix';

// Points (积分制): everything targets village A (真武村) and household A (王建国's).

/** Cadres and the officers above village A: they decide, post and publish. */
const CADRES_OVER_A: Actor[] = ['cadre', ...OFFICERS_OVER_A];
/** Staff who hold no household: "your household" operations answer NO_HOUSEHOLD. */
const NO_HOUSEHOLD_STAFF: Partial<Record<Actor, string>> = Object.fromEntries(
  ['gridWorker', 'cadre', 'cadreOther', 'township', 'townshipOther', 'county', 'city'].map((a) => [a, 'NO_HOUSEHOLD']),
);
/** Refusals that read "not found" so as not to reveal that household A exists. */
const HOUSEHOLD_HIDDEN: Partial<Record<Actor, string>> = {
  villagerOther: 'HOUSEHOLD_NOT_FOUND',
  cadreOther: 'HOUSEHOLD_NOT_FOUND',
  townshipOther: 'HOUSEHOLD_NOT_FOUND',
};
/**
 * Operations on "your household" look the household up before asking who you are: the
 * anonymous caller and integrators (no household in their token) get NO_HOUSEHOLD.
 */
const OWN_HOUSEHOLD_ONLY: Partial<Record<Actor, string>> = {
  ...NO_HOUSEHOLD_STAFF,
  anonymous: 'NO_HOUSEHOLD',
  ...Object.fromEntries(CLIENT_ACTORS.map((a) => [a, 'NO_HOUSEHOLD'])),
};

/** An uncapped +1 item of village A (村规民约), so approvals and awards never hit a cap. */
const matrixItem = shared('points:item', async (fx) => {
  const code = unique('MATRIX_').toUpperCase();
  await setup(fx, 'mutation($i: CreateRuleItemInput!) { createRuleItem(input: $i) { id } }', {
    i: { regionCode: fx.demo.villageA, code, name: '矩阵测试加分', category: '共建共治', points: 1 },
  });
  return code;
});

async function pendingApplication(fx: Fixtures): Promise<string> {
  const data = await setup(fx, 'mutation($i: FileApplicationInput!) { fileApplication(input: $i) { id } }', {
    i: { householdId: fx.demo.householdA, itemCode: await matrixItem(fx), note: '矩阵', idempotencyKey: unique('app') },
  });
  return data.fileApplication.id;
}

const applicationOfA = shared('points:application', pendingApplication);

async function openTask(fx: Fixtures): Promise<string> {
  const data = await setup(fx, 'mutation($i: PublishTaskInput!) { publishTask(input: $i) { id } }', {
    i: {
      villageCode: fx.demo.villageA, title: '矩阵任务', reward: 1, category: '生态宜居', slots: 5,
      deadline: new Date(Date.now() + 7 * 86400_000).toISOString(), idempotencyKey: unique('task'),
    },
  });
  return data.publishTask.id;
}

/** The month's published disclosure of village A (the demo publishes it). */
const publishedDisclosure = shared('points:disclosure', async (fx) => {
  const data = await setup(fx, 'query($v: ID!, $m: Int!) { pointsDisclosure(villageCode: $v, month: $m) { id status } }', { v: fx.demo.villageA, m: chinaMonth() });
  if (data.pointsDisclosure?.status !== 'PUBLISHED') throw new Error(`no published disclosure for ${chinaMonth()}: ${JSON.stringify(data)}`);
  return data.pointsDisclosure.id as string;
});

/** Distinct past months, one per draft the publishDisclosure row needs. */
let draftMonth = 0;
function nextDraftMonth(): number {
  const year = 2015 + Math.floor(draftMonth / 12);
  const month = (draftMonth++ % 12) + 1;
  return year * 100 + month;
}

export const pointsRows: MatrixRow[] = [
  // ── queries ──────────────────────────────────────────────────────────────────
  {
    operation: 'Query.pointsApplications',
    allow: STAFF_OVER_A,
    request: (fx) => ({ query: 'query($v: ID!) { pointsApplications(villageCode: $v, first: 2) { edges { node { id householdId } } } }', variables: { v: fx.demo.villageA } }),
  },
  {
    operation: 'Query.myPointsApplications',
    // Everyone with a household sees their own household's applications.
    allow: ['villager', 'villagerOther'],
    deny: NO_HOUSEHOLD_STAFF,
    request: () => ({ query: '{ myPointsApplications(first: 2) { edges { node { id householdId } } } }' }),
  },
  {
    operation: 'Query.pointsApplication',
    allow: ['villager', ...STAFF_OVER_A],
    request: async (fx) => ({ query: 'query($id: ID!) { pointsApplication(id: $id) { id note } }', variables: { id: await applicationOfA(fx) } }),
  },
  {
    operation: 'Query.pointsDisclosure',
    // Published: the village's people and the staff over it.
    allow: ['villager', ...STAFF_OVER_A],
    request: (fx) => ({ query: 'query($v: ID!, $m: Int!) { pointsDisclosure(villageCode: $v, month: $m) { id lines { householdId delta } } }', variables: { v: fx.demo.villageA, m: chinaMonth() } }),
  },
  {
    operation: 'Query.householdPoints',
    // Members and staff over the village (and the mall's service client, not an actor here).
    allow: ['villager', ...STAFF_OVER_A],
    deny: { ...HOUSEHOLD_HIDDEN, anonymous: 'HOUSEHOLD_NOT_FOUND', bank: 'HOUSEHOLD_NOT_FOUND', hospital: 'HOUSEHOLD_NOT_FOUND', merchant: 'HOUSEHOLD_NOT_FOUND' },
    request: (fx) => ({ query: 'query($h: ID!) { householdPoints(householdId: $h) { balance earned } }', variables: { h: fx.demo.householdA } }),
  },
  {
    operation: 'Query.verifyLedgerChain',
    allow: ['villager', ...STAFF_OVER_A],
    deny: { ...HOUSEHOLD_HIDDEN, anonymous: 'HOUSEHOLD_NOT_FOUND', bank: 'HOUSEHOLD_NOT_FOUND', hospital: 'HOUSEHOLD_NOT_FOUND', merchant: 'HOUSEHOLD_NOT_FOUND' },
    request: (fx) => ({ query: 'query($h: ID!) { verifyLedgerChain(householdId: $h) { valid entries } }', variables: { h: fx.demo.householdA } }),
  },
  {
    operation: 'Query.reconcilePoints',
    allow: CADRES_OVER_A,
    request: (fx) => ({ query: 'query($r: ID!) { reconcilePoints(regionCode: $r) { households consistent } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.pointsReservation',
    // Only the mall's service client (scope points:spend); no person or bank/merchant/hospital.
    allow: [],
    request: () => ({ query: 'query($k: String!) { pointsReservation(idempotencyKey: $k) { id amount } }', variables: { k: unique('rsv') } }),
  },
  {
    operation: 'Query.pointsLeaderboard',
    allow: ['villager', ...STAFF_OVER_A],
    request: (fx) => ({ query: 'query($r: ID!) { pointsLeaderboard(regionCode: $r, first: 3) { rank householdId points } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.weeklyStars',
    allow: ['villager', ...STAFF_OVER_A],
    request: (fx) => ({ query: 'query($v: ID!) { weeklyStars(villageCode: $v) { rank householdId points } }', variables: { v: fx.demo.villageA } }),
  },
  {
    operation: 'Query.redList',
    allow: ['villager', ...STAFF_OVER_A],
    request: (fx) => ({ query: 'query($v: ID!, $y: Int!) { redList(villageCode: $v, year: $y) { rank householdId } }', variables: { v: fx.demo.villageA, y: new Date().getFullYear() } }),
  },
  {
    operation: 'Query.pointsFigures',
    allow: STAFF_OVER_A,
    request: (fx) => ({
      query: 'query($r: ID!, $f: DateTimeISO!, $t: DateTimeISO!) { pointsFigures(regionCode: $r, from: $f, to: $t) { households approved } }',
      variables: { r: fx.demo.villageA, f: new Date(Date.now() - 30 * 86400_000).toISOString(), t: new Date(Date.now() + 86400_000).toISOString() },
    }),
  },
  {
    operation: 'Query.ruleItems',
    // The rules (村规民约) are public to every signed-in person; integrators have no use for them.
    allow: USER_ACTORS,
    request: (fx) => ({ query: 'query($v: ID!) { ruleItems(villageCode: $v) { code points } }', variables: { v: fx.demo.villageA } }),
  },
  {
    operation: 'Query.ruleItemVersions',
    allow: USER_ACTORS,
    request: (fx) => ({ query: 'query($r: ID!) { ruleItemVersions(regionCode: $r, code: "LITTERING") { version points } }', variables: { r: fx.demo.villageA } }),
  },
  {
    operation: 'Query.pointsTasks',
    allow: ['villager', ...STAFF_OVER_A],
    request: (fx) => ({ query: 'query($v: ID!) { pointsTasks(villageCode: $v, first: 2) { edges { node { id title claims { householdId } } } } }', variables: { v: fx.demo.villageA } }),
  },

  // ── mutations ────────────────────────────────────────────────────────────────
  {
    operation: 'Mutation.fileApplication',
    // A villager for their own household; grid workers, cadres and officers for a household they serve.
    allow: ['villager', ...STAFF_OVER_A],
    deny: HOUSEHOLD_HIDDEN,
    request: async (fx) => ({
      query: 'mutation($i: FileApplicationInput!) { fileApplication(input: $i) { id status } }',
      variables: { i: { householdId: fx.demo.householdA, itemCode: await matrixItem(fx), note: '矩阵申报', idempotencyKey: unique('file') } },
    }),
  },
  {
    operation: 'Mutation.approveApplication',
    allow: CADRES_OVER_A,
    request: async (fx) => ({ query: 'mutation($id: ID!) { approveApplication(id: $id) { id status } }', variables: { id: await pendingApplication(fx) } }),
  },
  {
    operation: 'Mutation.rejectApplication',
    allow: CADRES_OVER_A,
    request: async (fx) => ({ query: 'mutation($id: ID!) { rejectApplication(id: $id, reason: "矩阵驳回") { id status } }', variables: { id: await pendingApplication(fx) } }),
  },
  {
    operation: 'Mutation.generateDisclosure',
    allow: CADRES_OVER_A,
    // A past month nobody publishes: regenerating a draft replaces it.
    request: (fx) => ({ query: 'mutation($v: ID!) { generateDisclosure(villageCode: $v, month: 202401) { id status } }', variables: { v: fx.demo.villageA } }),
  },
  {
    operation: 'Mutation.publishDisclosure',
    allow: CADRES_OVER_A,
    request: async (fx) => {
      const draft = await setup(fx, 'mutation($v: ID!, $m: Int!) { generateDisclosure(villageCode: $v, month: $m) { id } }', { v: fx.demo.villageA, m: nextDraftMonth() });
      return { query: 'mutation($id: ID!) { publishDisclosure(id: $id, objectionDays: 7) { id status } }', variables: { id: draft.generateDisclosure.id } };
    },
  },
  {
    operation: 'Mutation.objectToDisclosure',
    // The village's own households; another village's cannot find it.
    allow: ['villager'],
    deny: { ...OWN_HOUSEHOLD_ONLY, villagerOther: 'DISCLOSURE_NOT_FOUND' },
    request: async (fx) => ({
      query: 'mutation($i: ObjectToDisclosureInput!) { objectToDisclosure(input: $i) { id status } }',
      variables: { i: { disclosureId: await publishedDisclosure(fx), text: '矩阵异议：我家的分数不对' } },
    }),
  },
  {
    operation: 'Mutation.resolveObjection',
    allow: CADRES_OVER_A,
    request: async (fx) => {
      const objection = await setup(
        fx,
        'mutation($i: ObjectToDisclosureInput!) { objectToDisclosure(input: $i) { id } }',
        { i: { disclosureId: await publishedDisclosure(fx), text: '矩阵异议' } },
        'villager',
      );
      return {
        query: 'mutation($i: ResolveObjectionInput!) { resolveObjection(input: $i) { id status } }',
        variables: { i: { objectionId: objection.objectToDisclosure.id, uphold: false, resolution: '经核实无误' } },
      };
    },
  },
  {
    operation: 'Mutation.reservePoints',
    allow: [],
    request: (fx) => ({
      query: 'mutation($i: ReservePointsInput!) { reservePoints(input: $i) { id status } }',
      variables: { i: { householdId: fx.demo.householdA, amount: 1, idempotencyKey: unique('rsv'), reason: '矩阵' } },
    }),
  },
  {
    operation: 'Mutation.commitPointsReservation',
    allow: [],
    request: () => ({ query: 'mutation($id: ID!) { commitPointsReservation(reservationId: $id) { id status } }', variables: { id: '019a0000-0000-7000-8000-00000000beef' } }),
  },
  {
    operation: 'Mutation.releasePointsReservation',
    allow: [],
    request: () => ({ query: 'mutation($id: ID!) { releasePointsReservation(reservationId: $id) { id status } }', variables: { id: '019a0000-0000-7000-8000-00000000beef' } }),
  },
  {
    operation: 'Mutation.awardPoints',
    allow: CADRES_OVER_A,
    request: async (fx) => ({
      query: 'mutation($i: AwardPointsInput!) { awardPoints(input: $i) { id delta } }',
      variables: { i: { householdId: fx.demo.householdA, itemCode: await matrixItem(fx), reason: '矩阵奖励', idempotencyKey: unique('award') } },
    }),
  },
  {
    operation: 'Mutation.bulkPostPoints',
    allow: CADRES_OVER_A,
    request: async (fx) => ({
      query: 'mutation($i: BulkPostPointsInput!) { bulkPostPoints(input: $i) }',
      variables: { i: { householdIds: [fx.demo.householdA], itemCode: await matrixItem(fx), reason: '矩阵清洁日', idempotencyKey: unique('bulk') } },
    }),
  },
  {
    operation: 'Mutation.createRuleItem',
    // A village's own items: its cadres and the officers above.
    allow: CADRES_OVER_A,
    request: (fx) => ({
      query: 'mutation($i: CreateRuleItemInput!) { createRuleItem(input: $i) { id code } }',
      variables: { i: { regionCode: fx.demo.villageA, code: unique('MX_').toUpperCase(), name: '矩阵新规', category: '乡风文明', points: 2 } },
    }),
  },
  {
    operation: 'Mutation.updateRuleItem',
    allow: CADRES_OVER_A,
    request: async (fx) => {
      const code = unique('MU_').toUpperCase();
      await setup(fx, 'mutation($i: CreateRuleItemInput!) { createRuleItem(input: $i) { id } }', {
        i: { regionCode: fx.demo.villageA, code, name: '矩阵旧规', category: '乡风文明', points: 2 },
      });
      return { query: 'mutation($i: UpdateRuleItemInput!) { updateRuleItem(input: $i) { id version } }', variables: { i: { regionCode: fx.demo.villageA, code, name: '矩阵新版' } } };
    },
  },
  {
    operation: 'Mutation.publishTask',
    allow: CADRES_OVER_A,
    request: (fx) => ({
      query: 'mutation($i: PublishTaskInput!) { publishTask(input: $i) { id } }',
      variables: {
        i: {
          villageCode: fx.demo.villageA, title: '矩阵任务', reward: 1, category: '生态宜居', slots: 3,
          deadline: new Date(Date.now() + 7 * 86400_000).toISOString(), idempotencyKey: unique('pub'),
        },
      },
    }),
  },
  {
    operation: 'Mutation.claimTask',
    // A household of the task's village; another village's villager cannot find the task.
    allow: ['villager'],
    deny: { ...OWN_HOUSEHOLD_ONLY, villagerOther: 'TASK_NOT_FOUND' },
    request: async (fx) => ({ query: 'mutation($t: ID!) { claimTask(taskId: $t) { id status } }', variables: { t: await openTask(fx) } }),
  },
  {
    operation: 'Mutation.completeTask',
    allow: CADRES_OVER_A,
    request: async (fx) => {
      const taskId = await openTask(fx);
      await setup(fx, 'mutation($t: ID!) { claimTask(taskId: $t) { id } }', { t: taskId }, 'villager');
      return { query: 'mutation($t: ID!, $h: ID!) { completeTask(taskId: $t, householdId: $h) { id status } }', variables: { t: taskId, h: fx.demo.householdA } };
    },
  },
];
