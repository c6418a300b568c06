import type { TestPlatform } from '../support/platform';
import type { Actor } from './actors';

/** What an actor gets: 'OK' (data, no errors) or the `extensions.code` of the first error. */
export type Outcome = 'OK' | string;

export interface Fixtures {
  p: TestPlatform;
  /** Token of an actor; the rows' setup may also act as the platform admin. */
  token(actor: Actor | 'admin'): string | undefined;
  /** A fresh, registered person (phone, password, user id), not in any household. */
  newPerson(): Promise<{ phone: string; password: string; userId: string }>;
  /** Values shared across rows, computed once (ids of demo entities). */
  demo: DemoIds;
  /** A currently valid household code (户码) of household A (issued anew, as rows may rotate it). */
  householdCodeA(): Promise<string>;
}

export interface DemoIds {
  villagerUserId: string;
  householdA: string;
  villageA: string;
  villageB: string;
  townshipA: string;
  county: string;
}

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * One operation of the supergraph and who may call it. `allow` lists the actors that get data;
 * every other actor gets `deny[actor]`, or UNAUTHENTICATED (anonymous) / FORBIDDEN (everyone else).
 * `request` builds a fresh request per actor (so mutations do not collide).
 */
export interface MatrixRow {
  operation: `Query.${string}` | `Mutation.${string}`;
  allow: Actor[] | 'everyone';
  deny?: Partial<Record<Actor, Outcome>>;
  request(fx: Fixtures, actor: Actor): Promise<GraphQLRequest> | GraphQLRequest;
}

export function expectedOutcome(row: MatrixRow, actor: Actor): Outcome {
  if (row.allow === 'everyone' || row.allow.includes(actor)) return 'OK';
  return row.deny?.[actor] ?? (actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
}

/** A setup step (as the platform admin unless told otherwise): its data, or it throws with the errors. */
export async function setup<T = any>(fx: Fixtures, query: string, variables: Record<string, unknown> = {}, as: Actor | 'admin' = 'admin'): Promise<T> {
  const res = await fx.p.gql(query, variables, fx.token(as));
  if (res.errors?.length || !res.data) throw new Error(`setup failed (${as}): ${query.slice(0, 80)}… → ${res.raw.slice(0, 400)}`);
  return res.data as T;
}

const memos = new WeakMap<Fixtures, Map<string, Promise<unknown>>>();

/** A fixture value made once per run (e.g. a store or rule item every row of a service shares). */
export function shared<T>(key: string, make: (fx: Fixtures) => Promise<T>): (fx: Fixtures) => Promise<T> {
  return (fx) => {
    let m = memos.get(fx);
    if (!m) memos.set(fx, (m = new Map()));
    if (!m.has(key)) m.set(key, make(fx).catch((err) => (m!.delete(key), Promise.reject(err))));
    return m.get(key) as Promise<T>;
  };
}

let uniqueSeq = 0;
/** Unique per call within a run, for idempotency keys, codes and names (letters, digits, _). */
export function unique(prefix = 'm'): string {
  return `${prefix}${Date.now().toString(36)}${(uniqueSeq++).toString(36)}`;
}

/** The month (YYYYMM) now in China. */
export function chinaMonth(date = new Date()): number {
  return Number(new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', ''));
}

/** Polls `probe` until it returns a value (e.g. an event reached another service's projection). */
export async function eventually<T>(probe: () => Promise<T | null | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
