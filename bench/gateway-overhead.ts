import { describeCost, withCost } from './lib/cost';
import { assertAnswers, load } from './lib/load';
import { loginToken } from './lib/platform';
import type { BenchContext } from './lib/context';
import type { BenchRow } from './lib/report';

/**
 * The same one-subgraph query straight to identity (with the gateway's secret and the caller's
 * token, as the gateway would send it) and through the gateway; then cold versus warm query plans.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const { platform, durationSeconds, connections } = ctx;
  const token = await loginToken(platform.gatewayUrl, '13800000001');
  const body = { query: '{ me { id name phone household { id villageCode } } }' };
  const auth = { authorization: `Bearer ${token}` };
  const direct = { ...auth, 'x-gateway-secret': platform.gatewaySecret };
  await assertAnswers(platform.serviceUrls.identity, body, direct);
  await assertAnswers(platform.gatewayUrl, body, auth);

  // Warm both paths (JIT, JWKS cache, query plan cache) before measuring.
  await load({ url: platform.gatewayUrl, body, headers: auth, connections, durationSeconds: 2 });
  await load({ url: platform.serviceUrls.identity, body, headers: direct, connections, durationSeconds: 2 });
  const total = (r: { total: number }) => r.total;
  const straight = await withCost(platform, () => load({ url: platform.serviceUrls.identity, body, headers: direct, connections, durationSeconds }), total);
  const through = await withCost(platform, () => load({ url: platform.gatewayUrl, body, headers: auth, connections, durationSeconds }), total);
  const ratio = through.requestsPerSecond / straight.requestsPerSecond;

  // Cold plan: a query shape the gateway has never planned (fresh alias each time); warm: the same shape again.
  const sequential = async (makeBody: (i: number) => unknown, n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      const res = await fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(makeBody(i)) });
      await res.text();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  };
  // Household profiles spanning two and three subgraphs (identity → points → credit).
  const profiles: Array<[string, string]> = [
    ['two-subgraph household profile (identity + points)', '{ me { name household { members { name } points { balance villageRank } } } }'],
    ['three-subgraph household profile (identity + points + credit)', '{ me { name household { members { name } points { balance villageRank } credit { score grade } } } }'],
  ];
  const profileRows: BenchRow[] = [];
  for (const [label, query] of profiles) {
    await assertAnswers(platform.gatewayUrl, { query }, auth);
    await load({ url: platform.gatewayUrl, body: { query }, headers: auth, connections, durationSeconds: 2 });
    const r = await withCost(platform, () => load({ url: platform.gatewayUrl, body: { query }, headers: auth, connections, durationSeconds }), total);
    const three = label.startsWith('three');
    profileRows.push({
      benchmark: 'gateway overhead',
      metric: label,
      value: Math.round(r.requestsPerSecond),
      unit: 'req/s',
      ...(three ? { target: '≥ 300 req/s at p99 < 100 ms', met: r.requestsPerSecond >= 300 && r.p99 < 100 } : {}),
      note: `p50/p99 ${r.p50}/${r.p99} ms; ${connections} connections, ${durationSeconds} s; errors ${r.errors + r.non2xx}. ${describeCost(r.cost)}`,
    });
  }

  const stamp = Date.now().toString(36);
  const cold = await sequential((i) => ({ query: `{ me { n${stamp}${i}: name household { id } } }` }), 50);
  const warm = await sequential(() => body, 50);

  return [
    {
      benchmark: 'gateway overhead',
      metric: 'one-subgraph query (me) through the gateway',
      value: Math.round(through.requestsPerSecond),
      unit: 'req/s',
      baseline: { label: 'straight to identity', value: Math.round(straight.requestsPerSecond) },
      ratio,
      target: '≥ 60% of straight',
      met: ratio >= 0.6,
      note: `p50/p99 through gateway ${through.p50}/${through.p99} ms, straight ${straight.p50}/${straight.p99} ms; ${connections} connections, ${durationSeconds} s; errors ${through.errors + through.non2xx + straight.errors + straight.non2xx}. Straight: ${describeCost(straight.cost)}. Through the gateway: ${describeCost(through.cost)}`,
    },
    ...profileRows,
    { benchmark: 'gateway overhead', metric: 'cold query plan (new shape), median latency', value: Number(cold.toFixed(2)), unit: 'ms', baseline: { label: 'warm plan', value: Number(warm.toFixed(2)) }, ratio: cold / warm },
  ];
}
