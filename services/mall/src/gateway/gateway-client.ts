import { DomainError, type Logger } from '@gongzhi/subgraph-kit';

/** The outcome of a call is unknown (timeout, gateway or subgraph down): retry later, same key. */
export class UpstreamUnavailableError extends DomainError {
  constructor(what: string, cause: string) {
    super('UPSTREAM_UNAVAILABLE', `${what} is not answering right now; try again shortly`, { cause });
  }
}

export interface GatewayClientOptions {
  gatewayUrl: () => string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * The mall's own way into the supergraph: an OAuth2 client-credentials token (cached until
 * shortly before expiry) and GraphQL over HTTP. Errors whose code means a definite answer
 * are thrown as DomainErrors; anything else is an unknown outcome.
 */
export class GatewayClient {
  private token: { value: string; refreshAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;

  constructor(
    private readonly options: GatewayClientOptions,
    private readonly definiteCodes: ReadonlySet<string>,
  ) {}

  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    // One token request at a time, however many orders arrive together.
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL('/oauth/token', this.options.gatewayUrl()).toString();
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret });
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw new UpstreamUnavailableError('The token endpoint', (err as Error).message);
    }
    const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !json.access_token) {
      this.options.logger.error({ status: res.status, error: json.error }, 'mall client could not get a token');
      throw new UpstreamUnavailableError('The token endpoint', `status ${res.status} ${json.error ?? ''}`);
    }
    const ttlMs = (json.expires_in ?? 300) * 1000;
    this.token = { value: json.access_token, refreshAt: Date.now() + Math.max(ttlMs - 60_000, ttlMs / 2) };
    return json.access_token;
  }

  async request<T>(what: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const token = await this.accessToken();
    let res: Response;
    try {
      res = await fetch(this.options.gatewayUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw new UpstreamUnavailableError(what, (err as Error).message);
    }
    const json = (await res.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
    const first = json?.errors?.[0];
    if (first) {
      const code = String(first.extensions?.code ?? 'UNKNOWN');
      if (this.definiteCodes.has(code)) throw new DomainError(code, first.message);
      if (code === 'TOKEN_EXPIRED' || code === 'TOKEN_INVALID' || code === 'UNAUTHENTICATED') this.token = null;
      throw new UpstreamUnavailableError(what, `${code}: ${first.message}`);
    }
    if (!res.ok || !json?.data) throw new UpstreamUnavailableError(what, `status ${res.status}`);
    return json.data;
  }
}
