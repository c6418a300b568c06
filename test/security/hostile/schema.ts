import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  parse,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** The composed supergraph, as the gateway serves it. */
export function loadSupergraph(): GraphQLSchema {
  const sdl = readFileSync(join(__dirname, '..', '..', '..', 'supergraph.graphql'), 'utf8');
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}

export interface MutationInfo {
  name: string;
  /** The subgraph that owns it (from @join__field(graph: X)). */
  service: string;
  args: readonly GraphQLArgument[];
  /** A selection that is valid for the return type ('' for scalars). */
  selection: string;
}

export function mutationsOf(schema: GraphQLSchema): MutationInfo[] {
  const mutation = schema.getMutationType();
  if (!mutation) return [];
  return Object.values(mutation.getFields()).map((field) => {
    const joinField = field.astNode?.directives?.find((d) => d.name.value === 'join__field');
    const graphArg = joinField?.arguments?.find((a) => a.name.value === 'graph');
    const service = graphArg && graphArg.value.kind === 'EnumValue' ? graphArg.value.value.toLowerCase() : 'unknown';
    return { name: field.name, service, args: field.args, selection: isLeafType(getNamedType(field.type)) ? '' : '{ __typename }' };
  });
}

/** The type as written in an operation's variable definitions. */
export function typeString(type: GraphQLInputType): string {
  return String(type);
}


/** `mutation($a: T!, ...) { name(a: $a, ...) { __typename } }` over the given arguments. */
export function operationFor(m: MutationInfo, argNames: string[] = m.args.map((a) => a.name)): string {
  const args = m.args.filter((a) => argNames.includes(a.name));
  const defs = args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `mutation Hostile${defs ? `(${defs})` : ''} { ${m.name}${call ? `(${call})` : ''} ${m.selection} }`;
}
