/** |a - b| within `relative` of the larger magnitude (exact for integers when relative = 0). */
export function close(a: number, b: number, relative: number): boolean {
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Polls until fn returns a value (not undefined), or throws naming what it waited for, the last
 * error fn threw (a server still starting) and, if given, what it last saw.
 */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  opts: { timeoutMs?: number; intervalMs?: number; last?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = opts.last ? `; last seen: ${opts.last()}` : "";
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError}` : ""}${seen}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}
