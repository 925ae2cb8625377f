import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SELF_METRICS } from "@cc-otel/collector/names";
import { EVENT_COUNT, METRIC_NAMES, promSeries, STREAM_START } from "@cc-otel/contract";
import {
  collectorErrors,
  type ExtraCollector,
  type NativeStack,
  PrometheusClient,
  startExtraCollector,
  startNativeStack,
} from "@cc-otel/harness";
import { type Ledger, runSimulation } from "@cc-otel/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  close,
  countEvents,
  dashboardTotalCost,
  eventually,
  ledgerEventCounts,
  metricTolerance,
  selfMetricLines,
  sumOfLines,
} from "../src/index.js";

/**
 * Two collector replicas behind a round-robin load balancer, as a plain Kubernetes Service in front
 * of a scaled Deployment would be (HTTP/1.1: every request may go to either replica). Each replica
 * keeps its own running total of a stream's deltas; both write to one Prometheus. With the
 * STREAM_START label, each replica's total is its own series, so sums over series — every panel
 * and alert — must equal the simulator's ledger exactly, and no replica may drop a delta.
 */

const WINDOW_MIN = 60;

/** Round-robin HTTP proxy: each request goes to the next target, answered with its reply. */
async function roundRobin(
  targets: string[],
): Promise<{ url: string; sent: number[]; close(): Promise<void> }> {
  const sent = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const i = next++ % targets.length;
      sent[i] = (sent[i] ?? 0) + 1;
      try {
        const reply = await fetch(`${targets[i]}${req.url}`, {
          method: req.method ?? "POST",
          headers: { "content-type": req.headers["content-type"] ?? "application/x-protobuf" },
          body: Buffer.concat(chunks),
          signal: AbortSignal.timeout(30_000),
        });
        res.writeHead(reply.status, { "content-type": reply.headers.get("content-type") ?? "" });
        res.end(Buffer.from(await reply.arrayBuffer()));
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("two collector replicas behind a round-robin load balancer", () => {
  let stack: NativeStack;
  let second: ExtraCollector;
  let proxy: Awaited<ReturnType<typeof roundRobin>>;
  let prom: PrometheusClient;
  let ledger: Ledger;
  const total = (series: string, selector = "") =>
    prom.scalar(`sum(last_over_time(${series}${selector}[${WINDOW_MIN}m]))`);

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    second = await startExtraCollector(stack, { name: "otelcol-replica-2" });
    proxy = await roundRobin([stack.collector.httpEndpoint, second.httpEndpoint]);
    prom = new PrometheusClient(stack.prometheus.url);
    ledger = await runSimulation({
      scenario: "steady",
      users: 6,
      seed: "e2e-replicas",
      export: { protocol: "http/protobuf", endpoint: proxy.url, headers: {}, temporality: "delta" },
      mode: { kind: "live", speed: 1200, durationMs: 20_000 },
      emitter: "sdk",
      metricExportIntervalMs: 1000,
      logExportIntervalMs: 1000,
    });
    await eventually(
      async () => {
        const cost = await total(promSeries("claude_code.cost.usage"));
        const events = await total(EVENT_COUNT.series);
        return cost !== undefined &&
          close(cost, ledger.totals.costUsd, 1e-9) &&
          events === ledger.totals.logRecords &&
          stack.loki.sink.logs.length >= ledger.totals.logRecords
          ? true
          : undefined;
      },
      "the ledger's cost, event counts and events downstream",
      { timeoutMs: 90_000 },
    ).catch(() => undefined); // the assertions below say precisely what is missing
  });
  afterAll(async () => {
    await proxy?.close();
    await second?.stop();
    await stack?.stop();
  });

  it("spread the simulator's requests over both replicas", () => {
    console.info(`requests per replica: ${proxy.sent.join(" / ")}; ledger: ${ledger.sessions} sessions`);
    expect(ledger.sessions).toBeGreaterThan(3);
    for (const n of proxy.sent) expect(n).toBeGreaterThan(10);
  });

  it("wrote a stream from both replicas as two series, told apart by STREAM_START", async () => {
    const rows = await prom.query(`last_over_time(${promSeries("claude_code.token.usage")}[${WINDOW_MIN}m])`);
    const starts = new Map<string, Set<string>>();
    for (const r of rows) {
      const { [STREAM_START.label]: start, ...stream } = r.metric;
      const key = JSON.stringify(Object.entries(stream).sort());
      starts.set(key, (starts.get(key) ?? new Set()).add(start ?? ""));
    }
    const split = [...starts.values()].filter((s) => s.size > 1).length;
    console.info(`token usage: ${starts.size} streams, ${split} written by both replicas`);
    expect(split).toBeGreaterThan(0);
  });

  it.each(METRIC_NAMES)("%s: the sum over both replicas' series equals the ledger", async (metric) => {
    const got = (await total(promSeries(metric))) ?? 0;
    const want = ledger.metrics[metric].total;
    expect(close(got, want, metricTolerance(metric)), `${got} vs ledger ${want}`).toBe(true);
  });

  it("gives the dashboard's total cost exactly (its total formula over the run)", async () => {
    const panel = await dashboardTotalCost(prom);
    expect(
      close(panel ?? 0, ledger.totals.costUsd, 1e-9),
      `${panel} vs ledger ${ledger.totals.costUsd}`,
    ).toBe(true);
  });

  it("counts every event once, in Loki and in Prometheus", async () => {
    expect(countEvents(stack.loki.sink)).toEqual(ledgerEventCounts(ledger));
    const rows = await prom.query(
      `sum by (${EVENT_COUNT.label}) (last_over_time(${EVENT_COUNT.series}[${WINDOW_MIN}m]))`,
    );
    const got = Object.fromEntries(rows.map((r) => [r.metric[EVENT_COUNT.label], r.value]));
    expect(got).toEqual(ledgerEventCounts(ledger));
  });

  it("drops no delta and logs no error on either replica", async () => {
    for (const replica of [stack, second]) {
      const lines = await selfMetricLines(replica, [SELF_METRICS.deltaToCumulativePoints]);
      expect(sumOfLines(lines.filter((l) => l.includes("error="))), lines.join("\n")).toBe(0);
    }
    expect(collectorErrors(stack)).toEqual([]);
    expect(collectorErrors(second)).toEqual([]);
  });
});
