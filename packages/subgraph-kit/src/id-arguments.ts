import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** What an ID may look like: printable ASCII without spaces, as every id, code and key column stores it. */
const VALID_ID = /^[\x21-\x7e]{1,100}$/;

/** The path of the first ID inside `value` (of `type`) that is not a valid id, or null. */
function invalidIdIn(value: unknown, type: GraphQLInputType, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return invalidIdIn(value, type.ofType, path);
  if (isListType(type)) {
    if (!Array.isArray(value)) return invalidIdIn(value, type.ofType, path);
    for (let i = 0; i < value.length; i++) {
      const bad = invalidIdIn(value[i], type.ofType, `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return null;
    for (const field of Object.values(type.getFields())) {
      const bad = invalidIdIn((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`);
      if (bad) return bad;
    }
    return null;
  }
  if (type.name === 'ID' && typeof value === 'string' && !VALID_ID.test(value)) return path;
  return null;
}

/** Does an input type hold an ID anywhere (so that arguments of other types are never looked at)? */
function holdsId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsId(f.type, seen));
}

interface IdArgument {
  node: ArgumentNode;
  arg: GraphQLArgument;
}

/** The arguments of a document that hold IDs, found once per parsed document (Apollo reuses it across requests). */
const idArgumentsOf = new WeakMap<DocumentNode, IdArgument[]>();

function idArguments(schema: GraphQLSchema, document: DocumentNode): IdArgument[] {
  let found = idArgumentsOf.get(document);
  if (found) return found;
  found = [];
  const typeInfo = new TypeInfo(schema);
  const list = found;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT](node: ArgumentNode) {
        const arg = typeInfo.getArgument();
        if (arg && holdsId(arg.type)) list.push({ node, arg });
      },
    }),
  );
  idArgumentsOf.set(document, found);
  return found;
}

/** The first argument path (`householdPoints.householdId`, `input.householdIds[3]`) holding an invalid id, or null. */
export function findInvalidIdArgument(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}): string | null {
  for (const { node, arg } of idArguments(schema, document)) {
    // Literals are read as the schema types them; a variable's value comes back as the client sent it.
    const bad = invalidIdIn(valueFromAST(node.value, arg.type, variables), arg.type, arg.name);
    if (bad) return bad;
  }
  return null;
}

/**
 * Rejects an ID argument that no id could equal (non-ASCII, spaces, over 100 characters) as bad
 * input before any resolver runs. Id and code columns are stored as ASCII, and MariaDB refuses to
 * compare such a column with text it cannot convert: this turns that into a clear client error.
 */
export function idArgumentsPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const bad = findInvalidIdArgument(schema, document, request.variables ?? {});
          if (bad) {
            throw new GraphQLError(`${bad} is not a valid id`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 200 } } });
          }
        },
      };
    },
  };
}
