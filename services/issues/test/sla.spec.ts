import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, createTestDatabase, newId, Role, uniqueTestName, type RequestContext } from '@gongzhi/subgraph-kit';
import { createIssuesCore } from '../src/app';
import { loadIssuesConfig } from '../src/config';
import { SettableClock } from '../src/demo/demo-issues';
import { IssueAction } from '../src/issues/workflow.service';
import { signWebhook } from '../src/webhooks/webhook.service';

// Real MariaDB and Redis. Counties here work round the clock (every weekend a make-up day, 00:00–24:00)
// with a first-response time of a few working seconds, so SLAs play out in seconds of real time.
const SWEEP_MS = 1000;
const SLA_SECONDS = 4;
const COUNTY = '510682';
const KILL_COUNTY = '510683';
const WORKER_JS = join(__dirname, '..', 'dist', 'worker.js');

type Core = Awaited<ReturnType<typeof createIssuesCore>>;
let core: Core;
let env: Record<string, string>;
let drop: () => Promise<void>;
const clock = new SettableClock();
const log = createLogger({ service: 'issues-sla-test', version: 'test', level: 'silent' });
const children: ChildProcess[] = [];
jest.setTimeout(60_000);

function user(role: Role, region: string): RequestContext {
  return { principal: { kind: 'user', userId: newId(), roles: [{ role, region }], householdId: role === Role.VILLAGER ? newId() : null }, requestId: 't' };
}

function roundTheClock(year: number) {
  const makeUpWorkdays: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) makeUpWorkdays.push(d.toISOString().slice(0, 10));
  }
  return { year, holidays: [], makeUpWorkdays, source: 'test: every day is a working day' };
}

async function setUpCounty(county: string) {
  const year = new Date().getUTCFullYear();
  for (const y of [year, year + 1]) await core.services.calendars.saveYear(county, roundTheClock(y), newId());
  await core.services.calendars.saveSettings(county, { workStart: '00:00', workEnd: '24:00', responseSlaSeconds: SLA_SECONDS, reminderPercents: [50] });
}

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return core.dataSource.query(sql, params);
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const reminder = (issueId: string, kind: string) =>
  rows<{ status: string; fire_at: Date; fired_at: Date | null }>('SELECT status, fire_at, fired_at FROM sla_reminder WHERE issue_id = ? AND kind = ?', [issueId, kind]).then((r) => r[0]);
const notes = (issueId: string, kind: string) =>
  rows<{ n: string }>('SELECT COUNT(*) AS n FROM notification WHERE issue_id = ? AND kind = ?', [issueId, kind]).then((r) => Number(r[0].n));
const escalations = (issueId: string) =>
  rows<{ escalated_at: Date; due_at: Date }>('SELECT escalated_at, due_at FROM issue_escalation WHERE issue_id = ?', [issueId]);

async function raise(county: string, title = 'street light broken') {
  const villager = user(Role.VILLAGER, `${county}100001`);
  const issue = await core.services.issues.raise(villager, { category: 'INFRASTRUCTURE', title, body: 'since Monday', isPublic: true });
  return { issue, villager };
}

beforeAll(async () => {
  const db = await createTestDatabase('issues_sla');
  drop = db.drop;
  env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    GATEWAY_SECRET: 'test-gateway-secret-0123456789',
    QUEUE_BASE: uniqueTestName('sla').replace(/[^A-Za-z0-9_]/g, ''),
    SLA_SWEEP_INTERVAL_MS: String(SWEEP_MS),
    SLA_LOCK_MS: '1000',
    WEBHOOK_BACKOFF_MS: '200',
    LOG_LEVEL: 'warn',
  };
  core = await createIssuesCore(loadIssuesConfig(env), log, { clock });
  await setUpCounty(COUNTY);
  await setUpCounty(KILL_COUNTY);
  await core.startWorker(COUNTY);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  if (core) {
    const keys = await core.redis.keys(`${env.QUEUE_BASE}:*`);
    if (keys.length) await core.redis.del(...keys);
    await core.stop();
  }
  await drop?.();
});

describe('first-response SLA with real Redis', () => {
  it('reminds once at half time; responding cancels the overdue escalation', async () => {
    const { issue } = await raise(COUNTY);
    await until('the 50% reminder', async () => (await reminder(issue.id, 'REMIND_50'))?.status === 'FIRED');
    expect(await notes(issue.id, 'SLA_REMINDER')).toBe(1);

    await core.services.issues.act(user(Role.VILLAGE_CADRE, `${COUNTY}100001`), issue.id, IssueAction.ACKNOWLEDGE, {});
    expect((await reminder(issue.id, 'OVERDUE')).status).toBe('CANCELLED');
    // Past the deadline and two sweeps: nothing escalates.
    await until('the deadline and two sweeps to pass', async () => Date.now() > issue.dueAt.getTime() + 2 * SWEEP_MS);
    await until('a sweep to run after the deadline', async () => (await core.services.sla.sweep(COUNTY, 0)) && true);
    expect(await escalations(issue.id)).toEqual([]);
    expect(await notes(issue.id, 'OVERDUE')).toBe(0);
    const [row] = await rows<{ responded_on_time: number }>('SELECT responded_on_time FROM issue WHERE id = ?', [issue.id]);
    expect(Number(row.responded_on_time)).toBe(1);
  });

  it('an unanswered issue escalates to the township at the deadline, once, on the timeline', async () => {
    const { issue } = await raise(COUNTY);
    const [esc] = await until('the escalation', async () => (await escalations(issue.id)).length > 0 && escalations(issue.id));
    expect(esc.escalated_at.getTime() - issue.dueAt.getTime()).toBeLessThan(SWEEP_MS);
    const events = await rows<{ kind: string }>('SELECT kind FROM issue_event WHERE issue_id = ? ORDER BY id', [issue.id]);
    expect(events.map((e) => e.kind)).toEqual(['RAISED', 'ESCALATED']);
    expect(await notes(issue.id, 'ESCALATION')).toBe(1);
    const [n] = await rows<{ audience_region: string }>("SELECT audience_region FROM notification WHERE issue_id = ? AND kind = 'ESCALATION'", [issue.id]);
    expect(n.audience_region).toBe(`${COUNTY}100000`);
  });

  it('a job running twice and the sweeper racing it still fire a reminder once', async () => {
    const { issue } = await raise(COUNTY);
    await until('the deadline', async () => Date.now() > issue.dueAt.getTime());
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, () => core.services.sla.fire(issue.id, 'OVERDUE')),
      core.services.sla.sweep(COUNTY, SWEEP_MS),
    ]);
    expect(outcomes.filter((o) => o === 'FIRED').length).toBeLessThanOrEqual(1);
    await until('the escalation', async () => (await escalations(issue.id)).length > 0);
    expect(await escalations(issue.id)).toHaveLength(1);
    expect(await notes(issue.id, 'ESCALATION')).toBe(1);
    expect(await notes(issue.id, 'SLA_REMINDER')).toBe(1);
  });

  it('a batch fires many reminders in one transaction, each once, and a row that cannot be written holds back no other', async () => {
    // A county without a worker: only the calls below fire anything.
    const county = '510686';
    await setUpCounty(county);
    const raised = [];
    for (let i = 0; i < 6; i++) raised.push((await raise(county, `batch ${i}`)).issue);
    const lastDue = Math.max(...raised.map((i) => i.dueAt.getTime()));
    await until('every deadline', async () => Date.now() > lastDue);
    // The poison: an escalation row already there, so this issue's OVERDUE insert fails.
    const poison = raised[0];
    await rows('INSERT INTO issue_escalation (issue_id, township_code, village_code, due_at, escalated_at) VALUES (?, ?, ?, ?, ?)', [
      poison.id,
      `${county}100000`,
      `${county}100001`,
      poison.dueAt,
      new Date(),
    ]);
    const refs = raised.flatMap((i) => [
      { issueId: i.id, kind: 'REMIND_50' },
      { issueId: i.id, kind: 'OVERDUE' },
    ]);
    // Each reminder three times: in one batch twice, and through fire() and the sweeper, racing.
    const [batch] = await Promise.all([
      core.services.sla.fireMany([...refs, ...refs]),
      ...refs.map((r) => core.services.sla.fire(r.issueId, r.kind).catch(() => 'FAILED')),
      core.services.sla.sweep(county, 0),
    ]);
    expect(batch.slice(refs.length).every((o) => o !== 'FIRED')).toBe(true);
    expect(batch[1]).toBe('FAILED'); // the poison's OVERDUE
    expect(await reminder(poison.id, 'OVERDUE')).toMatchObject({ status: 'PENDING' });
    for (const issue of raised) {
      expect((await reminder(issue.id, 'REMIND_50')).status).toBe('FIRED');
      expect(await notes(issue.id, 'SLA_REMINDER')).toBe(1);
      if (issue === poison) continue;
      expect((await reminder(issue.id, 'OVERDUE')).status).toBe('FIRED');
      expect(await notes(issue.id, 'ESCALATION')).toBe(1);
      expect(await notes(issue.id, 'OVERDUE')).toBe(1);
      expect(await escalations(issue.id)).toHaveLength(1);
      const events = await rows<{ kind: string }>('SELECT kind FROM issue_event WHERE issue_id = ? ORDER BY id', [issue.id]);
      expect(events.map((e) => e.kind)).toEqual(['RAISED', 'ESCALATED']);
      const [row] = await rows<{ overdue_at: Date | null }>('SELECT overdue_at FROM issue WHERE id = ?', [issue.id]);
      expect(row.overdue_at).not.toBeNull();
    }
    expect(await notes(poison.id, 'ESCALATION')).toBe(0);
  });

  it('when Redis loses every key of the county, the sweeper repairs: one reminder per kind, escalation on time', async () => {
    const { issue } = await raise(COUNTY);
    const keys = await core.redis.keys(`${env.QUEUE_BASE}:{${COUNTY}}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await core.redis.del(...keys);
    const [esc] = await until('the escalation after the flush', async () => (await escalations(issue.id)).length > 0 && escalations(issue.id));
    expect(esc.escalated_at.getTime() - issue.dueAt.getTime()).toBeLessThan(2 * SWEEP_MS + 1000);
    expect((await reminder(issue.id, 'REMIND_50')).status).toBe('FIRED');
    expect(await notes(issue.id, 'SLA_REMINDER')).toBe(1);
    expect(await notes(issue.id, 'ESCALATION')).toBe(1);
  });

  it('a worker killed mid-job and a fresh one restarted give exactly one reminder per kind', async () => {
    if (!existsSync(WORKER_JS)) throw new Error(`${WORKER_JS} is missing: run npx tsc -b services/issues first`);
    const start = (hang: boolean) => {
      const child = spawn(process.execPath, [WORKER_JS], {
        env: { ...process.env, ...env, PORT: '0', QUEUE_COUNTY: KILL_COUNTY, LOG_LEVEL: 'info', SLA_FAULT_HANG_FIRST_JOB: String(hang) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      return { child, output: () => out };
    };
    const first = start(true);
    await until('the first worker to start', async () => first.output().includes('SLA worker started'));
    const { issue } = await raise(KILL_COUNTY);
    await until('the worker to hang inside a reminder transaction', async () => first.output().includes('fault injection'));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // The killed transaction rolled back: nothing of that reminder is visible.
    const held = JSON.parse(first.output().split('\n').find((l) => l.includes('fault injection'))!);
    expect((await reminder(issue.id, held.kind)).status).toBe('PENDING');

    const second = start(false);
    await until('the escalation after the restart', async () => (await escalations(issue.id)).length > 0, 30_000);
    await until('the 50% reminder', async () => (await reminder(issue.id, 'REMIND_50')).status === 'FIRED');
    expect(await notes(issue.id, 'SLA_REMINDER')).toBe(1);
    expect(await notes(issue.id, 'ESCALATION')).toBe(1);
    expect(await escalations(issue.id)).toHaveLength(1);
    // The worker process answers the probes and exposes its lateness histogram.
    const up = JSON.parse(second.output().split('\n').find((l) => l.includes('health endpoints up'))!);
    expect((await fetch(`http://127.0.0.1:${up.port}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${up.port}/metrics`)).text()).toContain('issues_sla_reminder_lateness_seconds');
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});

describe('raising', () => {
  it('the same key sent at once raises one issue with one set of reminders; the losers return it', async () => {
    const villager = user(Role.VILLAGER, `${COUNTY}100001`);
    const input = { category: 'INFRASTRUCTURE' as const, title: '水渠堵塞', body: '三组水渠', isPublic: true, idempotencyKey: `k-${newId()}` };
    const raised = await Promise.all(Array.from({ length: 5 }, () => core.services.issues.raise(villager, input)));
    expect(new Set(raised.map((i) => i.id)).size).toBe(1);
    const [issue] = raised;
    const stored = await rows<{ id: string }>('SELECT id FROM issue WHERE raiser_user_id = ?', [(villager.principal as { userId: string }).userId]);
    expect(stored.map((r) => r.id)).toEqual([issue.id]);
    const timers = await rows<{ issue_id: string }>('SELECT issue_id FROM sla_reminder WHERE issue_id IN (SELECT id FROM issue WHERE raiser_user_id = ?)', [(villager.principal as { userId: string }).userId]);
    expect(timers.length).toBeGreaterThan(0);
    expect(new Set(timers.map((t) => t.issue_id))).toEqual(new Set([issue.id]));
    // A later retry finds it too, and a new key raises a new issue.
    expect((await core.services.issues.raise(villager, input)).id).toBe(issue.id);
    expect((await core.services.issues.raise(villager, { ...input, idempotencyKey: `k-${newId()}` })).id).not.toBe(issue.id);
  });
});

describe('after a result', () => {
  it('asks the villager to rate, then closes unrated, each once; a rating before that cancels both', async () => {
    const county = '510685';
    await setUpCounty(county);
    await core.services.calendars.saveSettings(county, { responseSlaSeconds: 3600, rateReminderSeconds: 2, autoCloseSeconds: 4 });
    await core.startWorker(county);
    const cadre = user(Role.VILLAGE_CADRE, `${county}100001`);
    const { issue } = await raise(county, 'unrated');
    await core.services.issues.act(cadre, issue.id, IssueAction.EXPLAIN, { note: 'no budget this year' });
    await until('the unrated close', async () => (await reminder(issue.id, 'AUTO_CLOSE'))?.status === 'FIRED');
    const [row] = await rows<{ status: string; outcome: string }>('SELECT status, outcome FROM issue WHERE id = ?', [issue.id]);
    expect(row).toEqual({ status: 'CLOSED', outcome: 'EXPLAINED' });
    expect(await notes(issue.id, 'RATE_REQUEST')).toBe(1);
    const events = await rows<{ kind: string }>('SELECT kind FROM issue_event WHERE issue_id = ? ORDER BY id', [issue.id]);
    expect(events.map((e) => e.kind)).toEqual(['RAISED', 'EXPLAIN', 'CLOSED_UNRATED']);

    const rated = await raise(county, 'rated');
    await core.services.issues.act(cadre, rated.issue.id, IssueAction.EXPLAIN, { note: 'no budget' });
    await core.services.issues.act(rated.villager, rated.issue.id, IssueAction.RATE, { stars: 4 });
    expect((await reminder(rated.issue.id, 'RATE_REMINDER')).status).toBe('CANCELLED');
    expect((await reminder(rated.issue.id, 'AUTO_CLOSE')).status).toBe('CANCELLED');
  });
});

describe('calendar', () => {
  it('a deadline in a year without a schedule fails with SLA_CALENDAR_MISSING and writes nothing; loading the year fixes it', async () => {
    const county = '510684';
    const before = await rows<{ n: string }>('SELECT COUNT(*) AS n FROM issue');
    clock.freeze(new Date('2027-03-01T02:00:00Z')); // Monday 2027-03-01 10:00 CST
    try {
      await expect(raise(county)).rejects.toMatchObject({ code: 'SLA_CALENDAR_MISSING' });
      expect(await rows('SELECT COUNT(*) AS n FROM issue')).toEqual(before);

      const officer = user(Role.COUNTY_OFFICER, `${county}000000`);
      await expect(
        core.services.calendars.loadYear(user(Role.VILLAGE_CADRE, `${county}100001`), county, { year: 2027, holidays: [], makeUpWorkdays: [] }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(core.services.calendars.loadYear(officer, county, { year: 2027, holidays: ['2027-02-30'], makeUpWorkdays: [] })).rejects.toMatchObject({
        code: 'SLA_CALENDAR_INVALID',
      });
      await core.services.calendars.loadYear(officer, county, { year: 2027, holidays: ['2027-03-02'], makeUpWorkdays: [], source: 'test' });
      const { issue } = await raise(county);
      // Monday 10:00 + two working days, Tuesday 03-02 off → Thursday 10:00.
      expect(issue.dueAt).toEqual(new Date('2027-03-04T02:00:00Z'));
    } finally {
      clock.reset();
    }
  });
});

describe('webhooks to the county\'s own systems', () => {
  it('signs each event with HMAC, retries with backoff after a failure, and logs the delivery', async () => {
    const received: Array<{ body: string; signature: string; timestamp: string }> = [];
    let calls = 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        calls += 1;
        received.push({ body, signature: String(req.headers['x-gongzhi-signature']), timestamp: String(req.headers['x-gongzhi-timestamp']) });
        res.writeHead(calls === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const officer = user(Role.COUNTY_OFFICER, `${COUNTY}000000`);
      await expect(core.services.webhooks.register(user(Role.VILLAGE_CADRE, `${COUNTY}100001`), COUNTY, 'https://example.org/h')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(core.services.webhooks.register(officer, COUNTY, 'ftp://example.org/h')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      const endpoint = await core.services.webhooks.register(officer, COUNTY, `http://127.0.0.1:${(server.address() as AddressInfo).port}/gongzhi`);
      const { issue } = await raise(COUNTY, 'webhook test');
      const [delivery] = await until('the delivery', async () => {
        const rows = await rows_(issue.id);
        return rows.length > 0 && rows[0].status === 'DELIVERED' && rows;
      });
      expect(delivery).toMatchObject({ kind: 'RAISED', attempts: 2, last_status_code: 200 });
      expect(calls).toBe(2);
      const last = received[1];
      expect(last.signature).toBe(signWebhook(endpoint.secret, last.timestamp, last.body));
      expect(JSON.parse(last.body)).toMatchObject({ id: delivery.id, issueId: issue.id, kind: 'RAISED', status: 'RAISED' });
      expect(last.body).not.toContain('webhook test'); // no issue text leaves
    } finally {
      server.close();
      await rows('UPDATE webhook_endpoint SET active = 0');
    }
  });

  it('a county officer lists and removes an endpoint: later events make no delivery for it; no one else can remove it', async () => {
    const officer = user(Role.COUNTY_OFFICER, `${COUNTY}000000`);
    const cadre = user(Role.VILLAGE_CADRE, `${COUNTY}100001`);
    const endpoint = await core.services.webhooks.register(officer, COUNTY, 'http://127.0.0.1:9/retired');
    expect((await core.services.webhooks.endpoints(officer, COUNTY)).find((e) => e.id === endpoint.id)).toMatchObject({ active: true });
    await expect(core.services.webhooks.endpoints(cadre, COUNTY)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const other of [cadre, user(Role.COUNTY_OFFICER, `${KILL_COUNTY}000000`)]) {
      await expect(core.services.webhooks.remove(other, endpoint.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await core.services.webhooks.remove(officer, endpoint.id)).toMatchObject({ id: endpoint.id, active: false });
    expect(await core.services.webhooks.remove(officer, endpoint.id)).toMatchObject({ active: false });
    expect((await core.services.webhooks.endpoints(officer, COUNTY)).find((e) => e.id === endpoint.id)).toMatchObject({ active: false });
    const { issue } = await raise(COUNTY, 'after removal');
    expect(await rows('SELECT id FROM webhook_delivery WHERE issue_id = ? AND endpoint_id = ?', [issue.id, endpoint.id])).toEqual([]);
  });
});

function rows_(issueId: string) {
  return rows<{ id: string; kind: string; status: string; attempts: number; last_status_code: number }>(
    "SELECT id, kind, status, attempts, last_status_code FROM webhook_delivery WHERE issue_id = ? AND kind = 'RAISED'",
    [issueId],
  );
}
