import { DomainError, type Principal, type RequestContext } from '@gongzhi/subgraph-kit';
import type { CalendarService } from '../calendar/calendar.service';
import type { Clock } from '../clock';
import type { IssueService } from '../issues/issue.service';
import { IssueAction } from '../issues/workflow.service';

export const DEMO_VILLAGE = '510681106001'; // 真武村
export const DEMO_TOWNSHIP = '510681106000'; // 三星堆镇
const VILLAGER = '13800000001';
const CADRE = '13800000002';
const GRID = '13800000003';

/** A clock the seed can set back, so the demo has an overdue, escalated issue. */
export class SettableClock implements Clock {
  private offsetMs = 0;
  private frozen: number | null = null;
  now(): Date {
    return new Date(this.frozen ?? Date.now() + this.offsetMs);
  }
  freeze(at: Date): void {
    this.frozen = at.getTime();
  }
  setBack(ms: number): void {
    this.offsetMs = -ms;
  }
  reset(): void {
    this.offsetMs = 0;
    this.frozen = null;
  }
}

export interface DemoIssueDeps {
  issues: IssueService;
  calendars: CalendarService;
  clock: SettableClock;
  principal(phone: string): Promise<Principal>;
  log?(line: string): void;
}

/** A few issues of 真武村 in different states, through the service layer. Skips when the village has issues. */
export async function seedDemoIssues(deps: DemoIssueDeps): Promise<void> {
  const log = deps.log ?? (() => undefined);
  const ctx = async (phone: string): Promise<RequestContext> => ({ principal: await deps.principal(phone), requestId: 'demo-issues-seed' });
  const villager = await ctx(VILLAGER);
  const cadre = await ctx(CADRE);
  const grid = await ctx(GRID);
  const existing = await deps.issues.list(cadre, { villageCode: DEMO_VILLAGE, first: 1 });
  if (existing.length) return log('demo issues already present');
  try {
    // Raised a week ago and never answered: the worker's first sweep marks it overdue and escalates it.
    deps.clock.setBack(7 * 86_400_000);
    await deps.issues.raise(villager, {
      category: 'INFRASTRUCTURE',
      title: '村口路灯不亮',
      body: '村口到三组的路灯已经坏了一周，晚上老人走路不安全。',
      isPublic: true,
    });
    deps.clock.setBack(3 * 86_400_000);
    const rubbish = await deps.issues.raise(villager, {
      category: 'ENVIRONMENT',
      title: '垃圾清运不及时',
      body: '五组垃圾箱经常满了没人拉走。',
      isPublic: true,
    });
    await deps.issues.act(grid, rubbish.id, IssueAction.ACKNOWLEDGE, { note: '已到现场查看' });
    const handed = await deps.issues.act(cadre, rubbish.id, IssueAction.HAND_OFF, {
      parties: [{ name: '三星堆镇环卫所', regionCode: DEMO_TOWNSHIP }],
      note: '请镇环卫所增加清运频次',
    });
    deps.clock.reset();
    const party = (await deps.issues.partiesOf([handed.id]))[0][0];
    await deps.issues.act(cadre, rubbish.id, IssueAction.PARTY_REPORT, { partyId: party.id, note: '已改为每日清运' });
    await deps.issues.act(cadre, rubbish.id, IssueAction.RESOLVE, { note: '镇环卫所已改为每日清运，请群众监督' });

    const canal = await deps.issues.raise(villager, {
      category: 'LAND',
      title: '申请新修一条灌溉水渠',
      body: '希望村里出资在六组新修水渠。',
      isPublic: true,
    });
    await deps.issues.act(cadre, canal.id, IssueAction.DELIBERATE, { note: '提交村民代表会议讨论' });
    await deps.issues.act(cadre, canal.id, IssueAction.EXPLAIN, { note: '今年村集体资金已用于道路硬化，明年列入计划' });
    await deps.issues.act(villager, canal.id, IssueAction.RATE, { stars: 4, comment: '解释清楚了' });

    const neighbour = await deps.issues.raise(villager, {
      category: 'NEIGHBOURHOOD',
      title: '邻居占用宅基地边界',
      body: '希望村里调解。',
      isPublic: false,
    });
    await deps.issues.act(cadre, neighbour.id, IssueAction.ACKNOWLEDGE, { note: '本周内上门调解' });

    await deps.issues.raise(villager, { category: 'SUGGESTION', title: '建议增设健身器材', body: '文化广场可以增加几件健身器材。', isPublic: true });
    log('demo issues seeded in 真武村 (overdue, resolved awaiting rating, explained and rated, private, new)');
  } catch (err) {
    if (err instanceof DomainError && err.code === 'SLA_CALENDAR_MISSING') {
      log(`demo issues skipped: ${err.message}`);
      return;
    }
    throw err;
  } finally {
    deps.clock.reset();
  }
}

