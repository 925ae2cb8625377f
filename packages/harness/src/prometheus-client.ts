/** Minimal Prometheus HTTP API client for tests and benchmarks. */

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

interface PromResponse {
  status: "success" | "error";
  error?: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

export class PrometheusClient {
  /** `headers` go with every request, e.g. the Authorization of a Prometheus that requires basic auth. */
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  /** Instant query; throws with Prometheus' own error text on a bad query. */
  async query(expr: string, time?: Date): Promise<PromSample[]> {
    const params = new URLSearchParams({ query: expr });
    if (time) params.set("time", String(time.getTime() / 1000));
    const res = await fetch(`${this.baseUrl}/api/v1/query`, {
      method: "POST",
      headers: this.headers,
      body: params,
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as PromResponse;
    if (body.status !== "success") throw new Error(`PromQL failed: ${body.error} — query: ${expr}`);
    if (body.data.resultType === "scalar") {
      const [, v] = body.data.result as unknown as [number, string];
      return [{ metric: {}, value: Number(v) }];
    }
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** Range query: every series with its [time, value] samples. */
  async queryRange(
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<{ metric: Record<string, string>; values: [number, number][] }[]> {
    const params = new URLSearchParams({
      query: expr,
      start: String(startMs / 1000),
      end: String(endMs / 1000),
      step: String(Math.max(1, Math.round(stepMs / 1000))),
    });
    const res = await fetch(`${this.baseUrl}/api/v1/query_range`, {
      method: "POST",
      headers: this.headers,
      body: params,
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
    };
    if (body.status !== "success") throw new Error(`PromQL failed: ${body.error} — query: ${expr}`);
    return body.data.result.map((r) => ({
      metric: r.metric,
      values: r.values.map(([t, v]) => [t, Number(v)]),
    }));
  }

  /** The single value of a query that sums to one series; undefined when empty. */
  async scalar(expr: string, time?: Date): Promise<number | undefined> {
    const rows = await this.query(expr, time);
    if (rows.length > 1) throw new Error(`expected one series, got ${rows.length} for ${expr}`);
    return rows[0]?.value;
  }

  /** Label values of a label (optionally restricted to series matching a selector). */
  async labelValues(label: string, match?: string): Promise<string[]> {
    const params = new URLSearchParams();
    if (match) params.set("match[]", match);
    const res = await fetch(`${this.baseUrl}/api/v1/label/${label}/values?${params}`, {
      headers: this.headers,
    });
    const body = (await res.json()) as { status: string; data: string[] };
    return body.data;
  }

  /** Number of active series in the head block (for cardinality checks). */
  async headSeries(): Promise<number> {
    const res = await fetch(`${this.baseUrl}/api/v1/status/tsdb`, { headers: this.headers });
    const body = (await res.json()) as { data: { headStats: { numSeries: number } } };
    return body.data.headStats.numSeries;
  }

  /**
   * Head series once ingestion has settled: the count after three equal non-zero readings 2 s
   * apart, or the last reading when `timeoutMs` runs out (a benchmark reports it either way).
   */
  async settledHeadSeries(timeoutMs: number): Promise<number> {
    let last = -1;
    let stable = 0;
    const deadline = Date.now() + timeoutMs;
    while (stable < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      const n = await this.headSeries();
      stable = n === last && n > 0 ? stable + 1 : 0;
      last = n;
    }
    return last;
  }
}
