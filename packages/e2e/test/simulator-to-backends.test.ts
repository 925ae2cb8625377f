import {
  CONTENT_EVENT_KEYS,
  EVENT_COUNT,
  EVENT_NAMES,
  METRIC_NAMES,
  promSeries,
  STREAM_START,
  TOKEN_TYPES,
} from "@cc-otel/contract";
import { collectorErrors, type NativeStack, PrometheusClient, startNativeStack } from "@cc-otel/harness";
import {
  type Ledger,
  type Protocol,
  type RunMode,
  runSimulation,
  type Temporality,
} from "@cc-otel/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  close,
  countEvents,
  eventually,
  expectedFromEvents,
  fromPrometheus,
  initialPointsDropped,
  ledgerEventCounts,
  metricTolerance,
  sameCounts,
} from "../src/index.js";
import { expectLedgerTotal } from "./support/totals.js";

/**
 * The whole path on real servers: simulator (both protocols, both temporalities) → the real
 * collector with the stack's config → real Prometheus, and Loki's OTLP ingestion boundary (a
 * stand-in: real Loki cannot be had here). Totals must EQUAL the simulator's ledger — what the
 * collector acknowledged — not merely be non-empty.
 */

// A whole day, so that the simulated working hours are in it whatever time the test runs.
const WINDOW_MS = 24 * 3600_000;
// Both emitters, both protocols, both temporalities: backfill (direct emitter) fills the past
// day with past timestamps; live runs (sped up) go through the OpenTelemetry SDK's own readers,
// as the CLI does. Cumulative telemetry cannot be backfilled: see the note on initial points below.
const COMBOS: [Protocol, Temporality, RunMode, "sdk" | "direct"][] = [
  ["grpc", "delta", { kind: "backfill", windowMs: WINDOW_MS }, "direct"],
  ["http/protobuf", "delta", { kind: "live", speed: 1200, durationMs: 20_000 }, "sdk"],
  ["grpc", "cumulative", { kind: "live", speed: 1200, durationMs: 20_000 }, "sdk"],
  ["http/protobuf", "cumulative", { kind: "live", speed: 1200, durationMs: 20_000 }, "sdk"],
];

for (const [protocol, temporality, mode, emitter] of COMBOS) {
  describe(`simulator → collector → backends over ${protocol}, ${temporality}, ${mode.kind} (${emitter} emitter)`, () => {
    let stack: NativeStack;
    let prom: PrometheusClient;
    let ledger: Ledger;
    // Totals as Prometheus holds them: the last value of each cumulative series, summed.
    const total = (metric: (typeof METRIC_NAMES)[number], selector = "") =>
      prom.scalar(`sum(last_over_time(${promSeries(metric)}${selector}[${WINDOW_MS / 60_000 + 60}m]))`);

    beforeAll(async () => {
      stack = await startNativeStack({ quiet: true });
      prom = new PrometheusClient(stack.prometheus.url);
      ledger = await runSimulation({
        scenario: "steady",
        users: 6,
        seed: `e2e-${protocol}-${temporality}`,
        export: {
          protocol,
          endpoint: protocol === "grpc" ? stack.collector.grpcEndpoint : stack.collector.httpEndpoint,
          headers: {},
          temporality,
        },
        mode,
        // A working day in the window whatever day the tests run (weekends are mostly idle).
        workWeekends: true,
        emitter,
        // Live runs export every second of wall time, so a 20 s run makes many export intervals.
        ...(mode.kind === "live" ? { metricExportIntervalMs: 1000, logExportIntervalMs: 1000 } : {}),
      });
      // The collector batches for up to 2 s, then remote-writes; events go through a disk queue.
      await eventually(
        async () => {
          const cost = await total("claude_code.cost.usage");
          const events = stack.loki.sink.logs.length;
          return cost !== undefined &&
            close(cost, ledger.totals.costUsd, 1e-9) &&
            events >= ledger.totals.logRecords
            ? true
            : undefined;
        },
        "the ledger's cost and event count downstream",
        {
          timeoutMs: 90_000,
          last: () => `${stack.loki.sink.logs.length}/${ledger.totals.logRecords} events`,
        },
      ).catch(() => undefined); // the assertions below say precisely what is missing
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it("sent something worth checking, and the collector acknowledged all of it", () => {
      expect(ledger.sessions).toBeGreaterThan(3);
      expect(ledger.totals.apiRequests).toBeGreaterThan(20);
      expect(ledger.failed).toEqual({ metricExports: 0, logExports: 0, dataPoints: 0, logRecords: 0 });
      // Commits and pull requests are rare by design; everything else must have been exercised.
      for (const name of METRIC_NAMES.filter((n) => !/commit|pull_request/.test(n)))
        expect(ledger.metrics[name].dataPoints, name).toBeGreaterThan(0);
    });

    it.each(METRIC_NAMES)("%s: Prometheus total equals the ledger", async (metric) => {
      const got = (await total(metric)) ?? 0;
      const want = ledger.metrics[metric].total;
      expectLedgerTotal({
        what: metric,
        got,
        want,
        tolerance: metricTolerance(metric),
        dropped: temporality === "delta" ? 0 : await initialPointsDropped(stack),
        dataPoints: ledger.totals.dataPoints,
        where: `${protocol}/${temporality}: collector`,
      });
    });

    it("splits tokens by type exactly as sent", async () => {
      const exact = temporality === "delta" || (await initialPointsDropped(stack)) === 0;
      for (const type of TOKEN_TYPES) {
        const got = (await total("claude_code.token.usage", `{type="${type}"}`)) ?? 0;
        if (exact) expect(got, type).toBe(ledger.totals.tokens[type]);
        else expect(got, type).toBeLessThanOrEqual(ledger.totals.tokens[type]);
      }
    });

    it("keeps session_id out of Prometheus labels", async () => {
      for (const metric of METRIC_NAMES) {
        const labels = await prom.labelValues("session_id", promSeries(metric));
        expect(labels, metric).toEqual([]);
      }
    });

    it("labels every series with the start of its running total (a restart makes new series)", async () => {
      let labelled = 0;
      // Over the whole simulated window: a backfill's last samples can be hours old (the team's
      // working day may be over when the test runs), and the event counts may still be in flight.
      for (const series of [...METRIC_NAMES.map((m) => promSeries(m)), EVENT_COUNT.series]) {
        const rows = await prom.query(`last_over_time(${series}[${WINDOW_MS / 60_000 + 60}m])`);
        for (const r of rows)
          expect(r.metric[STREAM_START.label], JSON.stringify(r.metric)).toMatch(/^[1-9]\d{17,18}$/);
        labelled += rows.length;
      }
      expect(labelled).toBeGreaterThan(0);
    });

    it("delivers every event, per event type, to Loki's ingestion endpoint", () => {
      const counts = countEvents(stack.loki.sink);
      for (const name of EVENT_NAMES) expect(counts[name] ?? 0, name).toBe(ledger.events[name]);
      expect(stack.loki.sink.logs.length).toBe(ledger.totals.logRecords);
    });

    it("counts every event into Prometheus exactly (the API error alert reads these counts)", async () => {
      // Counts are stamped when the collector counts them, so they are in the last minutes.
      const rows = await eventually(
        async () => {
          const r = await prom.query(
            `sum by (${EVENT_COUNT.label}) (last_over_time(${EVENT_COUNT.series}[1h]))`,
          );
          const sum = r.reduce((a, x) => a + x.value, 0);
          return sum >= ledger.totals.logRecords ? r : undefined;
        },
        "event counts in Prometheus",
        { timeoutMs: 30_000 },
      ).catch(
        async () =>
          await prom.query(`sum by (${EVENT_COUNT.label}) (last_over_time(${EVENT_COUNT.series}[1h]))`),
      );
      const got = Object.fromEntries(rows.map((r) => [r.metric[EVENT_COUNT.label], r.value]));
      const want = ledgerEventCounts(ledger);
      expect(got).toEqual(want);
    });

    it("derives every event metric exactly from the events: counts by label, sums, buckets", async () => {
      const want = expectedFromEvents(stack.loki.sink);
      expect(
        Object.values(want["claude_code.tool.duration"].count).reduce((a, b) => a + b, 0),
      ).toBeGreaterThan(20);
      const window = `${WINDOW_MS / 60_000 + 60}m`;
      // Counted when the collector gets them: give the last batch its remote write.
      const got = await eventually(
        async () => {
          const g = await fromPrometheus(prom, window);
          return sameCounts(g, want) ? g : undefined;
        },
        "event metrics in Prometheus",
        { timeoutMs: 30_000 },
      ).catch(() => fromPrometheus(prom, window));
      for (const name of Object.keys(want) as (keyof typeof want)[]) {
        expect(got[name].count, `${name} counts`).toEqual(want[name].count);
        for (const [k, v] of Object.entries(want[name].sum))
          expect(close(got[name].sum[k] ?? 0, v, 1e-9), `${name} sum ${k}: ${got[name].sum[k]} vs ${v}`).toBe(
            true,
          );
        if (want[name].buckets) expect(got[name].buckets, `${name} buckets`).toEqual(want[name].buckets);
      }
    });

    it("strips user content from every event", () => {
      // The simulator sends no content here (no OTEL_LOG_* toggle): only tool_parameters, reduced.
      for (const record of stack.loki.sink.logs)
        for (const key of CONTENT_EVENT_KEYS.filter((k) => k !== "tool_parameters" && k !== "error"))
          expect(record.attributes).not.toHaveProperty(key);
    });

    it("logs no errors in the collector", () => {
      expect(collectorErrors(stack)).toEqual([]);
    });
  });
}
