import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GATEWAY_SECRET_HEADER, REQUEST_ID_HEADER } from '@gongzhi/subgraph-kit';
import type { GatewayContext } from './authenticate';

/** Adds the gateway secret, the caller's token and the request id; bounds each call in time. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<Partial<GatewayContext>> {
  constructor(url: string, secret: string, timeoutMs: number) {
    super({
      url,
      fetcher: ((input: string, init?: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
    this.secret = secret;
  }

  private readonly secret: string;

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): void {
    request.http?.headers.set(GATEWAY_SECRET_HEADER, this.secret);
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
