import { Role, type Principal, type RequestContext } from '@gongzhi/subgraph-kit';
import { DomainError } from '@gongzhi/subgraph-kit';
import type { PointsApp } from '../app';
import { monthKey } from '../periods';

export const DEMO_COUNTY = '510681000000';
export const DEMO_VILLAGES = ['510681106001', '510681106002', '510681107001', '510681001001'];
const VILLAGE_A = '510681106001';

function ctxOf(principal: Principal): RequestContext {
  return { principal, requestId: 'demo-seed' };
}

const officer = ctxOf({ kind: 'user', userId: 'demo-seed', roles: [{ role: Role.COUNTY_OFFICER, region: DEMO_COUNTY }], householdId: null });

/** Runs a step that may have run on an earlier seed; the states it leaves behind are accepted. */
async function once<T>(step: () => Promise<T>, accept: string[]): Promise<T | null> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof DomainError && accept.includes(err.code)) return null;
    throw err;
  }
}

/**
 * The demo county's rule library and some history for its households, through the service
 * layer and with fixed idempotency keys, so running it again changes nothing.
 */
export async function seedDemoPoints(app: PointsApp, log: (line: string) => void = () => undefined): Promise<void> {
  const { rules, households, postings, applications, tasks, disclosures } = app.services;
  const created = await rules.seedLibrary(DEMO_COUNTY, 'demo-seed');
  // 真武村's own rules (村规民约): a new item, and a stricter version of the county's littering item.
  await once(() => rules.create(officer, { regionCode: VILLAGE_A, code: 'RIVER_PATROL', name: '参加护河巡河', category: '共建共治', points: 3, monthlyCap: 12 }), ['RULE_ITEM_EXISTS']);
  await once(() => rules.create(officer, { regionCode: VILLAGE_A, code: 'LITTERING', name: '乱堆乱放（村规民约从严）', category: '生态宜居', points: -8 }), ['RULE_ITEM_EXISTS']);

  let posted = 0;
  for (const village of DEMO_VILLAGES) {
    const ids = await households.idsInVillage(village);
    for (const [i, hh] of ids.entries()) {
      const villager = ctxOf({ kind: 'user', userId: `demo-villager-${i}`, roles: [], householdId: hh });
      await postings.award(officer, { householdId: hh, itemCode: 'VOLUNTEER', reason: '重阳节敬老院志愿服务', idempotencyKey: `demo-volunteer-${hh}` });
      await postings.award(officer, { householdId: hh, itemCode: 'WASTE_SORTING', reason: '垃圾分类检查达标', idempotencyKey: `demo-waste-${hh}` });
      const approved = await applications.file(villager, { itemCode: 'CLEAN_COURTYARD', note: '庭院整洁，已拍照', evidence: ['https://example.org/demo/courtyard.jpg'], idempotencyKey: `demo-courtyard-${hh}` });
      if (approved.status === 'PENDING') await applications.approve(officer, approved.id);
      if (i % 2 === 1) {
        const rejected = await applications.file(villager, { itemCode: 'DONATION', note: '给村小学捐书', evidence: ['https://example.org/demo/receipt.jpg'], idempotencyKey: `demo-donation-${hh}` });
        if (rejected.status === 'PENDING') await applications.reject(officer, rejected.id, '未提供学校出具的接收证明');
      }
      if (i % 4 === 3) await postings.award(officer, { householdId: hh, itemCode: 'LITTERING', reason: '门前堆放建筑垃圾，经提醒未清理', idempotencyKey: `demo-littering-${hh}` });
      if (i === 0) await postings.award(officer, { householdId: hh, itemCode: 'MOST_BEAUTIFUL_FAMILY', reason: '2026年度最美家庭', idempotencyKey: `demo-family-${hh}` });
      posted++;
    }
    if (village === VILLAGE_A && ids.length) {
      const task = await tasks.publish(officer, {
        villageCode: village, title: '清理村口河道垃圾', description: '周六上午九点村委会集合，自带手套', reward: 5, category: '生态宜居', slots: 10,
        deadline: new Date(Date.now() + 14 * 86400_000), idempotencyKey: 'demo-river-cleanup',
      });
      for (const [i, hh] of ids.slice(0, 3).entries()) {
        const villager = ctxOf({ kind: 'user', userId: `demo-villager-${i}`, roles: [], householdId: hh });
        await once(() => tasks.claim(villager, task.id), ['TASK_ALREADY_CLAIMED']);
        if (i < 2) await once(() => tasks.complete(officer, task.id, hh), ['TASK_ALREADY_COMPLETED']);
      }
      const month = monthKey(new Date());
      const d = await once(() => disclosures.generate(officer, village, month), ['DISCLOSURE_ALREADY_PUBLISHED']);
      if (d) await disclosures.publish(officer, d.id);
    }
  }
  log(`points demo ready: ${created} library items added, history for ${posted} households`);
}
