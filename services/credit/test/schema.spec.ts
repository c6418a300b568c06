import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntegratorKind, Role, type RequestContext } from '@gongzhi/subgraph-kit';
import { graphql } from 'graphql';
// First: the schema module's import order decides the printed field order.
import { printCreditSchema } from '../src/print-schema';
import { CreditResolver } from '../src/credit/credit.resolver';
import { CreditService } from '../src/credit/credit.service';
import type { CreditRepositories } from '../src/repositories';
import { buildCreditSchema } from '../src/schema';

const VILLAGE = '510681106001';
const score = { householdId: 'h-1', villageCode: VILLAGE, townshipCode: '510681106000', countyCode: '510681', score: 640, grade: 'C', blocked: false, points: 1250, modelVersion: 0, reasons: [{ code: 'BASE', contribution: 300, detail: 'x' }], computedAt: new Date() };
// Only the reads the Household.credit field makes; everything else is unused here.
const repos = {
  credit: { scoresFor: async (ids: string[]) => (ids.includes('h-1') ? [score] : []), rankOf: async () => ({ rank: 3, size: 40 }) },
  reviews: { householdsWithOpenReview: async () => new Set<string>() },
  negative: { unremovedFor: async () => [] },
} as unknown as CreditRepositories;

async function entities(ctx: RequestContext) {
  const credit = new CreditService(repos, { run: async () => { throw new Error('no writes'); } });
  const resolvers = new Map<Function, object>([[CreditResolver, new CreditResolver(credit, async () => undefined)]]);
  const schema = await buildCreditSchema({ get: (cls) => resolvers.get(cls) ?? Object.create(cls.prototype) });
  return graphql({
    schema,
    source: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id credit { score grade rank townshipSize } } } }',
    variableValues: { r: [{ __typename: 'Household', id: 'h-1' }] },
    contextValue: ctx,
  });
}

describe('credit subgraph schema', () => {
  it('committed schema.graphql matches the code (npm run compose after a change)', async () => {
    expect(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8')).toBe(await printCreditSchema());
  });

  it('serves its SDL with Household as an entity', async () => {
    const placeholder = { get: (cls: new (...args: never[]) => object) => Object.create(cls.prototype) };
    const sdl = await graphql({ schema: await buildCreditSchema(placeholder), source: '{ _service { sdl } }' });
    expect((sdl.data as any)._service.sdl).toMatch(/type Household\s+@key\(fields: "id"\)/);
  });

  it('resolves Household.credit through _entities for members and village staff only; never for a bank', async () => {
    const member = await entities({ principal: { kind: 'user', userId: 'u1', roles: [], householdId: 'h-1' }, requestId: 't' });
    expect(member.errors).toBeUndefined();
    expect((member.data as any)._entities).toEqual([{ id: 'h-1', credit: { score: 640, grade: 'C', rank: 3, townshipSize: 40 } }]);
    const cadre = await entities({ principal: { kind: 'user', userId: 'u2', roles: [{ role: Role.VILLAGE_CADRE, region: VILLAGE }], householdId: null }, requestId: 't' });
    expect((cadre.data as any)._entities[0].credit.score).toBe(640);
    const otherCadre = await entities({ principal: { kind: 'user', userId: 'u3', roles: [{ role: Role.VILLAGE_CADRE, region: '510681106002' }], householdId: 'h-2' }, requestId: 't' });
    expect((otherCadre.data as any)._entities).toEqual([{ id: 'h-1', credit: null }]);
    const bank = await entities({ principal: { kind: 'client', clientId: 'gzc_bank', clientKind: IntegratorKind.BANK, scopes: ['credit:read'], region: '510681000000' }, requestId: 't' });
    expect((bank.data as any)._entities).toEqual([{ id: 'h-1', credit: null }]);
    expect(((await entities({ principal: null, requestId: 't' })).data as any)._entities[0].credit).toBeNull();
  });
});
