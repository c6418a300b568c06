import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { WebhookEndpointEntity } from './webhook.entity';
import type { WebhookService } from './webhook.service';

@ObjectType('IssueWebhook', { description: "A county system receiving issue events; the secret is shown once, at registration" })
export class WebhookEndpointType {
  @Field(() => ID) id: string;
  @Field(() => ID) countyCode: string;
  @Field() url: string;
  @Field(() => String, { nullable: true, description: 'HMAC-SHA256 key of the x-gongzhi-signature header; only in the registration answer' })
  secret: string | null;
  @Field({ description: 'False once removed: nothing more is sent to it' }) active: boolean;
  @Field() createdAt: Date;

  static from(e: WebhookEndpointEntity, showSecret = false): WebhookEndpointType {
    return Object.assign(new WebhookEndpointType(), { id: e.id, countyCode: e.countyCode, url: e.url, secret: showSecret ? e.secret : null, active: e.active, createdAt: e.createdAt });
  }
}

@ObjectType('IssueWebhookDelivery', { description: 'Delivery log: one row per event and endpoint' })
export class WebhookDeliveryType {
  @Field(() => ID) id: string;
  @Field(() => ID) endpointId: string;
  @Field(() => ID) issueId: string;
  @Field() kind: string;
  @Field({ description: 'PENDING, DELIVERED or FAILED' }) status: string;
  @Field(() => Int) attempts: number;
  @Field(() => Int, { nullable: true }) lastStatusCode: number | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
}

@Resolver()
export class WebhookResolver {
  constructor(private readonly webhooks: WebhookService) {}

  @Mutation(() => WebhookEndpointType, { description: 'County officers register an endpoint of their own systems' })
  async registerIssueWebhook(@Arg('countyCode', () => ID) countyCode: string, @Arg('url') url: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointType> {
    return WebhookEndpointType.from(await this.webhooks.register(ctx, countyCode, url), true);
  }

  @Query(() => [WebhookEndpointType], { description: "The county's endpoints, removed ones included; secrets are not shown again" })
  async issueWebhooks(@Arg('countyCode', () => ID) countyCode: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointType[]> {
    return (await this.webhooks.endpoints(ctx, countyCode)).map((e) => WebhookEndpointType.from(e));
  }

  @Mutation(() => WebhookEndpointType, { description: 'Stops sending to an endpoint; its pending deliveries fail as "endpoint removed". To change a secret, register anew and remove the old one' })
  async removeIssueWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointType> {
    return WebhookEndpointType.from(await this.webhooks.remove(ctx, id));
  }

  @Query(() => [WebhookDeliveryType])
  async issueWebhookDeliveries(
    @Arg('countyCode', () => ID) countyCode: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDeliveryType[]> {
    const rows = await this.webhooks.deliveries(ctx, countyCode, Math.min(Math.max(first, 1), 200));
    return rows.map((d) => Object.assign(new WebhookDeliveryType(), { ...d, payload: undefined }));
  }
}
