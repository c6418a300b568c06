import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { WebhookService } from './webhook.service';

@ObjectType('IssueWebhook', { description: "A county system receiving issue events; the secret is shown once, at registration" })
export class WebhookEndpointType {
  @Field(() => ID) id: string;
  @Field(() => ID) countyCode: string;
  @Field() url: string;
  @Field(() => String, { nullable: true, description: 'HMAC-SHA256 key of the x-gongzhi-signature header; only in the registration answer' })
  secret: string | null;
  @Field() createdAt: Date;
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
    const e = await this.webhooks.register(ctx, countyCode, url);
    return Object.assign(new WebhookEndpointType(), { id: e.id, countyCode: e.countyCode, url: e.url, secret: e.secret, createdAt: e.createdAt });
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
