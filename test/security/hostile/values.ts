import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { demoIdNumber } from '../../../services/identity/src/demo/demo-county';
import type { MutationInfo } from './schema';


export function pick<T>(rand: () => number, items: T[], n: number): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
  return out;
}

/** An ID-card number of a seeded demo person: sent where an ID number goes, and must never come back. */
export const ECHO_ID_NUMBER = demoIdNumber(3);

/** Well-formed ids and codes that exist nowhere: the baseline of every call, so no call can succeed. */
/** The password every baseline call carries. */
export const BASELINE_PASSWORD = 'Hostile-Pass-2026';
export const MISSING_UUID = '7f3c2a10-0000-4000-8000-00000000dead';
export const MISSING_VILLAGE = '510681199001';
export const MISSING_COUNTY = '510699';

export type Category =
  | 'wrong-type'
  | 'null-for-non-null'
  | 'missing-field'
  | 'unknown-field'
  | 'unknown-enum'
  | 'empty'
  | 'huge'
  | 'number-edge'
  | 'unicode'
  | 'injection'
  | 'bad-id'
  | 'list-edge'
  | 'date-edge'
  | 'id-number';

export interface HostileValue {
  category: Category;
  label: string;
  value: unknown;
}

/** Marks a field to be left out of the variables. */
export const OMIT = Symbol('omit');

const HUGE_ASCII = 'A'.repeat(100_000);
const HUGE_CJK = '村'.repeat(30_000);

const STRING_HOSTILE: HostileValue[] = [
  { category: 'empty', label: 'empty string', value: '' },
  { category: 'empty', label: 'blank', value: ' \t\n ' },
  { category: 'huge', label: '100 kB ascii', value: HUGE_ASCII },
  { category: 'huge', label: '90 kB CJK', value: HUGE_CJK },
  { category: 'unicode', label: 'emoji', value: '👨‍👩‍👧‍👦🀄🏳️‍🌈' },
  { category: 'unicode', label: 'RTL override', value: '\u202Eevil\u202C مرحبا עברית' },
  { category: 'unicode', label: 'zero-width', value: '\u200B\u200C\u200D\uFEFF' },
  { category: 'unicode', label: 'lone surrogates', value: '\uD800x\uDFFF\uDBFF' },
  { category: 'unicode', label: 'NUL', value: 'a\u0000b\u0000' },
  { category: 'unicode', label: 'combining marks', value: 'Z̸̡̛̤̰̈́͌a̷̧͉͝l̶̼̑g̸̝͝o̵̯̕' },
  { category: 'injection', label: 'script tag', value: '<script>alert(1)</script>' },
  { category: 'injection', label: 'SQL drop', value: "'; DROP TABLE users; --" },
  { category: 'injection', label: 'SQL tautology', value: "%' OR 1=1 --" },
  { category: 'injection', label: 'SQL quote escape', value: "\\' OR ''='" },
  { category: 'injection', label: 'path traversal', value: '../../../../etc/passwd' },
  { category: 'injection', label: 'template', value: '${jndi:ldap://x}{{7*7}}' },
  { category: 'injection', label: 'CRLF', value: 'x\r\nSet-Cookie: a=1' },
  { category: 'injection', label: 'JSON in string', value: '{"__proto__":{"admin":true}}' },
  { category: 'id-number', label: 'ID-card number', value: ECHO_ID_NUMBER },
];

const ID_HOSTILE: HostileValue[] = [
  { category: 'bad-id', label: 'zero', value: '0' },
  { category: 'bad-id', label: 'negative', value: '-1' },
  { category: 'bad-id', label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { category: 'bad-id', label: 'uuid-ish too long', value: `${MISSING_UUID}${MISSING_UUID}` },
  { category: 'bad-id', label: 'huge number', value: '99999999999999999999999999999' },
  { category: 'bad-id', label: '10 kB id', value: 'f'.repeat(10_000) },
  { category: 'bad-id', label: 'SQL in id', value: "1' OR '1'='1" },
  { category: 'bad-id', label: 'LIKE wildcard', value: '%' },
  { category: 'empty', label: 'empty id', value: '' },
  { category: 'unicode', label: 'emoji id', value: '🀄' },
  { category: 'unicode', label: 'NUL id', value: `${MISSING_UUID}\u0000` },
  { category: 'unicode', label: 'lone surrogate id', value: '\uD800' },
  { category: 'huge', label: '100 kB id', value: HUGE_ASCII },
];

const INT_HOSTILE: HostileValue[] = [
  { category: 'number-edge', label: 'negative', value: -1 },
  { category: 'number-edge', label: 'zero', value: 0 },
  { category: 'number-edge', label: 'int32 max', value: 2_147_483_647 },
  { category: 'number-edge', label: 'int32 min', value: -2_147_483_648 },
  { category: 'number-edge', label: 'big negative', value: -999_999_999 },
];

const INT_WRONG: HostileValue[] = [
  { category: 'wrong-type', label: '2^31', value: 2 ** 31 },
  { category: 'wrong-type', label: '2^53', value: 2 ** 53 },
  { category: 'wrong-type', label: '-2^53', value: -(2 ** 53) },
  { category: 'wrong-type', label: 'float', value: 1.5 },
  { category: 'wrong-type', label: '"NaN"', value: 'NaN' },
  { category: 'wrong-type', label: '"Infinity"', value: 'Infinity' },
  { category: 'wrong-type', label: '"1e309"', value: '1e309' },
  { category: 'wrong-type', label: 'numeric string', value: '12' },
  { category: 'wrong-type', label: 'boolean', value: true },
];

const STRING_WRONG: HostileValue[] = [
  { category: 'wrong-type', label: 'number', value: 12345 },
  { category: 'wrong-type', label: 'boolean', value: false },
  { category: 'wrong-type', label: 'object', value: { $gt: '' } },
  { category: 'wrong-type', label: 'list', value: ['a', 'b'] },
  { category: 'wrong-type', label: 'deep object', value: deepObject(200) },
];

const ID_WRONG: HostileValue[] = [
  { category: 'wrong-type', label: 'float', value: 1.5 },
  { category: 'wrong-type', label: 'boolean', value: true },
  { category: 'wrong-type', label: 'object', value: { id: MISSING_UUID } },
  { category: 'wrong-type', label: 'list', value: [MISSING_UUID] },
];

const BOOLEAN_WRONG: HostileValue[] = [
  { category: 'wrong-type', label: 'string', value: 'true' },
  { category: 'wrong-type', label: 'number', value: 1 },
  { category: 'wrong-type', label: 'object', value: {} },
];

const DATE_HOSTILE: HostileValue[] = [
  { category: 'date-edge', label: 'not a date', value: 'not-a-date' },
  { category: 'date-edge', label: 'impossible date', value: '2026-02-30T25:61:00Z' },
  { category: 'date-edge', label: 'beyond JS range', value: '+275760-09-13T00:00:00.001Z' },
  { category: 'date-edge', label: 'year 0', value: '0000-01-01T00:00:00Z' },
  { category: 'date-edge', label: 'year 9999', value: '9999-12-31T23:59:59.999Z' },
  { category: 'wrong-type', label: 'number', value: 1e20 },
  { category: 'wrong-type', label: 'object', value: { $date: 1 } },
  { category: 'empty', label: 'empty date', value: '' },
  { category: 'injection', label: 'SQL in date', value: "2026-01-01' OR 1=1 --" },
];

function deepObject(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function deepList(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** A plausible value per field name, chosen so that the call as a whole is still refused. */
function baselineLeaf(named: GraphQLNamedType, name: string): unknown {
  const n = name.toLowerCase();
  if (isEnumType(named)) return named.getValues()[0].name;
  switch (named.name) {
    case 'Int':
      return n === 'year' ? 2026 : n === 'month' ? 202601 : 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return '2026-12-31T00:00:00.000Z';
    case 'Float':
      return 1;
  }
  if (n === 'countycode') return MISSING_COUNTY;
  if (/(village|region)code$/.test(n) || n === 'code') return MISSING_VILLAGE;
  if (named.name === 'ID') return MISSING_UUID;
  if (/phone$/.test(n)) return '13999999990';
  if (n === 'idnumber') return ECHO_ID_NUMBER;
  if (n === 'password') return BASELINE_PASSWORD;
  if (n === 'itemcode') return 'NO_SUCH_ITEM';
  if (/idempotencykey|clientrequestid/.test(n)) return 'hostile-input-key';
  if (/^(startson|expireson)$/.test(n)) return '2026-01-01';
  if (/^work(start|end)$/.test(n)) return '08:30';
  if (n === 'timezone') return 'Asia/Shanghai';
  if (n === 'config') return '{}';
  if (n === 'decision') return 'APPROVED';
  if (n === 'outcome') return 'UPHELD';
  if (n === 'kind') return 'OTHER';
  if (n === 'refreshtoken') return 'gzr_not_a_refresh_token';
  if (n === 'householdcode') return 'gzh_not_a_household_code';
  if (n === 'pickupcode') return '000000';
  if (n === 'bankclientid' || n === 'clientid') return 'gzc_no_such_client';
  if (/url$|urls$/.test(n)) return 'https://example.invalid/a.png';
  return '测试';
}

export function baselineValue(type: GraphQLInputType, name: string, depth = 0): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [baselineValue(inner.ofType as GraphQLInputType, name, depth + 1)];
  if (isInputObjectType(inner)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) out[field.name] = baselineValue(field.type, field.name, depth + 1);
    return out;
  }
  return baselineLeaf(getNamedType(inner), name);
}

export function baselineVariables(m: MutationInfo): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const arg of m.args) vars[arg.name] = baselineValue(arg.type, arg.name);
  return vars;
}

export interface Position {
  /** Path inside the variables, e.g. ['input', 'tiers', 0, 'minPoints']. */
  path: Array<string | number>;
  type: GraphQLInputType;
  name: string;
  /** An input field with a default value may be left out. */
  hasDefault: boolean;
}

/** Every position (argument, input field, list element) of a mutation's arguments. */
export function positionsOf(m: MutationInfo): Position[] {
  const out: Position[] = [];
  const walk = (type: GraphQLInputType, path: Array<string | number>, name: string, depth: number, hasDefault = false) => {
    out.push({ path, type, name, hasDefault });
    if (depth > 4) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) walk(inner.ofType as GraphQLInputType, [...path, 0], name, depth + 1);
    else if (isInputObjectType(inner)) for (const f of Object.values(inner.getFields())) walk(f.type, [...path, f.name], f.name, depth + 1, f.defaultValue !== undefined);
  };
  for (const arg of m.args) walk(arg.type, [arg.name], arg.name, 0, arg.defaultValue !== undefined);
  return out;
}

/**
 * Invalid values for one position, split into those graphql-js rejects at the gateway
 * (`typeLevel`) and those that are well-typed and reach the service (`domain`).
 */
export function hostileValuesFor(pos: Position): { typeLevel: HostileValue[]; domain: HostileValue[] } {
  const typeLevel: HostileValue[] = [];
  const domain: HostileValue[] = [];
  const nonNull = isNonNullType(pos.type);
  const inner = isNonNullType(pos.type) ? pos.type.ofType : pos.type;
  const inList = typeof pos.path[pos.path.length - 1] === 'number';
  if (nonNull) typeLevel.push({ category: 'null-for-non-null', label: 'null', value: null });
  if (nonNull && !inList && !pos.hasDefault) typeLevel.push({ category: 'missing-field', label: 'omitted', value: OMIT });
  if (isListType(inner)) {
    const element = baselineValue(inner.ofType as GraphQLInputType, pos.name);
    const elementBytes = JSON.stringify(element).length + 1;
    const many = Math.min(5000, Math.floor(90_000 / elementBytes));
    domain.push({ category: 'list-edge', label: 'empty list', value: [] });
    domain.push({ category: 'list-edge', label: `${many} elements`, value: Array.from({ length: many }, () => element) });
    typeLevel.push({ category: 'list-edge', label: 'nested 100 deep', value: deepList(100) });
    typeLevel.push({ category: 'wrong-type', label: 'object for list', value: { 0: element } });
    if (isNonNullType(inner.ofType)) typeLevel.push({ category: 'null-for-non-null', label: 'null element', value: [element, null] });
    return { typeLevel, domain };
  }
  if (isInputObjectType(inner)) {
    typeLevel.push({ category: 'wrong-type', label: 'string for object', value: '{}' });
    typeLevel.push({ category: 'wrong-type', label: 'list for object', value: [] });
    typeLevel.push({ category: 'unknown-field', label: 'unknown field', value: { ...(baselineValue(inner, pos.name) as object), isAdmin: true } });
    typeLevel.push({ category: 'unknown-field', label: '__proto__ field', value: JSON.parse('{"__proto__":{"polluted":true}}') });
    return { typeLevel, domain };
  }
  const named = getNamedType(inner);
  if (isEnumType(named)) {
    const first = named.getValues()[0].name;
    typeLevel.push({ category: 'unknown-enum', label: 'unknown value', value: 'NOT_A_VALUE' });
    typeLevel.push({ category: 'unknown-enum', label: 'lower case', value: first.toLowerCase() });
    typeLevel.push({ category: 'unknown-enum', label: 'ordinal', value: 0 });
    typeLevel.push({ category: 'unknown-enum', label: 'empty', value: '' });
    typeLevel.push({ category: 'unknown-enum', label: 'SQL', value: `${first}' OR 1=1 --` });
    return { typeLevel, domain };
  }
  switch (named.name) {
    case 'Int':
      return { typeLevel: [...typeLevel, ...INT_WRONG], domain: INT_HOSTILE };
    case 'Boolean':
      return { typeLevel: [...typeLevel, ...BOOLEAN_WRONG], domain };
    case 'DateTimeISO':
      // A custom scalar: the gateway passes it through and the subgraph parses it.
      return { typeLevel, domain: DATE_HOSTILE };
    case 'ID':
      return { typeLevel: [...typeLevel, ...ID_WRONG], domain: ID_HOSTILE };
    default:
      return { typeLevel: [...typeLevel, ...STRING_WRONG], domain: STRING_HOSTILE };
  }
}

export function setAt(vars: Record<string, unknown>, path: Array<string | number>, value: unknown): Record<string, unknown> {
  const copy = structuredClone(vars);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  if (value === OMIT) delete node[last];
  else node[last] = value;
  return copy;
}
