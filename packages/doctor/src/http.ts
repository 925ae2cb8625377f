/** fetch with a timeout that never throws: the doctor reports failures, it does not crash on them. */
export interface HttpResult {
  readonly ok: boolean;
  readonly status: number;
  readonly body: string;
  /** Network error (connection refused, timeout...), when there was no HTTP answer. */
  readonly error?: string;
}

export async function http(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<HttpResult> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 5_000) });
    return { ok: res.ok, status: res.status, body: await res.text() };
  } catch (err) {
    return { ok: false, status: 0, body: "", error: describeError(err) };
  }
}

/** The innermost useful message of a network error (fetch wraps the cause). */
export function describeError(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  if (e?.cause?.code === "ECONNREFUSED") return "connection refused (nothing listens there)";
  if (e?.cause?.code) return `${e.cause.code}${e.cause.message ? `: ${e.cause.message}` : ""}`;
  if ((err as Error)?.name === "TimeoutError") return "timed out";
  return e?.message ?? String(err);
}
