import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import http from 'node:http';
import nodeFetch from 'node-fetch';
import { GATEWAY_SECRET_HEADER, REQUEST_ID_HEADER } from '@gongzhi/subgraph-kit';
import type { GatewayContext } from './authenticate';

/**
 * Subgraph calls go through node-fetch on a keep-alive agent: Node 20's built-in fetch (web
 * streams, an AbortSignal per call) cost the gateway several milliseconds of CPU per request.
 */
const subgraphAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** Adds the gateway secret, the caller's token and the request id; bounds each call in time. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<Partial<GatewayContext>> {
  constructor(url: string, secret: string, timeoutMs: number) {
    super({
      url,
      fetcher: ((input: string, init?: Record<string, unknown>) =>
        nodeFetch(input, { ...init, agent: subgraphAgent, timeout: timeoutMs })) as never,
    });
    this.secret = secret;
  }

  private readonly secret: string;

  /**
   * A subgraph answers 4xx with GraphQL errors when it rejects the request itself (e.g. a
   * variable that fails its custom scalar, such as a malformed date): pass that coded error on
   * instead of the generic "400: Bad Request", which the error formatter would mask as internal.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const fallback = await super.errorFromResponse(response);
    const body = (fallback.extensions.response as { body?: unknown } | undefined)?.body as
      | { errors?: Array<{ message?: string; extensions?: { code?: unknown } }> }
      | undefined;
    const first = body?.errors?.[0];
    if (response.status >= 400 && response.status < 500 && typeof first?.extensions?.code === 'string') {
      return new GraphQLError(first.message ?? 'Bad request', { extensions: { code: first.extensions.code } });
    }
    return fallback;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): void {
    request.http?.headers.set(GATEWAY_SECRET_HEADER, this.secret);
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
    if (context?.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
