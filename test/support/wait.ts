/**
 * Polls until `probe` returns something truthy and returns it; no fixed sleeps in tests. The
 * limit is generous (machines running tests are often busy) and only guards against hanging.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const { timeoutMs = 120_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
