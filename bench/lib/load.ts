import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and answers with GraphQL errors. */
  errors: number;
  non2xx: number;
  total: number;
}

/** A fixed-duration closed-loop load (autocannon) of one POST body against one URL. */
export async function load(options: {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  /** A fresh body for every request (e.g. a new idempotency key), instead of the same `body`. */
  makeBody?: () => unknown;
  connections?: number;
  durationSeconds?: number;
}): Promise<LoadResult> {
  const makeBody = options.makeBody;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
    requests: [
      {
        ...(makeBody ? { setupRequest: (req: any) => ({ ...req, body: JSON.stringify(makeBody()) }) } : {}),
        // A GraphQL error comes with status 200: count answers that carry one.
        onResponse: (_status: number, body: string) => {
          if (body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
    connections: options.connections ?? 16,
    duration: options.durationSeconds ?? 10,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + graphqlErrors,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Checks the body answers without GraphQL errors before loading it (a broken query would measure errors). */
export async function assertAnswers(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as { errors?: unknown[] };
  if (!res.ok || json.errors) throw new Error(`benchmark query fails: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
}
