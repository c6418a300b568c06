import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/** A rule was broken; `code` is stable and reaches the client in `extensions.code`. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this here') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first') {
    super('UNAUTHENTICATED', message);
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

const SAFE_COERCION_TAIL =
  /^(Field "[^"]+" of required type "[^"]+" was not provided\.|Field "[^"]+" is not defined by type "[^"]+"\.|Expected type "[^"]+"\.)$/;

/**
 * What a client may read of an error message. GraphQL's coercion errors quote the whole
 * offending value (`Variable "$input" got invalid value { idNumber: "…", password: "…" }`), and
 * any message may quote what a user pasted into the wrong field: the quoted values go, and
 * anything shaped like an ID-card number is masked as a last line of defence.
 */
export function scrubClientMessage(message: string): string {
  let out = message.replace(/^(Variable "\$[A-Za-z0-9_]+") got invalid value [\s\S]*$/, (whole, variable: string) => {
    const at = /^Variable "\$[A-Za-z0-9_]+" got invalid value [\s\S]*? at ("[A-Za-z0-9_.\[\]]+"); ([\s\S]*)$/.exec(whole);
    const tail = at ? at[2] : whole.slice(whole.lastIndexOf('; ') + 2);
    return `${variable} got an invalid value${at ? ` at ${at[1]}` : ''}; ${SAFE_COERCION_TAIL.test(tail) ? tail : 'it does not fit the expected type'}`;
  });
  out = out.replace(/(Expected value of type "[^"]+"), found [\s\S]*$/, '$1.');
  return out.replace(/\b\d{17}[\dXx]\b/g, '******************');
}

/** Codes produced by GraphQL itself or Apollo that are safe to pass through as they are. */
const PASS_THROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function flattenValidation(errors: ValidationErrorLike[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, flattenValidation(e.children, path));
  }
  return out;
}

/**
 * The one place where thrown errors become client errors: domain codes pass,
 * class-validator failures become BAD_USER_INPUT with the fields, anything else is masked.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      return {
        message: scrubClientMessage(original.message),
        path: formatted.path,
        extensions: { code: original.code, ...(original.details ? { details: JSON.parse(scrubClientMessage(JSON.stringify(original.details))) } : {}) },
      };
    }
    // type-graphql's ArgumentValidationError carries class-validator's errors in its extensions.
    const carrier = original as { validationErrors?: ValidationErrorLike[]; extensions?: { validationErrors?: ValidationErrorLike[] } } | undefined;
    const validationErrors = carrier?.extensions?.validationErrors ?? carrier?.validationErrors;
    if (Array.isArray(validationErrors)) {
      const fields = flattenValidation(validationErrors);
      const summary = Object.entries(fields)
        .map(([field, problems]) => `${field}: ${problems.join(', ')}`)
        .join('; ');
      return {
        message: `Invalid input: ${summary}`,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', fields },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
      return { message: scrubClientMessage(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
