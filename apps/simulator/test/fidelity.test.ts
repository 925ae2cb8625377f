import { CHARTED_EVENT_NAMES, EVENT_NAMES, METRIC_NAMES } from "@cc-otel/contract";
import { type OtlpSink, plain, startOtlpSink } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ledger, type Protocol, runSimulation, type Temporality } from "../src/index.js";
import { contractViolations, sinkTotals } from "./support/contract-check.js";

/**
 * The simulator into a real OTLP receiver over the network, on both protocols, both temporalities
 * and both emitter paths: everything decoded must match the contract, and the ledger must equal
 * what arrived.
 */

const WEDNESDAY_10H = Date.UTC(2026, 10, 25, 10);
/** Backfills end at a fixed past noon so that the same seed always gives the same day's data. */
const FIXED_NOW = Date.UTC(2026, 10, 18, 12);

let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink();
});
afterAll(async () => {
  await sink.close();
});

interface Case {
  readonly protocol: Protocol;
  readonly temporality: Temporality;
  readonly path: "backfill (direct)" | "live (sdk)";
}

const CASES: Case[] = [
  { protocol: "grpc", temporality: "delta", path: "backfill (direct)" },
  { protocol: "http/protobuf", temporality: "cumulative", path: "backfill (direct)" },
  { protocol: "grpc", temporality: "cumulative", path: "live (sdk)" },
  { protocol: "http/protobuf", temporality: "delta", path: "live (sdk)" },
];

async function simulate(c: Case): Promise<Ledger> {
  sink.reset();
  const endpoint = c.protocol === "grpc" ? sink.grpcEndpoint : sink.httpEndpoint;
  const common = {
    seed: "fidelity",
    scenario: "team" as const,
    users: 10,
    export: { protocol: c.protocol, endpoint, headers: { "x-tenant": "acme" }, temporality: c.temporality },
  };
  if (c.path === "backfill (direct)") {
    return runSimulation({
      ...common,
      mode: { kind: "backfill", windowMs: 86_400_000 },
      clock: { now: () => FIXED_NOW, sleep: async () => {} },
    });
  }
  // An hour of a working morning in about two seconds, with short export intervals so the SDK's
  // own periodic readers export several times before the sessions end.
  return runSimulation({
    ...common,
    mode: { kind: "live", speed: 1800, durationMs: 2000 },
    simStart: WEDNESDAY_10H,
    metricExportIntervalMs: 400,
    logExportIntervalMs: 200,
  });
}

describe.each(CASES)("$path over $protocol, $temporality", (c) => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await simulate(c);
  }, 30_000);

  it("sends only what the contract allows, with the CLI's names, units, kinds and value types", () => {
    expect(sink.logs.length).toBeGreaterThan(100);
    expect(sink.dataPoints().length).toBeGreaterThan(50);
    expect(contractViolations(sink, c.temporality)).toEqual([]);
  });

  it("covers the metrics and events a dashboard charts", () => {
    const metrics = new Set(sink.dataPoints().map((d) => d.metric.name));
    const events = new Set(sink.logs.map((r) => plain(r.attributes["event.name"])));
    const wanted = c.path === "backfill (direct)" ? METRIC_NAMES : METRIC_NAMES.slice(0, 6);
    for (const m of wanted) expect(metrics).toContain(m);
    // Errors and the rarer events (retries exhausted, compaction, hooks...) depend on the draw.
    for (const e of [
      ...CHARTED_EVENT_NAMES.filter((n) => n !== "api_error"),
      "plugin_loaded",
      "managed_settings_resolved",
    ])
      expect(events).toContain(e);
  });

  it("delivers exactly what the ledger says it delivered", () => {
    const got = sinkTotals(sink);
    for (const name of METRIC_NAMES) {
      expect(got.metrics[name]?.dataPoints ?? 0, name).toBe(ledger.metrics[name].dataPoints);
      expect(got.metrics[name]?.total ?? 0, name).toBeCloseTo(ledger.metrics[name].total, 6);
    }
    for (const name of EVENT_NAMES) expect(got.events[name] ?? 0, name).toBe(ledger.events[name]);
    expect(got.logRecords).toBe(ledger.totals.logRecords);
    expect(got.eventCostUsd).toBeCloseTo(ledger.totals.costUsd, 6);
    expect(ledger.failed).toEqual({ metricExports: 0, logExports: 0, dataPoints: 0, logRecords: 0 });
    expect(ledger.sessions).toBe(new Set(sink.logs.map((r) => plain(r.attributes["session.id"]))).size);
  });

  it("passes the configured headers and uses team resource attributes", () => {
    expect(sink.requests.every((r) => r.headers["x-tenant"] === "acme")).toBe(true);
    const transports = new Set(sink.requests.map((r) => r.transport));
    expect(transports).toEqual(new Set([c.protocol]));
    expect(sink.metrics.every((rm) => rm.resource["team.id"]?.type === "string")).toBe(true);
  });

  it("keeps timestamps in the window: past for a backfill, wall clock for live", () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const times = sink.logs.map((r) => r.timeUnixNano);
    const oldest = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0] ?? 0n;
    if (c.path === "backfill (direct)") expect(oldest).toBeLessThan(now - 3_600_000_000_000n);
    else expect(oldest).toBeGreaterThan(now - 60_000_000_000n);
    expect(times.every((t) => t <= now)).toBe(true);
  });
});
