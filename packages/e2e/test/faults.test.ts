import { EVENT_NAMES, promSeries } from "@cc-otel/contract";
import { collectorErrors, type NativeStack, PrometheusClient, startNativeStack } from "@cc-otel/harness";
import { type Ledger, runSimulation } from "@cc-otel/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { close, countEvents, eventKeys, eventually } from "../src/index.js";

/**
 * Nothing lost under faults, on the real collector: the events' disk-backed sending queue
 * (file_storage) holds them while Loki refuses them and across a collector restart, and delivers
 * each exactly once afterwards. Loki is the harness's stand-in (real Loki cannot be had here); its
 * outage is a 503 on every request, which is what the exporter sees of a Loki that is down or
 * overloaded.
 */

const WINDOW_MS = 24 * 3600_000;

describe("faults: Loki refuses events, then the collector restarts", () => {
  let stack: NativeStack;
  let prom: PrometheusClient;
  let ledger: Ledger;

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("queues every event on disk while Loki is down and across a collector restart, then delivers each once", async () => {
    stack.loki.sink.failWith = () => 503;
    ledger = await runSimulation({
      scenario: "steady",
      users: 4,
      seed: "faults",
      export: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "backfill", windowMs: WINDOW_MS },
      // A working day in the window whatever day the tests run (weekends are mostly idle).
      workWeekends: true,
    });
    expect(ledger.totals.logRecords).toBeGreaterThan(500);
    // Give the exporter time to try and fail: nothing may have landed while Loki refuses.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(stack.loki.sink.logs.length).toBe(0);
    const refusedBeforeRestart = stack.loki.sink.stats.rejectedRequests;
    expect(refusedBeforeRestart, "the exporter tried Loki and was refused").toBeGreaterThan(0);

    // Restart the collector with the events still queued (SIGTERM, as docker stop sends).
    await stack.collector.restart();
    stack.loki.sink.failWith = undefined;

    await eventually(
      async () => (stack.loki.sink.logs.length >= ledger.totals.logRecords ? true : undefined),
      "every queued event delivered after Loki came back",
      { timeoutMs: 120_000, last: () => `${stack.loki.sink.logs.length}/${ledger.totals.logRecords}` },
    );
    // Settle: a duplicate would arrive right behind the last original.
    await new Promise((r) => setTimeout(r, 3_000));
    const counts = countEvents(stack.loki.sink);
    for (const name of EVENT_NAMES) expect(counts[name] ?? 0, name).toBe(ledger.events[name]);
    const keys = eventKeys(stack.loki.sink);
    expect(new Set(keys).size, "no event delivered twice").toBe(keys.length);
  });

  it("keeps the metrics exact through the same faults", async () => {
    const series = promSeries("claude_code.cost.usage");
    const got = await eventually(
      async () => prom.scalar(`sum(last_over_time(${series}[25h]))`),
      "cost in Prometheus",
    );
    expect(close(got, ledger.totals.costUsd, 1e-9), `${got} vs ledger ${ledger.totals.costUsd}`).toBe(true);
  });

  it("logs only the refused exports as errors, nothing else", () => {
    const unexpected = collectorErrors(stack).filter(
      (l) => !/503|Service Unavailable|otlp_http\/loki/.test(l),
    );
    expect(unexpected).toEqual([]);
  });
});

describe("faults: Prometheus is down while telemetry arrives", () => {
  let stack: NativeStack;
  let prom: PrometheusClient;
  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("retries remote write until Prometheus is back, and every metric total is exact", async () => {
    await stack.prometheus.stop();
    const ledger = await runSimulation({
      scenario: "steady",
      users: 4,
      seed: "faults-prometheus",
      export: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "backfill", windowMs: WINDOW_MS },
      // A working day in the window whatever day the tests run (weekends are mostly idle).
      workWeekends: true,
    });
    // The collector accepted everything (the ledger counts acknowledged exports) while its
    // remote writes failed; give it a few retry rounds before Prometheus returns.
    expect(ledger.failed.dataPoints).toBe(0);
    await new Promise((r) => setTimeout(r, 10_000));
    await stack.prometheus.start();
    for (const metric of [
      "claude_code.cost.usage",
      "claude_code.token.usage",
      "claude_code.session.count",
    ] as const) {
      const want = ledger.metrics[metric].total;
      const got = await eventually(
        async () => {
          const v = await prom.scalar(`sum(last_over_time(${promSeries(metric)}[25h]))`);
          return v !== undefined && close(v, want, 1e-9) ? v : undefined;
        },
        `${metric} back to the ledger's ${want}`,
        { timeoutMs: 120_000 },
      );
      expect(close(got, want, 1e-9)).toBe(true);
    }
  });
});
