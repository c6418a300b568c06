import { buildSchema, parse } from 'graphql';
import { findInvalidIdArgument } from './id-arguments';

const schema = buildSchema(`
  input Award { householdId: ID!, reason: String!, tags: [ID!] }
  input Bulk { award: Award!, extra: [ID] }
  type Query { household(id: ID!): String, search(text: String!): String }
  type Mutation { award(input: Award!): String, bulk(input: Bulk!, villageCode: ID): String }
`);

const check = (query: string, variables?: Record<string, unknown>) => findInvalidIdArgument(schema, parse(query), variables);

describe('findInvalidIdArgument', () => {
  it('passes ids, codes and keys in printable ASCII, and leaves non-ID arguments alone', () => {
    expect(check('{ household(id: "0199a1b2-0000-7000-8000-000000000001") }')).toBeNull();
    expect(check('{ household(id: "510681106001") search(text: "村庄 清洁") }')).toBeNull();
    expect(check('mutation($i: Award!) { award(input: $i) }', { i: { householdId: 'abc', reason: '志愿服务', tags: ['x', 'y'] } })).toBeNull();
  });

  it('names the first ID that no stored id could equal, in literals, variables, nested inputs and lists', () => {
    expect(check('{ household(id: "王建国") }')).toBe('id');
    expect(check('{ household(id: "a b") }')).toBe('id');
    expect(check('{ household(id: "") }')).toBe('id');
    expect(check(`{ household(id: "${'x'.repeat(101)}") }`)).toBe('id');
    expect(check('query($id: ID!) { household(id: $id) }', { id: '中文' })).toBe('id');
    expect(check('mutation($i: Award!) { award(input: $i) }', { i: { householdId: 'ok', reason: 'r', tags: ['x', 'é'] } })).toBe('input.tags[1]');
    expect(check('mutation($v: ID) { bulk(input: { award: { householdId: "ok", reason: "r" }, extra: ["ok", null] }, villageCode: $v) }', { v: '五一村' })).toBe('villageCode');
    expect(check('mutation($h: ID!) { bulk(input: { award: { householdId: $h, reason: "r" } }) }', { h: ' ' })).toBe('input.award.householdId');
  });

  it('finds the arguments of a document once and checks each request against its own variables', () => {
    const doc = parse('query($id: ID!) { household(id: $id) }');
    expect(findInvalidIdArgument(schema, doc, { id: 'fine' })).toBeNull();
    expect(findInvalidIdArgument(schema, doc, { id: '不行' })).toBe('id');
    expect(findInvalidIdArgument(schema, doc, { id: 'fine-again' })).toBeNull();
  });
});
