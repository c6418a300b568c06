import { randomUUID } from 'node:crypto';
import { seededRandom } from '@gongzhi/subgraph-kit';
import type { GraphQLResponse } from '../support/platform';
import type { ProcessPlatform } from '../support/process-platform';
import { sleep } from '../support/wait';
import { BANK, type Fixture, type Village, type Villager } from './fixture';

/**
 * The multi-service journeys, as clients run them: every step through the gateway, retried
 * with the same idempotency key while the answer is "unknown" (a process died, a dependency
 * is away), until it is definite or a generous limit passes (then the journey counts as
 * abandoned, which the suites treat as a failure).
 *   redeem     villager placeOrder (mall → points reserve) → cadre confirmPickup (points commit) or villager cancels (release)
 *   approve    villager fileApplication → cadre approveApplication (ledger, outbox points.posted) → credit rescoring, read back
 *   raise      villager raiseIssue → the village answers, or nobody does and the SLA worker reminds and escalates
 *   bank       villager grants consent and applies → bank reads the credit reference → consent revoked → bank refused
 */
export type JourneyKind = 'redeem' | 'approve' | 'raise' | 'bank';
export const JOURNEY_KINDS: JourneyKind[] = ['redeem', 'approve', 'raise', 'bank'];

/** Answers that say nothing about the outcome: the step is tried again. */
export const TRANSIENT = new Set([
  'TRANSPORT',
  'INTERNAL_SERVER_ERROR',
  'UPSTREAM_UNAVAILABLE',
  'LOGIN_FAILED',
  'HTTP_500',
  'HTTP_502',
  'HTTP_503',
  'HTTP_504',
  // Projections of identity's household events may lag right after a restart.
  'HOUSEHOLD_UNKNOWN',
  // The gateway could not fetch identity's signing keys while identity was down.
  'UNAUTHENTICATED',
  'TOKEN_INVALID',
]);

export interface LoadOptions {
  seed: number;
  /** Concurrent virtual users, each running one journey after another. */
  users: number;
  /** Relative weights of the journeys. */
  weights: Partial<Record<JourneyKind, number>>;
  /** How long one step may keep failing before the journey is abandoned. */
  stepTimeoutMs?: number;
}

export interface JourneyTally {
  started: number;
  /** Ran to the end. */
  completed: number;
  /** Ended by a definite business answer (not enough points, a cap reached…). */
  refused: number;
  abandoned: number;
}

export interface LoadReport {
  seconds: number;
  operations: Record<string, number>;
  errors: Record<string, number>;
  totalOperations: number;
  /** Operations answered with any GraphQL error, including definite business refusals. */
  erroredOperations: number;
  /** Operations whose outcome was unknown (transport, internal, unavailable): what a user sees as a failure. */
  failedOperations: number;
  journeys: Record<JourneyKind, JourneyTally>;
  /** Journeys given up, with the step and the last answers. */
  abandoned: string[];
  /** Privacy or consistency breaches seen by the clients themselves (e.g. a bank read after revocation). */
  violations: string[];
}

class Abandoned extends Error {}

type Outcome = 'ok' | 'refused' | 'retry';
type Step<T = any> = GraphQLResponse<T> & { outcome: Outcome; code: string | null };

function firstCode(res: GraphQLResponse): string | null {
  return res.errors?.length ? String(res.errors[0].extensions?.code ?? 'UNKNOWN') : null;
}

export class MixedLoad {
  readonly operations = new Map<string, number>();
  readonly errors = new Map<string, number>();
  readonly journeys = Object.fromEntries(JOURNEY_KINDS.map((k) => [k, { started: 0, completed: 0, refused: 0, abandoned: 0 }])) as Record<JourneyKind, JourneyTally>;
  readonly abandoned: string[] = [];
  readonly violations: string[] = [];
  /** Everything the journeys created, for the invariants. */
  readonly orders = new Set<string>();
  readonly applications = new Set<string>();
  readonly issues = new Set<string>();
  private readonly inFlightOps = new Map<string, number>();
  private readonly loops: Array<Promise<void>> = [];
  private running = 0;
  private stopping = false;
  private paused: { resume: Promise<void>; release: () => void } | null = null;
  private idle: Array<() => void> = [];
  private startedAt = 0;
  private stoppedAt = 0;
  private seq = 0;
  private readonly tag = randomUUID().slice(0, 8);

  constructor(
    private readonly p: ProcessPlatform,
    private readonly fixture: Fixture,
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    this.startedAt = Date.now();
    for (let i = 0; i < this.options.users; i++) this.loops.push(this.userLoop(seededRandom(this.options.seed * 1000 + i)));
  }

  /** Starts no new journey and waits until the running ones have finished. */
  async pause(): Promise<void> {
    if (!this.paused) {
      let release!: () => void;
      const resume = new Promise<void>((r) => (release = r));
      this.paused = { resume, release };
    }
    if (this.running > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  resume(): void {
    const paused = this.paused;
    this.paused = null;
    paused?.release();
  }

  /** Lets the running journeys finish, then stops. */
  async stop(): Promise<LoadReport> {
    this.stopping = true;
    this.resume();
    await Promise.all(this.loops);
    this.stoppedAt = Date.now();
    return this.report();
  }

  inFlight(op: string): number {
    return this.inFlightOps.get(op) ?? 0;
  }

  /** How many times an operation has been answered so far. */
  count(op: string): number {
    return this.operations.get(op) ?? 0;
  }

  report(): LoadReport {
    const total = [...this.operations.values()].reduce((a, b) => a + b, 0);
    const errored = [...this.errors.values()].reduce((a, b) => a + b, 0);
    const failed = [...this.errors.entries()].filter(([code]) => TRANSIENT.has(code)).reduce((a, [, n]) => a + n, 0);
    return {
      seconds: Math.round(((this.stoppedAt || Date.now()) - this.startedAt) / 1000),
      operations: Object.fromEntries([...this.operations.entries()].sort()),
      errors: Object.fromEntries([...this.errors.entries()].sort()),
      totalOperations: total,
      erroredOperations: errored,
      failedOperations: failed,
      journeys: this.journeys,
      abandoned: [...this.abandoned],
      violations: [...this.violations],
    };
  }

  private async userLoop(random: () => number): Promise<void> {
    const weights = JOURNEY_KINDS.map((k) => [k, this.options.weights[k] ?? 0] as const).filter(([, w]) => w > 0);
    const total = weights.reduce((a, [, w]) => a + w, 0);
    while (!this.stopping) {
      if (this.paused) {
        await this.paused.resume;
        continue;
      }
      let r = random() * total;
      const kind = weights.find(([, w]) => (r -= w) < 0)?.[0] ?? weights[0][0];
      this.running += 1;
      try {
        await this.runJourney(kind, random);
      } finally {
        this.running -= 1;
        if (this.running === 0) for (const wake of this.idle.splice(0)) wake();
      }
    }
  }

  private async runJourney(kind: JourneyKind, random: () => number): Promise<void> {
    const tally = this.journeys[kind];
    tally.started += 1;
    try {
      const outcome = await this[kind](random);
      if (outcome === 'refused') tally.refused += 1;
      else tally.completed += 1;
    } catch (err) {
      tally.abandoned += 1;
      this.abandoned.push(`${kind}: ${(err as Error).message}`);
    }
  }

  private pick<T>(random: () => number, items: T[]): T {
    return items[Math.floor(random() * items.length)];
  }

  private villager(random: () => number, where: (v: Village) => boolean = () => true): Villager {
    return this.pick(random, this.fixture.villagers.filter((v) => where(v.village)));
  }

  // One answered call, counted by operation and error code.
  private async call<T = any>(op: string, actor: string, query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    this.inFlightOps.set(op, this.inFlight(op) + 1);
    try {
      let token: string;
      try {
        token = actor === BANK.clientId ? await this.p.clientToken(BANK.clientId, BANK.clientSecret) : await this.p.token(actor);
      } catch (err) {
        return { status: 0, errors: [{ message: (err as Error).message, extensions: { code: 'LOGIN_FAILED' } }], raw: '' };
      }
      const res = await this.p.gql<T>(query, variables, token);
      const code = firstCode(res);
      if (code === 'UNAUTHENTICATED' || code === 'TOKEN_INVALID' || code === 'TOKEN_EXPIRED') this.p.forgetTokens();
      return res;
    } finally {
      this.inFlightOps.set(op, this.inFlight(op) - 1);
    }
  }

  private count1(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  /**
   * One step, retried while the outcome is unknown. `classify` may turn a code into a definite
   * answer (e.g. "already decided" after a lost reply means it was done).
   */
  private async step<T = any>(
    op: string,
    actor: string,
    query: string,
    variables: Record<string, unknown>,
    classify: (res: GraphQLResponse<T>, code: string | null) => Outcome | undefined = () => undefined,
  ): Promise<Step<T>> {
    const deadline = Date.now() + (this.options.stepTimeoutMs ?? 150_000);
    const seen: string[] = [];
    for (let attempt = 0; ; attempt++) {
      const res = await this.call<T>(op, actor, query, variables);
      const code = firstCode(res);
      this.count1(this.operations, op);
      if (code) this.count1(this.errors, code);
      const outcome = classify(res, code) ?? (code === null ? 'ok' : TRANSIENT.has(code) ? 'retry' : 'refused');
      if (outcome !== 'retry') return { ...res, outcome, code };
      seen.push(code ?? 'no answer');
      if (Date.now() > deadline) throw new Abandoned(`${op} still unknown after ${attempt + 1} attempts (${[...new Set(seen)].join(', ')})`);
      await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
    }
  }

  // redeem: mall placeOrder → points reserve; pickup → points commit, or cancel → release.
  private async redeem(random: () => number): Promise<'ok' | 'refused'> {
    const v = this.villager(random, (x) => !!x.cadre && x.products.length > 0);
    const village = v.village;
    const input = { storeId: village.storeId, productId: this.pick(random, village.products), quantity: 1 + Math.floor(random() * 2), clientRequestId: `rel_${randomUUID()}` };
    const placed = await this.step('placeOrder', v.phone, 'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id status pickupCode } }', { i: input });
    if (placed.outcome === 'refused') return 'refused';
    let order = placed.data!.placeOrder as { id: string; status: string; pickupCode: string };
    this.orders.add(order.id);
    // PENDING: the reservation's outcome is not known yet; the mall's recovery (or our retry) settles it.
    const poll = (op: string) =>
      this.step(op, v.phone, 'query($id: ID!) { mallOrder(id: $id) { id status pickupCode } }', { id: order.id }, (res) =>
        ['PENDING', 'PICKUP_CONFIRMED', 'CANCELLING'].includes(res.data?.mallOrder?.status) ? 'retry' : undefined,
      );
    if (order.status === 'PENDING') order = (await poll('mallOrder')).data!.mallOrder;
    if (order.status === 'FAILED') return 'refused';
    if (order.status !== 'RESERVED') throw new Abandoned(`order ${order.id} ended ${order.status} after placing`);
    if (random() < 0.7) {
      const done = await this.step(
        'confirmPickup',
        village.cadre!,
        'mutation($s: ID!, $c: String!) { confirmPickup(storeId: $s, pickupCode: $c) { id status } }',
        { s: village.storeId, c: order.pickupCode },
        (res) => (res.data?.confirmPickup?.status === 'PICKUP_CONFIRMED' ? 'retry' : undefined),
      );
      if (done.outcome !== 'ok' || done.data!.confirmPickup.status !== 'COMPLETED') throw new Abandoned(`pickup of ${order.id}: ${done.code ?? done.data!.confirmPickup.status}`);
    } else {
      const done = await this.step('cancelOrder', v.phone, 'mutation($id: ID!) { cancelOrder(id: $id) { id status } }', { id: order.id }, (res) =>
        res.data?.cancelOrder?.status === 'CANCELLING' ? 'retry' : undefined,
      );
      if (done.outcome !== 'ok' || done.data!.cancelOrder.status !== 'CANCELLED') throw new Abandoned(`cancel of ${order.id}: ${done.code ?? done.data!.cancelOrder.status}`);
    }
    return 'ok';
  }

  // approve: points application → ledger + outbox → credit rescoring.
  private async approve(random: () => number): Promise<'ok' | 'refused'> {
    const v = this.villager(random, (x) => !!x.cadre);
    // Items without caps (evidence required), so the journey never runs into a monthly limit.
    const itemCode = this.pick(random, ['GOOD_SAMARITAN', 'ANTI_FRAUD_REPORT']);
    const filed = await this.step(
      'fileApplication',
      v.phone,
      'mutation($i: FileApplicationInput!) { fileApplication(input: $i) { id status } }',
      { i: { itemCode, note: '可靠性测试', evidence: [`https://evidence.example/${randomUUID()}.jpg`], idempotencyKey: randomUUID() } },
    );
    if (filed.outcome === 'refused') throw new Abandoned(`fileApplication refused: ${filed.code}`);
    const id = filed.data!.fileApplication.id as string;
    this.applications.add(id);
    const approved = await this.step('approveApplication', v.village.cadre!, 'mutation($id: ID!) { approveApplication(id: $id) { id status } }', { id }, (_res, code) =>
      // A lost reply to an approval that went through: the second try finds it decided.
      code === 'APPLICATION_ALREADY_DECIDED' ? 'ok' : undefined,
    );
    if (approved.outcome === 'refused') throw new Abandoned(`approve refused: ${approved.code}`);
    const status = await this.step('pointsApplication', v.phone, 'query($id: ID!) { pointsApplication(id: $id) { status } }', { id });
    if (status.data?.pointsApplication?.status !== 'APPROVED') throw new Abandoned(`application ${id} is ${status.data?.pointsApplication?.status ?? status.code}`);
    const score = await this.step('readCredit', v.phone, '{ me { household { points { earned } credit { points score } } } }', {}, (res) =>
      res.data?.me?.household?.credit ? undefined : 'retry',
    );
    if (score.outcome !== 'ok') throw new Abandoned(`credit read: ${score.code}`);
    return 'ok';
  }

  // raise: issues raiseIssue → response, or reminders and escalation by the SLA worker.
  private async raise(random: () => number): Promise<'ok' | 'refused'> {
    const v = this.villager(random);
    const title = `可靠性测试事项 ${this.tag}-${++this.seq}`;
    const raised = await this.raiseOnce(v.phone, title);
    this.issues.add(raised);
    const cadre = v.village.cadre;
    if (cadre && random() < 0.5) {
      const already = (res: GraphQLResponse, code: string | null): Outcome | undefined => (code === 'ISSUE_ILLEGAL_TRANSITION' ? 'ok' : undefined);
      const ack = await this.step('acknowledgeIssue', cadre, 'mutation($id: ID!) { acknowledgeIssue(id: $id, note: "已收到") { id status } }', { id: raised }, already);
      if (ack.outcome === 'refused') throw new Abandoned(`acknowledge: ${ack.code}`);
      const resolved = await this.step('resolveIssue', cadre, 'mutation($id: ID!) { resolveIssue(id: $id, note: "已处理") { id status } }', { id: raised }, already);
      if (resolved.outcome === 'refused') throw new Abandoned(`resolve: ${resolved.code}`);
    }
    return 'ok';
  }

  /** raiseIssue has no idempotency key: after an unknown outcome, look for the matter before raising again. */
  private async raiseOnce(phone: string, title: string): Promise<string> {
    const deadline = Date.now() + (this.options.stepTimeoutMs ?? 150_000);
    for (let attempt = 0; ; attempt++) {
      const res = await this.call('raiseIssue', phone, 'mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { id } }', {
        i: { category: 'INFRASTRUCTURE', title, body: '可靠性测试：路灯不亮。', isPublic: true },
      });
      const code = firstCode(res);
      this.count1(this.operations, 'raiseIssue');
      if (!code) return res.data.raiseIssue.id;
      this.count1(this.errors, code);
      if (!TRANSIENT.has(code)) throw new Abandoned(`raiseIssue refused: ${code}`);
      const mine = await this.step('myIssues', phone, '{ issues(onlyMine: true, first: 100) { edges { node { id title } } } }', {});
      const found = mine.data?.issues?.edges?.find((e: { node: { title: string } }) => e.node.title === title);
      if (found) return found.node.id;
      if (Date.now() > deadline) throw new Abandoned(`raiseIssue still unknown after ${attempt + 1} attempts`);
      await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
    }
  }

  // bank: consent → application → the bank reads the reference → revoke → the bank is refused.
  private async bank(random: () => number): Promise<'ok' | 'refused'> {
    const v = this.villager(random);
    const purpose = `可靠性测试 ${this.tag}-${++this.seq}`;
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const granted = await this.step(
      'grantCreditConsent',
      v.phone,
      'mutation($b: String!, $p: String!, $e: DateTimeISO!) { grantCreditConsent(bankClientId: $b, purpose: $p, dataShared: ["CREDIT_REFERENCE"], expiresAt: $e) { id } }',
      { b: BANK.clientId, p: purpose, e: expiresAt },
    );
    if (granted.outcome === 'refused') throw new Abandoned(`consent refused: ${granted.code}`);
    const consentId = granted.data!.grantCreditConsent.id as string;
    let revoked = false;
    try {
      const applied = await this.step(
        'applyForLoan',
        v.phone,
        'mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 100000, termMonths: 12) { id } }',
        { p: this.fixture.loanProductId, c: consentId },
      );
      if (applied.outcome === 'refused') return 'refused';
      const applicationId = applied.data!.applyForLoan.id as string;
      const read = await this.step('bankReadsCredit', BANK.clientId, 'query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId });
      if (read.outcome === 'refused' && read.code !== 'CREDIT_REVIEW_PENDING') throw new Abandoned(`bank read with live consent: ${read.code}`);
      await this.revoke(v.phone, consentId);
      revoked = true;
      const after = await this.step('bankReadsCredit', BANK.clientId, 'query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId });
      if (after.code !== 'CONSENT_REQUIRED') this.violations.push(`bank read application ${applicationId} after consent ${consentId} was revoked: ${after.raw.slice(0, 200)}`);
      return 'ok';
    } finally {
      if (!revoked) await this.revoke(v.phone, consentId);
    }
  }

  private async revoke(phone: string, consentId: string): Promise<void> {
    const res = await this.step('revokeCreditConsent', phone, 'mutation($id: ID!) { revokeCreditConsent(id: $id) { live } }', { id: consentId });
    if (res.outcome !== 'ok' || res.data!.revokeCreditConsent.live !== false) throw new Abandoned(`revoke ${consentId}: ${res.code}`);
  }
}
