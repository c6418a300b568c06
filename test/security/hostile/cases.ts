import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import { operationFor, type MutationInfo } from './schema';
import { seededRandom } from '@gongzhi/subgraph-kit';
import { baselineVariables, hostileValuesFor, pick, positionsOf, setAt, type Category } from './values';

export type HostileActor = 'admin' | 'bank' | 'villager' | 'merchant';

/** One request of the suite. `body` is sent as is (a string when it must be exactly these bytes). */
export interface HostileCase {
  mutation: string;
  actor: HostileActor;
  category: Category | 'body-too-large' | 'literal';
  label: string;
  /** Where the hostile value sits, e.g. input.tiers.0.minPoints. */
  at: string;
  body: { query: string; variables: Record<string, unknown> } | string;
  /** Expected HTTP status when the gateway must refuse the body itself. */
  expectStatus?: number;
}

/** Mutations a household member performs: sent as the villager too, so they get past authorization. */
const VILLAGER_MUTATIONS = new Set([
  'raiseIssue',
  'provideIssueDetail',
  'rateIssue',
  'reopenIssue',
  'fileApplication',
  'claimTask',
  'grantCreditConsent',
  'revokeCreditConsent',
  'applyForLoan',
  'requestCreditReview',
  'placeOrder',
  'cancelOrder',
  'objectToDisclosure',
  'rotateHouseholdCode',
]);

/**
 * Where the baseline alone would be accepted (credit takes any well-formed region code for a
 * product, existing or not), one field is made invalid in a way the service's input validation
 * catches together with the others (class-validator reports every field), so no call can succeed.
 */
const ANCHORS: Record<string, { path: Array<string | number>; value: unknown }> = {
  defineLoanProduct: { path: ['regionCode'], value: '51068119900' },
};

/** The most privileged relevant actors: always the platform admin, plus whoever the operation is for. */
export function actorsFor(m: MutationInfo): HostileActor[] {
  const actors: HostileActor[] = ['admin'];
  if (m.service === 'credit') actors.push('bank');
  if (VILLAGER_MUTATIONS.has(m.name)) actors.push('villager');
  if (m.name === 'checkBenefit') actors.push('merchant');
  return actors;
}

export interface CaseOptions {
  seed: number;
  /** Per position: how many type-level values (rejected by the gateway's own validation). */
  typeLevelPerPosition: number;
  /** Per position, for the first actor: how many well-typed hostile values (reach the service). */
  domainPerPosition: number;
  /** The same for each further actor (bank, villager, merchant). */
  domainPerExtraActor: number;
}

/** Deterministic (seeded) hostile requests for every mutation. */
export function buildCases(mutations: MutationInfo[], options: CaseOptions): HostileCase[] {
  const rand = seededRandom(options.seed);
  const cases: HostileCase[] = [];
  for (const m of mutations) {
    const query = operationFor(m);
    const anchor = ANCHORS[m.name];
    const baseline = anchor ? setAt(baselineVariables(m), anchor.path, anchor.value) : baselineVariables(m);
    const actors = actorsFor(m);
    for (const pos of positionsOf(m)) {
      const { typeLevel, domain } = hostileValuesFor(pos);
      const at = pos.path.join('.');
      // null for a non-null position is always tried; the rest is sampled.
      const always = typeLevel.filter((v) => v.category === 'null-for-non-null');
      const rest = typeLevel.filter((v) => !always.includes(v));
      for (const v of [...always, ...pick(rand, rest, options.typeLevelPerPosition)]) {
        cases.push({ mutation: m.name, actor: actors[0], category: v.category, label: v.label, at, body: { query, variables: setAt(baseline, pos.path, v.value) } });
      }
      for (const actor of actors) {
        for (const v of pick(rand, domain, actor === actors[0] ? options.domainPerPosition : options.domainPerExtraActor)) {
          cases.push({ mutation: m.name, actor, category: v.category, label: v.label, at, body: { query, variables: setAt(baseline, pos.path, v.value) } });
        }
      }
    }

    // The same values inline in the document instead of variables.
    if (m.args.length) {
      const arg = m.args[0];
      const literal = `mutation { ${m.name}(${arg.name}: ${inlineWrongLiteral(arg.type)}) ${m.selection} }`;
      cases.push({ mutation: m.name, actor: actors[0], category: 'literal', label: 'inline wrong literal', at: arg.name, body: { query: literal, variables: {} } });
    }

    // A body over the gateway's 100 kb limit: refused before parsing, with a coded JSON error.
    const stringPos = positionsOf(m).find((p) => {
      const inner = isNonNullType(p.type) ? p.type.ofType : p.type;
      return !isListType(inner) && !isInputObjectType(inner) && !isEnumType(getNamedType(inner)) && ['String', 'ID'].includes(getNamedType(inner).name);
    });
    if (stringPos) {
      cases.push({
        mutation: m.name,
        actor: actors[0],
        category: 'body-too-large',
        label: '110 kB string',
        at: stringPos.path.join('.'),
        body: { query, variables: setAt(baseline, stringPos.path, 'B'.repeat(110_000)) },
        expectStatus: 413,
      });
    }
  }
  return cases;
}

function inlineWrongLiteral(type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (isInputObjectType(named)) return '"not an object"';
  if (named.name === 'Int') return '9007199254740993';
  if (named.name === 'Boolean') return '"yes"';
  if (isEnumType(named)) return '"QUOTED_ENUM"';
  return '{ nested: [1, { deeper: null }] }';
}
