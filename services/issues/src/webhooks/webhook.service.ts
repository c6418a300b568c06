import { createHmac, randomBytes } from 'node:crypto';
import { BadInputError, hasRoleOver, newId, NotFoundError, requireRoleOver, requireUser, Role, type RequestContext } from '@gongzhi/subgraph-kit';
import type { Clock } from '../clock';
import type { IssueEntity } from '../issues/issue.entity';
import type { IssuesRepositories } from '../repositories';
import type { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';

export const SIGNATURE_HEADER = 'x-gongzhi-signature';
export const TIMESTAMP_HEADER = 'x-gongzhi-timestamp';
export const DELIVERY_HEADER = 'x-gongzhi-delivery';

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): receivers check it and reject stale timestamps. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const COUNTY_OFFICERS = [Role.COUNTY_OFFICER, Role.CITY_OFFICER];

export interface DeliveryQueue {
  enqueueDeliveries(county: string, ids: string[]): Promise<void>;
}

export interface WebhookOptions {
  /** Plain http only outside production (local receivers in development and tests). */
  allowHttp: boolean;
  timeoutMs?: number;
}

export class WebhookService {
  constructor(
    private readonly repos: IssuesRepositories,
    private readonly clock: Clock,
    private readonly options: WebhookOptions,
  ) {}

  async register(ctx: RequestContext, countyCode: string, url: string): Promise<WebhookEndpointEntity> {
    const user = this.requireCountyOfficer(ctx, countyCode);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BadInputError('url is not a valid URL', { field: 'url' });
    }
    const schemes = this.options.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (!schemes.includes(parsed.protocol) || url.length > 500 || parsed.username || parsed.password) {
      throw new BadInputError(`url must be ${this.options.allowHttp ? 'an http(s)' : 'an https'} URL without credentials, at most 500 characters`, { field: 'url' });
    }
    const endpoint: WebhookEndpointEntity = {
      id: newId(),
      countyCode,
      url,
      secret: randomBytes(24).toString('hex'),
      active: true,
      createdBy: user.userId,
      createdAt: this.clock.now(),
    };
    await this.repos.webhooks.insertEndpoint(endpoint);
    return endpoint;
  }

  async deliveries(ctx: RequestContext, countyCode: string, limit: number): Promise<WebhookDeliveryEntity[]> {
    this.requireCountyOfficer(ctx, countyCode);
    return this.repos.webhooks.deliveries(countyCode, limit);
  }

  /** The county's endpoints, removed ones included (their deliveries stay in the log); secrets are never shown again. */
  async endpoints(ctx: RequestContext, countyCode: string): Promise<WebhookEndpointEntity[]> {
    this.requireCountyOfficer(ctx, countyCode);
    return this.repos.webhooks.endpointsOf(countyCode);
  }

  /**
   * Stops sending to an endpoint (a system retired, a secret leaked: register a new one). Its
   * pending deliveries fail as "endpoint removed"; the row stays for the delivery log. Removing
   * twice changes nothing.
   */
  async remove(ctx: RequestContext, id: string): Promise<WebhookEndpointEntity> {
    requireUser(ctx);
    const endpoint = await this.repos.webhooks.endpoint(id);
    // Officers of other counties learn nothing about this one's endpoints.
    if (!endpoint || !hasRoleOver(ctx.principal, `${endpoint.countyCode}000000`, COUNTY_OFFICERS)) throw new NotFoundError('Webhook', id);
    if (endpoint.active) await this.repos.webhooks.deactivate(id);
    return { ...endpoint, active: false };
  }

  private requireCountyOfficer(ctx: RequestContext, countyCode: string) {
    if (!/^\d{6}$/.test(countyCode)) throw new BadInputError('countyCode must have 6 digits');
    return requireRoleOver(ctx, `${countyCode}000000`, COUNTY_OFFICERS);
  }

  /** Inside the transaction of the change: one delivery row per active endpoint of the county. */
  static announce(repos: IssuesRepositories, issue: IssueEntity, kind: string, status: string, now: Date): Promise<string[]> {
    return WebhookService.announceMany(repos, [{ issue, kind, status }], now);
  }

  /** Several changes in one transaction (a batch of reminders): one endpoint lookup per county, one INSERT. */
  static async announceMany(repos: IssuesRepositories, changes: Array<{ issue: IssueEntity; kind: string; status: string }>, now: Date): Promise<string[]> {
    const endpoints = new Map<string, WebhookEndpointEntity[]>();
    for (const { issue } of changes) {
      if (!endpoints.has(issue.countyCode)) endpoints.set(issue.countyCode, await repos.webhooks.activeFor(issue.countyCode));
    }
    const rows: WebhookDeliveryEntity[] = changes.flatMap(({ issue, kind, status }) =>
      endpoints.get(issue.countyCode)!.map((e) => ({
        id: newId(),
        endpointId: e.id,
        countyCode: issue.countyCode,
        issueId: issue.id,
        kind,
        // No text of the issue: the county's systems fetch what they may see through the API.
        payload: { issueId: issue.id, villageCode: issue.villageCode, kind, status, isPublic: !!issue.isPublic, dueAt: issue.dueAt.toISOString(), occurredAt: now.toISOString() },
        status: 'PENDING',
        attempts: 0,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        deliveredAt: null,
      })),
    );
    await repos.webhooks.insertDeliveries(rows);
    return rows.map((r) => r.id);
  }

  /** One attempt; throws to make BullMQ retry with backoff, marks FAILED on the last attempt. */
  async deliver(id: string, attempt: number, maxAttempts: number): Promise<'DELIVERED' | 'SKIPPED'> {
    const delivery = await this.repos.webhooks.delivery(id);
    if (!delivery || delivery.status !== 'PENDING') return 'SKIPPED';
    const endpoint = await this.repos.webhooks.endpoint(delivery.endpointId);
    if (!endpoint || !endpoint.active) {
      await this.repos.webhooks.updateDelivery(id, { status: 'FAILED', lastError: 'endpoint removed' });
      return 'SKIPPED';
    }
    const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(endpoint.secret, timestamp, body), [TIMESTAMP_HEADER]: timestamp, [DELIVERY_HEADER]: delivery.id },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      statusCode = res.status;
      if (res.ok) {
        await this.repos.webhooks.updateDelivery(id, { status: 'DELIVERED', attempts: attempt, lastStatusCode: statusCode, lastError: null, deliveredAt: this.clock.now() });
        return 'DELIVERED';
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message.slice(0, 300);
    }
    const last = attempt >= maxAttempts;
    await this.repos.webhooks.updateDelivery(id, { status: last ? 'FAILED' : 'PENDING', attempts: attempt, lastStatusCode: statusCode, lastError: error });
    throw new Error(`webhook delivery ${id} failed (attempt ${attempt}/${maxAttempts}): ${error}`);
  }

  pendingOlderThan(county: string, before: Date): Promise<WebhookDeliveryEntity[]> {
    return this.repos.webhooks.pending(county, before, 1000);
  }

  async get(id: string): Promise<WebhookDeliveryEntity> {
    const d = await this.repos.webhooks.delivery(id);
    if (!d) throw new NotFoundError('Delivery', id);
    return d;
  }
}
