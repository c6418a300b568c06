import { graphql, loginToken, startBenchPlatform, type BenchPlatform } from './lib/platform';
import { SERVICES } from './lib/services';
import { seededRandom } from '@gongzhi/subgraph-kit';

/**
 * A city-sized data set, created the way a county would: through the services' own bulk paths
 * (identity's importRegions and importHouseholds, points' bulkPostPoints), never by writing
 * another service's tables. Deterministic from a seed; progress on stdout.
 *   node bench/dist/generate.js --households 180000 --postings 5 --seed 42
 * Deyang: 84 townships, 1,187 villages, ~180,000 households, ~360,000 people.
 */
export interface GeneratedCity {
  townships: string[];
  villages: Map<string, string[]>;
  households: number;
  people: number;
  entries: number;
  importSeconds: number;
  postingSeconds: number;
}

const COUNTY = '510681';
const HOUSEHOLDS_PER_VILLAGE = 152; // 180,000 / 1,187
const VILLAGES_PER_TOWNSHIP = 14; // 1,187 / 84
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['秀英', '桂兰', '建华', '志强', '玉梅', '国庆', '红梅', '德明', '春燕', '海波', '永华', '淑芬', '明亮', '晓东', '丽娟', '文军'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Person n of the data set, with a valid GB 11643 number unique to n: the birth date walks
 * through 1940–2002 with n / 1000 (61 is coprime with the 23,000-day span), the sequence is n % 1000.
 */
function personOf(n: number, random: () => number, relation?: string) {
  const birth = new Date(Date.UTC(1940, 0, 1) + ((Math.floor(n / 1000) * 61) % 23000) * 86_400_000);
  const body = `${COUNTY}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return {
    name: `${SURNAMES[Math.floor(random() * SURNAMES.length)]}${GIVEN[Math.floor(random() * GIVEN.length)]}`,
    phone: `15${String(n).padStart(9, '0')}`,
    idNumber: body + '10X98765432'[sum % 11],
    ...(relation ? { relation } : {}),
  };
}

export async function generateCity(
  platform: BenchPlatform,
  options: { households: number; postingsPerHousehold: number; seed: number; log?: (line: string) => void },
): Promise<GeneratedCity> {
  const log = options.log ?? ((line: string) => console.log(line));
  const random = seededRandom(options.seed);
  const officer = await loginToken(platform.gatewayUrl, '13800000008'); // city officer of 德阳市
  const auth = { authorization: `Bearer ${officer}` };
  const villageCount = Math.ceil(options.households / HOUSEHOLDS_PER_VILLAGE);
  const townshipCount = Math.ceil(villageCount / VILLAGES_PER_TOWNSHIP);

  // Townships 201.. and villages 001.. under 广汉市; the demo county's own places are 001-199.
  const townships = Array.from({ length: townshipCount }, (_, t) => `${COUNTY}${String(201 + t).padStart(3, '0')}000`);
  const villageCodes = Array.from({ length: villageCount }, (_, v) => `${townships[Math.floor(v / VILLAGES_PER_TOWNSHIP)].slice(0, 9)}${String(1 + (v % VILLAGES_PER_TOWNSHIP)).padStart(3, '0')}`);
  const regions = [
    ...townships.map((code, i) => ({ code, name: `生成镇${i + 1}` })),
    ...villageCodes.map((code, i) => ({ code, name: `生成村${i + 1}` })),
  ];
  for (let i = 0; i < regions.length; i += 2000) {
    await graphql(platform.gatewayUrl, 'mutation($r: [ImportRegionInput!]!) { importRegions(regions: $r) }', { r: regions.slice(i, i + 2000) }, auth);
  }
  log(`generate: ${townshipCount} townships, ${villageCount} villages`);

  const started = Date.now();
  const villages = new Map<string, string[]>();
  let personSeq = 0;
  let households = 0;
  let people = 0;
  for (let v = 0; v < villageCount; v++) {
    const size = Math.min(HOUSEHOLDS_PER_VILLAGE, options.households - households);
    if (size <= 0) break;
    const batch = Array.from({ length: size }, () => ({ head: personOf(personSeq++, random), members: [personOf(personSeq++, random, '配偶')] }));
    const result = await graphql(
      platform.gatewayUrl,
      'mutation($v: ID!, $h: [ImportHouseholdInput!]!) { importHouseholds(villageCode: $v, households: $h) { households people skipped householdIds } }',
      { v: villageCodes[v], h: batch },
      auth,
    );
    villages.set(villageCodes[v], result.importHouseholds.householdIds);
    households += size;
    people += result.importHouseholds.people;
    if (v % 50 === 0 || households >= options.households) log(`generate: ${households.toLocaleString()} / ${options.households.toLocaleString()} households imported`);
  }
  const importSeconds = (Date.now() - started) / 1000;

  // Points learns households from identity's events; wait until the last one is known there.
  const lastVillage = [...villages.values()].at(-1)!;
  const probe = lastVillage.at(-1)!;
  for (let i = 0; ; i++) {
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: 'query($h: ID!) { householdPoints(householdId: $h) { balance } }', variables: { h: probe } }),
    });
    const json = (await res.json()) as { data?: { householdPoints: unknown } };
    if (json.data?.householdPoints) break;
    if (i > 2400) throw new Error('generate: points did not learn the imported households within 10 minutes');
    if (i % 40 === 0) log('generate: waiting for points to take in the household events...');
    await new Promise((r) => setTimeout(r, 250));
  }

  const items = await graphql(platform.gatewayUrl, 'query($v: ID!) { ruleItems(villageCode: $v) { code points monthlyCap yearlyCap } }', { v: villageCodes[0] }, auth);
  const positive = (items.ruleItems as Array<{ code: string; points: number; monthlyCap: number | null }>)
    .filter((i) => i.points > 0)
    .sort((a, b) => (b.monthlyCap ?? 1e9) - (a.monthlyCap ?? 1e9));
  const postStarted = Date.now();
  let entries = 0;
  for (let round = 0; round < options.postingsPerHousehold; round++) {
    const item = positive[round % positive.length];
    for (const [village, ids] of villages) {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({
          query: 'mutation($i: BulkPostPointsInput!) { bulkPostPoints(input: $i) }',
          variables: { i: { householdIds: ids, itemCode: item.code, reason: '生成数据', idempotencyKey: `gen-${options.seed}-${round}-${village}` } },
        }),
      });
      const json = (await res.json()) as { data?: { bulkPostPoints: number }; errors?: Array<{ extensions?: { code?: string } }> };
      if (json.data) entries += json.data.bulkPostPoints;
      else if (json.errors?.[0]?.extensions?.code !== 'CAP_EXCEEDED') throw new Error(`generate: bulk posting failed: ${JSON.stringify(json.errors)}`);
    }
    log(`generate: posting round ${round + 1}/${options.postingsPerHousehold}, ${entries.toLocaleString()} entries`);
  }
  return { townships, villages, households, people, entries, importSeconds, postingSeconds: (Date.now() - postStarted) / 1000 };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

if (require.main === module) {
  (async () => {
    const platform = await startBenchPlatform({ services: SERVICES });
    try {
      const city = await generateCity(platform, {
        households: Number(arg('households', '2000')),
        postingsPerHousehold: Number(arg('postings', '5')),
        seed: Number(arg('seed', '42')),
      });
      console.log(
        `generated ${city.households} households (${city.people} people) in ${city.importSeconds.toFixed(1)} s, ${city.entries} ledger entries in ${city.postingSeconds.toFixed(1)} s; data kept in ${platform.dbPrefix}* databases`,
      );
    } finally {
      await platform.stop();
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
