import { DEMO_BANK, DEMO_HOSPITAL, DEMO_MERCHANT } from '../../services/identity/src/demo/demo-county';
import type { TestPlatform } from '../support/platform';

/**
 * Everyone who may call the API. The target of every row is village A (真武村) or its household
 * 王建国; "Other" actors hold the same role elsewhere (回龙村, 南兴镇).
 */
export const ACTORS = [
  'anonymous',
  'villager',
  'villagerOther',
  'gridWorker',
  'cadre',
  'cadreOther',
  'township',
  'townshipOther',
  'county',
  'city',
  'bank',
  'hospital',
  'merchant',
] as const;

export type Actor = (typeof ACTORS)[number];

export const USER_ACTORS: Actor[] = ['villager', 'villagerOther', 'gridWorker', 'cadre', 'cadreOther', 'township', 'townshipOther', 'county', 'city'];
export const CLIENT_ACTORS: Actor[] = ['bank', 'hospital', 'merchant'];
/** Staff whose region contains village A. */
export const STAFF_OVER_A: Actor[] = ['gridWorker', 'cadre', 'township', 'county', 'city'];
export const OFFICERS_OVER_A: Actor[] = ['township', 'county', 'city'];

const PHONES: Partial<Record<Actor, string>> = {
  villager: '13800000001',
  villagerOther: '13800000007',
  gridWorker: '13800000003',
  cadre: '13800000002',
  cadreOther: '13800000006',
  township: '13800000004',
  townshipOther: '13800000009',
  county: '13800000005',
  city: '13800000008',
};

const CLIENTS: Partial<Record<Actor, { clientId: string; clientSecret: string }>> = {
  bank: DEMO_BANK,
  hospital: DEMO_HOSPITAL,
  merchant: DEMO_MERCHANT,
};

export async function clientToken(p: TestPlatform, client: { clientId: string; clientSecret: string }): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token for ${client.clientId}: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Access tokens per actor (undefined for anonymous), fetched once. */
export async function actorTokens(p: TestPlatform): Promise<Record<Actor, string | undefined>> {
  const tokens = {} as Record<Actor, string | undefined>;
  for (const actor of ACTORS) {
    const phone = PHONES[actor];
    const client = CLIENTS[actor];
    tokens[actor] = phone ? await p.token(phone) : client ? await clientToken(p, client) : undefined;
  }
  return tokens;
}
